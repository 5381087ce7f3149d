// Package awsjson calls AWS services over their JSON protocols: AWS JSON 1.0 and 1.1 (one POST
// per operation, named by X-Amz-Target) and restJson1's POST of a JSON body to an operation's
// path; signed with the SDK's SigV4 signer, retried by the SDK's standard retryer, with the
// config's credentials, region and HTTP client. It is what shared/ssm, shared/sqsq,
// shared/eventbus and shared/bedrock build their small clients on, in place of the SDK's
// service clients, whose schemas cost every cold start.
package awsjson

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// maxAnswer bounds what is read of one answer, unless the service sets its own bound.
const maxAnswer = 1 << 20

// Service describes one AWS service spoken to over the JSON protocol.
type Service struct {
	// Name is the service's SigV4 signing name and endpoint prefix (e.g. "sqs"), and prefixes
	// its errors.
	Name string
	// Host is the endpoint prefix when it is not Name (e.g. "bedrock-runtime" for "bedrock").
	Host string
	// Target prefixes the operation in X-Amz-Target (e.g. "AmazonSQS").
	Target string
	// Version is the protocol's version, "1.0" or "1.1".
	Version string
	// EndpointEnv names the variable that overrides the endpoint (the SDK's service-specific
	// AWS_ENDPOINT_URL_<SERVICE> convention); it wins over the config's BaseEndpoint.
	EndpointEnv string
	// QueryCompatible asks for the service's older query-protocol error codes (X-Amzn-Query-Mode),
	// as the SDK's client of such a service (SQS) does.
	QueryCompatible bool
	// MaxAnswer bounds what is read of one answer (1 MiB when 0); an answer past it is an error.
	MaxAnswer int64
	// CRC32 checks each answer's body against its X-Amz-Crc32 header, when present, as the SDK's
	// DynamoDB client does; a mismatch is a *ChecksumError, which is retried.
	CRC32 bool
	// Error, when set, turns a non-2xx answer (parsed as e, with its raw body) into the error the
	// call returns, e.g. a service's exception type with the members its body carries; a nil
	// return keeps e.
	Error func(e *APIError, body []byte) error
}

// Encoded is a request body already encoded as JSON, sent as it is (Call encodes any other
// input with encoding/json).
type Encoded []byte

// Client calls one service's operations. It is safe for concurrent use.
type Client struct {
	service  Service
	http     aws.HTTPClient
	creds    aws.CredentialsProvider
	region   string
	endpoint string
	retryer  aws.Retryer

	// Now is the signing clock (time.Now); tests fix it.
	Now func() time.Time
	// Sleep waits between attempts until ctx ends; tests skip the wait.
	Sleep func(ctx context.Context, d time.Duration) error
}

// New returns a client for the service with cfg's region, credentials, HTTP client and retryer
// (the standard one with cfg.RetryMaxAttempts when cfg has none), at getenv(s.EndpointEnv),
// else cfg.BaseEndpoint, else the service's regional endpoint.
func New(cfg aws.Config, s Service, getenv func(string) string) *Client {
	c := &Client{service: s, http: cfg.HTTPClient, creds: cfg.Credentials, region: cfg.Region, Now: time.Now, Sleep: sleep}
	if c.http == nil {
		c.http = defaultHTTP()
	}
	switch {
	case s.EndpointEnv != "" && getenv(s.EndpointEnv) != "":
		c.endpoint = getenv(s.EndpointEnv)
	case aws.ToString(cfg.BaseEndpoint) != "":
		c.endpoint = aws.ToString(cfg.BaseEndpoint)
	default:
		c.endpoint = regionalEndpoint(cmp.Or(s.Host, s.Name), cfg.Region)
	}
	c.endpoint = strings.TrimRight(c.endpoint, "/") + "/"
	if cfg.Retryer != nil {
		c.retryer = cfg.Retryer()
	} else {
		c.retryer = retry.NewStandard(func(o *retry.StandardOptions) {
			if cfg.RetryMaxAttempts > 0 {
				o.MaxAttempts = cfg.RetryMaxAttempts
			}
		})
	}
	return c
}

// defaultHTTP is the HTTP client of configs without one, shared by every client: the SDK's
// default transport settings, which keep up to 10 idle connections per host (the standard
// library's transport keeps 2, so concurrent calls would open new connections). It is a literal
// rather than a clone of http.DefaultTransport, whose Clone sets HTTP/2 up at once, in the cold
// start.
var defaultHTTP = sync.OnceValue(func() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   10,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}}
})

// regionalEndpoint is the service's endpoint in region's partition (China's regions have their
// own domain).
func regionalEndpoint(name, region string) string {
	if strings.HasPrefix(region, "cn-") {
		return "https://" + name + "." + region + ".amazonaws.com.cn"
	}
	return "https://" + name + "." + region + ".amazonaws.com"
}

// Endpoint returns the URL requests go to.
func (c *Client) Endpoint() string { return c.endpoint }

// Call sends operation op with input in (encoded as JSON), retrying what the retryer calls
// retryable, and hands a 2xx answer to parse; any other answer is an *APIError. Errors are
// prefixed with op.
func (c *Client) Call(ctx context.Context, op string, in any, parse func([]byte) error) error {
	return c.send(ctx, op, c.endpoint, c.service.Target+"."+op, in, parse)
}

// Post sends in, encoded as JSON, to path under the endpoint: a restJson1 operation op (e.g.
// Bedrock's Converse at model/{modelId}/converse). Each segment of path must be escaped
// already (httpbinding.EscapePath). Retries, answers and errors are as Call's.
func (c *Client) Post(ctx context.Context, op, path string, in any, parse func([]byte) error) error {
	return c.send(ctx, op, c.endpoint+strings.TrimLeft(path, "/"), "", in, parse)
}

// send posts in to url, with X-Amz-Target target unless it is empty (restJson1), retrying.
func (c *Client) send(ctx context.Context, op, url, target string, in any, parse func([]byte) error) error {
	body, err := encode(in)
	if err != nil {
		return fmt.Errorf("%s: encode: %w", op, err)
	}
	release := func(error) error { return nil }
	for attempt := 1; ; attempt++ {
		err = c.attempt(ctx, url, target, body, parse)
		_ = release(err) // a retry that succeeded gives its quota back
		if err == nil || attempt >= c.retryer.MaxAttempts() || !c.retryer.IsErrorRetryable(err) {
			break
		}
		delay, derr := c.retryer.RetryDelay(attempt, err)
		if derr != nil {
			break
		}
		// The retry quota (the standard retryer's token bucket) stops retry storms.
		if release, derr = c.retryer.GetRetryToken(ctx, err); derr != nil {
			break
		}
		if serr := c.Sleep(ctx, delay); serr != nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// encode is in as JSON with '<', '>' and '&' as they are, as the SDK's clients write them
// (encoding/json would escape them for HTML).
func encode(in any) ([]byte, error) {
	if e, ok := in.(Encoded); ok {
		return e, nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(in); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// attempt signs and sends one request.
func (c *Client) attempt(ctx context.Context, url, target string, body []byte, parse func([]byte) error) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if target == "" {
		req.Header.Set("Content-Type", "application/json")
	} else {
		req.Header.Set("Content-Type", "application/x-amz-json-"+c.service.Version)
		req.Header.Set("X-Amz-Target", target)
	}
	if c.service.QueryCompatible {
		req.Header.Set("X-Amzn-Query-Mode", "true")
	}
	if c.service.CRC32 {
		// The CRC32 covers the bytes as sent: Go's transport must not ask for gzip and hand
		// back the answer decompressed (the SDK's DynamoDB client sends identity too).
		req.Header.Set("Accept-Encoding", "identity")
	}
	creds, err := c.creds.Retrieve(ctx)
	if err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), c.service.Name, c.region, c.Now()); err != nil {
		return fmt.Errorf("sign: %w", err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return err // the caller gave up: not retried
		}
		return &SendError{Err: err}
	}
	defer resp.Body.Close()
	limit := cmp.Or(c.service.MaxAnswer, maxAnswer)
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return fmt.Errorf("read answer: %w", err)
	}
	if int64(len(data)) > limit {
		if c.service.MaxAnswer == 0 {
			data = data[:limit] // as before: cut, and the parser finds it incomplete
		} else {
			return fmt.Errorf("answer over %d bytes", limit)
		}
	}
	if c.service.CRC32 {
		if err := checkCRC32(resp.Header, data); err != nil {
			return err
		}
	}
	if resp.StatusCode/100 != 2 {
		e := ParseError(c.service.Name, resp.StatusCode, resp.Header, data)
		if c.service.Error != nil {
			if err := c.service.Error(e, data); err != nil {
				return err
			}
		}
		return e
	}
	return parse(data)
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
