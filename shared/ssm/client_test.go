package ssm

import (
	"context"
	"errors"
	"flag"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/proplink/chat/shared/awsjson/awsjsontest"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// answer is one canned HTTP answer.
type answer = awsjsontest.Answer

// recordingClient returns a client at SSM's regional endpoint whose requests are recorded and
// answered in turn from answers (the last one repeats), with a fixed clock and no waits.
func recordingClient(t *testing.T, answers ...answer) (*Client, *[]string) {
	t.Helper()
	return recordingClientWith(t, func(*aws.Config) {}, answers...)
}

// recordingClientWith is recordingClient with its config changed by edit first.
func recordingClientWith(t *testing.T, edit func(*aws.Config), answers ...answer) (*Client, *[]string) {
	t.Helper()
	cfg, seen := awsjsontest.Config(answers...)
	edit(&cfg)
	c := NewClient(cfg, func(string) string { return "" })
	awsjsontest.Fix(c.json, time.Date(2026, 12, 2, 4, 30, 0, 0, time.UTC))
	return c, seen
}

// checkGolden compares got with testdata/golden/name (rewritten under -update).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	awsjsontest.Golden(t, filepath.Join("testdata", "golden", name), []byte(got), *updateGolden)
}

func TestClientRequests(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		call   func(*Client) error
	}{
		{"get_parameter", `{"Parameter":{"Name":"/proplink/dev/orgs/o1/whatsapp/api_token","Type":"SecureString","Value":"EAAG-1","Version":3}}`,
			func(c *Client) error {
				got, err := c.GetParameter(context.Background(), "/proplink/dev/orgs/o1/whatsapp/api_token")
				if err == nil && got != "EAAG-1" {
					t.Errorf("got value %q, want EAAG-1", got)
				}
				return err
			}},
		{"put_parameter", `{"Tier":"Standard","Version":4}`,
			func(c *Client) error {
				return c.PutParameter(context.Background(), "/proplink/dev/orgs/o1/whatsapp/api_token", "EAAG-2")
			}},
		{"delete_parameters", `{"DeletedParameters":["/p/a"],"InvalidParameters":["/p/b"]}`,
			func(c *Client) error { return c.DeleteParameters(context.Background(), []string{"/p/a", "/p/b"}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := recordingClient(t, answer{Status: 200, Body: tt.answer})
			if err := tt.call(c); err != nil {
				t.Fatalf("call: %v", err)
			}
			if len(*seen) != 1 {
				t.Fatalf("got %d requests, want 1", len(*seen))
			}
			checkGolden(t, tt.name+".txt", (*seen)[0])
		})
	}
}

func TestClientEndpoint(t *testing.T) {
	tests := []struct {
		name string
		cfg  aws.Config
		env  string
		want string
	}{
		{"regional", aws.Config{Region: "eu-west-2"}, "", "https://ssm.eu-west-2.amazonaws.com/"},
		{"china", aws.Config{Region: "cn-north-1"}, "", "https://ssm.cn-north-1.amazonaws.com.cn/"},
		{"base endpoint", aws.Config{Region: "eu-west-2", BaseEndpoint: aws.String("http://127.0.0.1:5000")}, "", "http://127.0.0.1:5000/"},
		{"service variable wins", aws.Config{Region: "eu-west-2", BaseEndpoint: aws.String("http://127.0.0.1:5000")}, "http://127.0.0.1:6000/", "http://127.0.0.1:6000/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewClient(tt.cfg, func(k string) string {
				if k == EndpointEnv {
					return tt.env
				}
				return ""
			})
			if c.json.Endpoint() != tt.want {
				t.Errorf("got %q, want %q", c.json.Endpoint(), tt.want)
			}
		})
	}
}

func TestClientErrors(t *testing.T) {
	throttled := answer{Status: 400, Body: `{"__type":"ThrottlingException","message":"Rate exceeded"}`}
	ok := answer{Status: 200, Body: `{"Parameter":{"Value":"v"}}`}
	tests := []struct {
		name     string
		answers  []answer
		requests int
		wantCode string // "" means success
		notFound bool
	}{
		{"not found", []answer{{Status: 400, Body: `{"__type":"ParameterNotFound","message":""}`}}, 1, "ParameterNotFound", true},
		{"namespaced type in the header", []answer{{Status: 400, Header: http.Header{"X-Amzn-Errortype": {"com.amazonaws.ssm#ParameterNotFound:http://internal"}}, Body: `{}`}}, 1, "ParameterNotFound", true},
		{"access denied is not retried", []answer{{Status: 400, Body: `{"__type":"AccessDeniedException","Message":"not allowed"}`}}, 1, "AccessDeniedException", false},
		{"throttling retried until it passes", []answer{throttled, ok}, 2, "", false},
		{"throttling retried up to the attempts", []answer{throttled}, 3, "ThrottlingException", false},
		{"server error retried", []answer{{Status: 500, Body: `{"__type":"InternalServerError"}`}, ok}, 2, "", false},
		{"server error without a body", []answer{{Status: 503}}, 3, "Service Unavailable", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := recordingClient(t, tt.answers...)
			_, err := c.GetParameter(context.Background(), "/p/x")
			if got := len(*seen); got != tt.requests {
				t.Errorf("got %d requests, want %d", got, tt.requests)
			}
			var e *APIError
			switch {
			case tt.wantCode == "" && err != nil:
				t.Errorf("got %v, want success", err)
			case tt.wantCode != "" && (!errors.As(err, &e) || e.Code != tt.wantCode):
				t.Errorf("got %v, want code %q", err, tt.wantCode)
			}
			if got := isNotFound(err); got != tt.notFound {
				t.Errorf("isNotFound = %v, want %v", got, tt.notFound)
			}
		})
	}
}

func TestClientUnreadableAnswerHoldsNoSecret(t *testing.T) {
	for _, body := range []string{`{"Parameter":{"Value":123456789}}`, `{"Parameter":{"Value":"EAAG-secret"`, `not json EAAG-secret`} {
		c, _ := recordingClient(t, answer{Status: 200, Body: body})
		_, err := c.GetParameter(context.Background(), "/p/x")
		if err == nil || strings.Contains(err.Error(), "123456789") || strings.Contains(err.Error(), "EAAG-secret") {
			t.Errorf("answer %s: got %v, want an error without the value", body, err)
		}
	}
}

// noQuota is the standard retryer with its retry quota spent.
type noQuota struct{ aws.Retryer }

func (noQuota) GetRetryToken(context.Context, error) (func(error) error, error) {
	return nil, errors.New("retry quota exceeded")
}

func TestClientRetriesWithinTheQuota(t *testing.T) {
	c, seen := recordingClientWith(t, func(cfg *aws.Config) {
		cfg.Retryer = func() aws.Retryer { return noQuota{retry.NewStandard()} }
	}, answer{Status: 500, Body: `{"__type":"InternalServerError"}`})
	_, err := c.GetParameter(context.Background(), "/p/x")
	if err == nil || len(*seen) != 1 {
		t.Errorf("got %d requests, %v; want 1 request and the error", len(*seen), err)
	}
}

func TestClientSendsTheSessionToken(t *testing.T) {
	c, seen := recordingClientWith(t, func(cfg *aws.Config) {
		cfg.Credentials = credentials.NewStaticCredentialsProvider("ASIAEXAMPLE", "secret", "session-token-1")
	}, answer{Status: 200, Body: `{}`})
	if err := c.PutParameter(context.Background(), "/p/x", "v"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains((*seen)[0], "\nX-Amz-Security-Token: session-token-1\n") {
		t.Errorf("request:\n%s\nwant the role's session token", (*seen)[0])
	}
}
