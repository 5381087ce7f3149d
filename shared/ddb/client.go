package ddb

import (
	"context"
	"crypto/rand"
	"net/http"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	smithyrand "github.com/aws/smithy-go/rand"

	"github.com/proplink/chat/shared/awsjson"
)

// EndpointEnv names the variable that overrides DynamoDB's endpoint (the SDK's
// service-specific AWS_ENDPOINT_URL_<SERVICE> convention); it wins over the config's
// BaseEndpoint (AWS_ENDPOINT_URL).
const EndpointEnv = "AWS_ENDPOINT_URL_DYNAMODB"

// maxAnswer bounds an answer: BatchGetItem returns up to 16 MB of items, which JSON's
// attribute value wrappers and base64 make larger.
const maxAnswer = 40 << 20

// HTTPClient sends one HTTP request, as the SDK's HTTPClient does.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// IdempotencyTokenProvider makes the ClientRequestToken of a TransactWriteItems call that
// has none, as the SDK's does.
type IdempotencyTokenProvider interface {
	GetIdempotencyToken() (string, error)
}

// Options configures a Client, or one call of it (the functions passed to an operation).
type Options struct {
	// BaseEndpoint is the endpoint's URL (the environment's AWS_ENDPOINT_URL_DYNAMODB, else
	// the config's BaseEndpoint); nil is DynamoDB's regional endpoint.
	BaseEndpoint *string
	// Region is the region signed for and, without BaseEndpoint, called.
	Region string
	// EndpointOptions chooses the FIPS or dual-stack endpoint when BaseEndpoint is nil (from
	// the config's sources: AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT).
	EndpointOptions EndpointOptions
	// Credentials signs requests.
	Credentials aws.CredentialsProvider
	// HTTPClient sends requests; nil is a shared client with the SDK's transport settings.
	HTTPClient HTTPClient
	// Retryer decides retries; nil is the standard retryer.
	Retryer aws.Retryer
	// RetryMaxAttempts, when not 0, caps the attempts of each call.
	RetryMaxAttempts int
	// IdempotencyTokenProvider makes TransactWriteItems' missing ClientRequestToken (random
	// UUIDs when nil).
	IdempotencyTokenProvider IdempotencyTokenProvider
	// DisableValidateResponseChecksum stops checking answers against their X-Amz-Crc32.
	DisableValidateResponseChecksum bool
}

// Copy returns a copy of o.
func (o Options) Copy() Options { return o }

// Client calls DynamoDB's item operations over its JSON protocol, through awsjson (the SDK's
// SigV4 signer, standard retryer and credentials), without the SDK's DynamoDB client and its
// schemas. It is safe for concurrent use.
type Client struct {
	options Options
	json    *awsjson.Client
}

// NewFromConfig returns a client with cfg's region, credentials, HTTP client and retryer, at
// the environment's AWS_ENDPOINT_URL_DYNAMODB, else cfg.BaseEndpoint, else DynamoDB's regional
// endpoint (FIPS or dual-stack as cfg's sources ask); optFns then change the options.
func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client {
	o := Options{
		BaseEndpoint:     cfg.BaseEndpoint,
		Region:           cfg.Region,
		Credentials:      cfg.Credentials,
		RetryMaxAttempts: cfg.RetryMaxAttempts,
		EndpointOptions:  endpointOptions(cfg),
	}
	if v := os.Getenv(EndpointEnv); v != "" {
		o.BaseEndpoint = aws.String(v)
	}
	if cfg.HTTPClient != nil {
		o.HTTPClient = cfg.HTTPClient
	}
	if cfg.Retryer != nil {
		o.Retryer = cfg.Retryer()
	}
	for _, fn := range optFns {
		fn(&o)
	}
	return &Client{options: o, json: newJSON(o)}
}

// newJSON returns the awsjson client for o.
func newJSON(o Options) *awsjson.Client {
	s := awsjson.Service{Name: "dynamodb", Target: "DynamoDB_20120810", Version: "1.0",
		MaxAnswer: maxAnswer, CRC32: !o.DisableValidateResponseChecksum, Error: exception}
	cfg := aws.Config{Region: o.Region, Credentials: o.Credentials, BaseEndpoint: o.BaseEndpoint, RetryMaxAttempts: o.RetryMaxAttempts}
	if cfg.BaseEndpoint == nil {
		cfg.BaseEndpoint = aws.String(regionalEndpoint(o.Region, o.EndpointOptions))
	}
	if o.HTTPClient != nil {
		cfg.HTTPClient = o.HTTPClient
	}
	if r := o.Retryer; r != nil {
		if o.RetryMaxAttempts > 0 {
			r = retry.AddWithMaxAttempts(r, o.RetryMaxAttempts)
		}
		cfg.Retryer = func() aws.Retryer { return r }
	}
	if cfg.Credentials == nil {
		cfg.Credentials = aws.AnonymousCredentials{}
	}
	return awsjson.New(cfg, s, func(string) string { return "" })
}

// Options returns a copy of the client's options.
func (c *Client) Options() Options { return c.options.Copy() }

// call sends operation op's encoded body w and hands a 2xx answer's members to member,
// with optFns changing the options for this call only.
func (c *Client) call(ctx context.Context, op string, w *writer, member func(r *reader, name string) error, optFns []func(*Options)) error {
	if w.err != nil {
		return w.err
	}
	j := c.json
	if len(optFns) > 0 {
		o := c.options.Copy()
		for _, fn := range optFns {
			fn(&o)
		}
		j = newJSON(o)
		j.Now, j.Sleep = c.json.Now, c.json.Sleep
	}
	return j.Call(ctx, op, awsjson.Encoded(w.b), func(data []byte) error {
		r := reader{b: data}
		if r.ws() == 0 {
			return nil // no body: no members, as the SDK's client reads it
		}
		if err := r.object(func(name string) error { return member(&r, name) }); err != nil {
			return err
		}
		return r.end()
	})
}

// token returns the options' idempotency token.
func (c *Client) token() (string, error) {
	if p := c.options.IdempotencyTokenProvider; p != nil {
		return p.GetIdempotencyToken()
	}
	return smithyrand.NewUUIDIdempotencyToken(rand.Reader).GetIdempotencyToken()
}
