package socialmessaging

import (
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// EndpointEnv names the variable that overrides the service's endpoint (the SDK's
// service-specific AWS_ENDPOINT_URL_<SERVICE> convention); the local stage points it at the
// simulator.
const EndpointEnv = "AWS_ENDPOINT_URL_SOCIALMESSAGING"

// FromConfig returns a Client calling the service with cfg's credentials (the function's IAM
// role) over hc, in the region of each account's ARN, at EndpointEnv when getenv sets it.
func FromConfig(cfg aws.Config, hc *http.Client, getenv func(string) string) *Client {
	svc := &Service{HTTP: hc, Credentials: cfg.Credentials}
	if e := strings.TrimRight(getenv(EndpointEnv), "/"); e != "" {
		svc.Endpoint = func(string) string { return e }
	}
	return New(svc, "")
}
