package ssm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// EndpointEnv names the variable that overrides SSM's endpoint (the SDK's service-specific
// AWS_ENDPOINT_URL_<SERVICE> convention); it wins over the config's BaseEndpoint
// (AWS_ENDPOINT_URL).
const EndpointEnv = "AWS_ENDPOINT_URL_SSM"

const (
	// signingName is SSM's SigV4 name.
	signingName = "ssm"
	// contentType is the AWS JSON 1.1 protocol's.
	contentType = "application/x-amz-json-1.1"
	// maxAnswer bounds what is read of one answer (a parameter holds at most 8 KB).
	maxAnswer = 1 << 20
)

// Client calls the three SSM operations the store needs over SSM's JSON protocol, signed with
// the SDK's SigV4 signer and retried by the SDK's standard retryer (attempts, backoff, retry
// quota, which errors are retryable). The SDK's SSM client builds
// every one of the service's 4,476 schemas when a program starts; this one builds none.
type Client struct {
	http     aws.HTTPClient
	creds    aws.CredentialsProvider
	region   string
	endpoint string
	retryer  aws.Retryer
	now      func() time.Time
	sleep    func(context.Context, time.Duration) error
}

var _ api = (*Client)(nil)

// NewClient returns a client with cfg's region, credentials, HTTP client and retryer (the
// standard one with cfg.RetryMaxAttempts when cfg has none), at getenv(EndpointEnv), else
// cfg.BaseEndpoint, else SSM's regional endpoint.
func NewClient(cfg aws.Config, getenv func(string) string) *Client {
	c := &Client{http: cfg.HTTPClient, creds: cfg.Credentials, region: cfg.Region, now: time.Now, sleep: sleep}
	if c.http == nil {
		c.http = &http.Client{Timeout: 30 * time.Second}
	}
	switch {
	case getenv(EndpointEnv) != "":
		c.endpoint = getenv(EndpointEnv)
	case aws.ToString(cfg.BaseEndpoint) != "":
		c.endpoint = aws.ToString(cfg.BaseEndpoint)
	default:
		c.endpoint = regionalEndpoint(cfg.Region)
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

// regionalEndpoint is SSM's endpoint in region's partition (China's regions have their own
// domain).
func regionalEndpoint(region string) string {
	if strings.HasPrefix(region, "cn-") {
		return "https://ssm." + region + ".amazonaws.com.cn"
	}
	return "https://ssm." + region + ".amazonaws.com"
}

// GetParameter returns the decrypted value of the parameter at name; a missing one is an
// *APIError whose Code is "ParameterNotFound".
func (c *Client) GetParameter(ctx context.Context, name string) (string, error) {
	in := struct {
		Name           string
		WithDecryption bool
	}{name, true}
	var value string
	err := c.call(ctx, "GetParameter", in, func(data []byte) error {
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
	return c.call(ctx, "PutParameter", in, parseAck)
}

// DeleteParameters removes up to 10 parameters; names already gone are no error (SSM lists
// them as invalid and succeeds).
func (c *Client) DeleteParameters(ctx context.Context, names []string) error {
	in := struct{ Names []string }{names}
	return c.call(ctx, "DeleteParameters", in, parseAck)
}

// call sends one operation, retrying what the retryer calls retryable, and hands a 2xx answer
// to parse.
func (c *Client) call(ctx context.Context, op string, in any, parse func([]byte) error) error {
	body, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("%s: encode: %w", op, err)
	}
	release := func(error) error { return nil }
	for attempt := 1; ; attempt++ {
		err = c.attempt(ctx, op, body, parse)
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
		if serr := c.sleep(ctx, delay); serr != nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// attempt signs and sends one request.
func (c *Client) attempt(ctx context.Context, op string, body []byte, parse func([]byte) error) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Amz-Target", "AmazonSSM."+op)
	creds, err := c.creds.Retrieve(ctx)
	if err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), signingName, c.region, c.now()); err != nil {
		return fmt.Errorf("sign: %w", err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return fmt.Errorf("read answer: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		return parseError(resp.StatusCode, resp.Header, data)
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
