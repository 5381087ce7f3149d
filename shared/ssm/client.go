package ssm

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/awsjson"
)

// EndpointEnv names the variable that overrides SSM's endpoint (the SDK's service-specific
// AWS_ENDPOINT_URL_<SERVICE> convention); it wins over the config's BaseEndpoint
// (AWS_ENDPOINT_URL).
const EndpointEnv = "AWS_ENDPOINT_URL_SSM"

// service is SSM over the AWS JSON 1.1 protocol.
var service = awsjson.Service{Name: "ssm", Target: "AmazonSSM", Version: "1.1", EndpointEnv: EndpointEnv}

// Client calls the three SSM operations the store needs over SSM's JSON protocol (through
// awsjson: the SDK's SigV4 signer, standard retryer and credentials). The SDK's SSM client
// builds every one of the service's 4,476 schemas when a program starts; this one builds none.
type Client struct {
	json *awsjson.Client
}

var _ api = (*Client)(nil)

// NewClient returns a client with cfg's region, credentials, HTTP client and retryer, at
// getenv(EndpointEnv), else cfg.BaseEndpoint, else SSM's regional endpoint (awsjson.New).
func NewClient(cfg aws.Config, getenv func(string) string) *Client {
	return &Client{json: awsjson.New(cfg, service, getenv)}
}

// GetParameter returns the decrypted value of the parameter at name; a missing one is an
// *APIError whose Code is "ParameterNotFound".
func (c *Client) GetParameter(ctx context.Context, name string) (string, error) {
	in := struct {
		Name           string
		WithDecryption bool
	}{name, true}
	var value string
	err := c.json.Call(ctx, "GetParameter", in, func(data []byte) error {
		v, err := parseGetParameter(data)
		value = v
		return err
	})
	return value, err
}

// PutParameter stores value at name as a SecureString (the account's default key), replacing
// any previous value.
func (c *Client) PutParameter(ctx context.Context, name, value string) error {
	in := struct {
		Name      string
		Overwrite bool
		Type      string
		Value     string
	}{name, true, "SecureString", value}
	return c.json.Call(ctx, "PutParameter", in, parseAck)
}

// DeleteParameters removes up to 10 parameters; names already gone are no error (SSM lists
// them as invalid and succeeds).
func (c *Client) DeleteParameters(ctx context.Context, names []string) error {
	in := struct{ Names []string }{names}
	return c.json.Call(ctx, "DeleteParameters", in, parseAck)
}

// errUnreadable is a 2xx answer that is not the operation's JSON; the decoder's own message is
// left out because it can quote the answer, which holds a secret.
var errUnreadable = errors.New("unreadable answer")

// parseGetParameter returns the value in a GetParameter answer.
func parseGetParameter(data []byte) (string, error) {
	var out struct {
		Parameter *struct {
			Value *string
		}
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return "", errUnreadable
	}
	if out.Parameter == nil || out.Parameter.Value == nil {
		return "", errors.New("no value in the answer")
	}
	return *out.Parameter.Value, nil
}

// parseAck accepts any JSON object as the answer of an operation whose output the store does
// not use.
func parseAck(data []byte) error {
	var out map[string]json.RawMessage
	if err := json.Unmarshal(data, &out); err != nil {
		return errUnreadable
	}
	return nil
}
