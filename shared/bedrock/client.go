package bedrock

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/encoding/httpbinding"

	"github.com/proplink/chat/shared/awsjson"
)

// EndpointEnv names the variable that points the client at another endpoint (the SDK's own
// name for the service; the simulator's URL locally).
const EndpointEnv = "AWS_ENDPOINT_URL_BEDROCK_RUNTIME"

// service is Bedrock Runtime over restJson1: signed as bedrock, at bedrock-runtime.<region>.
var service = awsjson.Service{Name: "bedrock", Host: "bedrock-runtime", EndpointEnv: EndpointEnv}

// maxAttempts bounds the attempts of one call: throttling is retried once at most, a turn
// waits for no more.
const maxAttempts = 2

// converser is the one Bedrock Runtime call the layer makes.
type converser interface {
	Converse(ctx context.Context, in *ConverseInput) (*ConverseOutput, error)
}

// Client calls Bedrock Runtime's Converse over restJson1, through awsjson (the SDK's SigV4
// signer, standard retryer and credentials). The SDK's Bedrock Runtime client builds the
// service's schemas and endpoint rules when a program starts; this one builds none. It is safe
// for concurrent use.
type Client struct {
	json *awsjson.Client
}

var _ converser = (*Client)(nil)

// NewClient returns a client calling Bedrock in region (cfg's region when empty) with cfg's
// credentials and HTTP client, at endpoint when it is not empty (the simulator locally), else
// cfg.BaseEndpoint, else Bedrock Runtime's regional endpoint.
func NewClient(cfg aws.Config, region, endpoint string) *Client {
	if region != "" {
		cfg.Region = region
	}
	cfg.RetryMaxAttempts = maxAttempts
	if r := cfg.Retryer; r != nil {
		cfg.Retryer = func() aws.Retryer { return retry.AddWithMaxAttempts(r(), maxAttempts) }
	}
	return &Client{json: awsjson.New(cfg, service, func(k string) string {
		if k == EndpointEnv {
			return endpoint
		}
		return ""
	})}
}

// Converse sends in to its model (POST /model/{modelId}/converse, the id escaped whole: an ARN
// or an inference profile's id holds ':' and '/') and returns the answer; a non-2xx answer is
// an *awsjson.APIError whose code names Bedrock's exception (ThrottlingException,
// ValidationException, AccessDeniedException, ModelTimeoutException, ...).
func (c *Client) Converse(ctx context.Context, in *ConverseInput) (*ConverseOutput, error) {
	var out *ConverseOutput
	err := c.json.Post(ctx, "Converse", "model/"+httpbinding.EscapePath(in.ModelID, true)+"/converse", in, func(data []byte) error {
		o, err := parseOutput(data)
		out = o
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
