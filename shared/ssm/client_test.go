package ssm

import (
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// doFunc is an aws.HTTPClient answering from a function.
type doFunc func(*http.Request) (*http.Response, error)

func (f doFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// answer is one canned HTTP answer.
type answer struct {
	status int
	header http.Header
	body   string
}

// recordingClient returns a client at SSM's regional endpoint whose requests are recorded and
// answered in turn from answers (the last one repeats), with a fixed clock and no waits.
func recordingClient(t *testing.T, answers ...answer) (*Client, *[]string) {
	t.Helper()
	return recordingClientWith(t, func(*aws.Config) {}, answers...)
}

// recordingClientWith is recordingClient with its config changed by edit first.
func recordingClientWith(t *testing.T, edit func(*aws.Config), answers ...answer) (*Client, *[]string) {
	t.Helper()
	var seen []string
	hc := doFunc(func(r *http.Request) (*http.Response, error) {
		body, _ := io.ReadAll(r.Body)
		seen = append(seen, dump(r, body))
		a := answers[min(len(seen), len(answers))-1]
		h := a.header
		if h == nil {
			h = http.Header{}
		}
		return &http.Response{StatusCode: a.status, Header: h, Body: io.NopCloser(strings.NewReader(a.body))}, nil
	})
	cfg := aws.Config{
		Region: "eu-west-2", HTTPClient: hc, RetryMaxAttempts: 3,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""),
	}
	edit(&cfg)
	c := NewClient(cfg, func(string) string { return "" })
	c.json.Now = func() time.Time { return time.Date(2026, 12, 2, 4, 30, 0, 0, time.UTC) }
	c.json.Sleep = func(context.Context, time.Duration) error { return nil }
	return c, &seen
}

// dump writes a request as the golden files hold it: method and URL, the headers SSM reads and
// the signature covers, a blank line and the body.
func dump(r *http.Request, body []byte) string {
	var lines []string
	for _, h := range []string{"Authorization", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Target"} {
		if v := r.Header.Get(h); v != "" {
			lines = append(lines, h+": "+v)
		}
	}
	slices.Sort(lines)
	return r.Method + " " + r.URL.String() + "\n" + strings.Join(lines, "\n") + "\n\n" + string(body) + "\n"
}

// checkGolden compares got with testdata/golden/name (rewritten under -update).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	if got != string(want) {
		t.Errorf("request:\ngot\n%s\nwant\n%s", got, want)
	}
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
			c, seen := recordingClient(t, answer{status: 200, body: tt.answer})
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
	throttled := answer{status: 400, body: `{"__type":"ThrottlingException","message":"Rate exceeded"}`}
	ok := answer{status: 200, body: `{"Parameter":{"Value":"v"}}`}
	tests := []struct {
		name     string
		answers  []answer
		requests int
		wantCode string // "" means success
		notFound bool
	}{
		{"not found", []answer{{status: 400, body: `{"__type":"ParameterNotFound","message":""}`}}, 1, "ParameterNotFound", true},
		{"namespaced type in the header", []answer{{status: 400, header: http.Header{"X-Amzn-Errortype": {"com.amazonaws.ssm#ParameterNotFound:http://internal"}}, body: `{}`}}, 1, "ParameterNotFound", true},
		{"access denied is not retried", []answer{{status: 400, body: `{"__type":"AccessDeniedException","Message":"not allowed"}`}}, 1, "AccessDeniedException", false},
		{"throttling retried until it passes", []answer{throttled, ok}, 2, "", false},
		{"throttling retried up to the attempts", []answer{throttled}, 3, "ThrottlingException", false},
		{"server error retried", []answer{{status: 500, body: `{"__type":"InternalServerError"}`}, ok}, 2, "", false},
		{"server error without a body", []answer{{status: 503}}, 3, "Service Unavailable", false},
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
		c, _ := recordingClient(t, answer{status: 200, body: body})
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
	}, answer{status: 500, body: `{"__type":"InternalServerError"}`})
	_, err := c.GetParameter(context.Background(), "/p/x")
	if err == nil || len(*seen) != 1 {
		t.Errorf("got %d requests, %v; want 1 request and the error", len(*seen), err)
	}
}

func TestClientSendsTheSessionToken(t *testing.T) {
	c, seen := recordingClientWith(t, func(cfg *aws.Config) {
		cfg.Credentials = credentials.NewStaticCredentialsProvider("ASIAEXAMPLE", "secret", "session-token-1")
	}, answer{status: 200, body: `{}`})
	if err := c.PutParameter(context.Background(), "/p/x", "v"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains((*seen)[0], "\nX-Amz-Security-Token: session-token-1\n") {
		t.Errorf("request:\n%s\nwant the role's session token", (*seen)[0])
	}
}
