package awsjson

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go"
)

// doFunc is an aws.HTTPClient answering from a function.
type doFunc func(*http.Request) (*http.Response, error)

func (f doFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// answer is one canned HTTP answer.
type answer struct {
	status int
	header http.Header
	body   string
}

var sqsService = Service{Name: "sqs", Target: "AmazonSQS", Version: "1.0", EndpointEnv: "AWS_ENDPOINT_URL_SQS", QueryCompatible: true}

// recordingClient returns a client of s whose requests are recorded and answered in turn from
// answers (the last one repeats), with no waits.
func recordingClient(t *testing.T, s Service, answers ...answer) (*Client, *[]*http.Request) {
	t.Helper()
	var seen []*http.Request
	hc := doFunc(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r)
		a := answers[min(len(seen), len(answers))-1]
		h := a.header
		if h == nil {
			h = http.Header{}
		}
		return &http.Response{StatusCode: a.status, Header: h, Body: io.NopCloser(strings.NewReader(a.body))}, nil
	})
	c := New(aws.Config{
		Region: "eu-west-2", HTTPClient: hc, RetryMaxAttempts: 3,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
	}, s, func(string) string { return "" })
	c.Sleep = func(context.Context, time.Duration) error { return nil }
	return c, &seen
}

func TestNewEndpoint(t *testing.T) {
	tests := []struct {
		name string
		cfg  aws.Config
		env  string
		want string
	}{
		{"regional", aws.Config{Region: "eu-west-2"}, "", "https://sqs.eu-west-2.amazonaws.com/"},
		{"china", aws.Config{Region: "cn-north-1"}, "", "https://sqs.cn-north-1.amazonaws.com.cn/"},
		{"base endpoint", aws.Config{Region: "eu-west-2", BaseEndpoint: aws.String("http://127.0.0.1:5000")}, "", "http://127.0.0.1:5000/"},
		{"service variable wins", aws.Config{Region: "eu-west-2", BaseEndpoint: aws.String("http://127.0.0.1:5000")}, "http://127.0.0.1:6000/", "http://127.0.0.1:6000/"},
	}
	t.Run("host other than the signing name", func(t *testing.T) {
		c := New(aws.Config{Region: "us-east-1"}, Service{Name: "bedrock", Host: "bedrock-runtime"}, func(string) string { return "" })
		if got, want := c.Endpoint(), "https://bedrock-runtime.us-east-1.amazonaws.com/"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(tt.cfg, sqsService, func(k string) string {
				if k == "AWS_ENDPOINT_URL_SQS" {
					return tt.env
				}
				return ""
			})
			if got := c.Endpoint(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCallHeaders(t *testing.T) {
	tests := []struct {
		name        string
		service     Service
		contentType string
		target      string
		queryMode   string
	}{
		{"json 1.0, query compatible", sqsService, "application/x-amz-json-1.0", "AmazonSQS.SendMessage", "true"},
		{"json 1.1", Service{Name: "ssm", Target: "AmazonSSM", Version: "1.1"}, "application/x-amz-json-1.1", "AmazonSSM.SendMessage", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := recordingClient(t, tt.service, answer{status: 200, body: `{}`})
			if err := c.Call(context.Background(), "SendMessage", struct{}{}, func([]byte) error { return nil }); err != nil {
				t.Fatal(err)
			}
			h := (*seen)[0].Header
			for _, c := range []struct{ key, want string }{{"Content-Type", tt.contentType}, {"X-Amz-Target", tt.target}, {"X-Amzn-Query-Mode", tt.queryMode}} {
				if got := h.Get(c.key); got != c.want {
					t.Errorf("%s: got %q, want %q", c.key, got, c.want)
				}
			}
			if !strings.Contains(h.Get("Authorization"), "/eu-west-2/"+tt.service.Name+"/aws4_request") {
				t.Errorf("Authorization %q: want a SigV4 scope of %s in eu-west-2", h.Get("Authorization"), tt.service.Name)
			}
		})
	}
}

// TestPost: a restJson1 call goes to its path under the endpoint, escaped as given, as JSON
// with no X-Amz-Target, signed for the service, its path encoded again in the signature.
func TestPost(t *testing.T) {
	c, seen := recordingClient(t, Service{Name: "bedrock", Host: "bedrock-runtime"}, answer{status: 200, body: `{"ok":true}`})
	var got struct{ OK bool }
	err := c.Post(context.Background(), "Converse", "/model/a%3Ab%2Fc/converse", map[string]int{"n": 1}, func(data []byte) error { return json.Unmarshal(data, &got) })
	if err != nil || !got.OK {
		t.Fatalf("got %+v, %v; want the answer parsed", got, err)
	}
	r := (*seen)[0]
	if got, want := r.URL.String(), "https://bedrock-runtime.eu-west-2.amazonaws.com/model/a%3Ab%2Fc/converse"; got != want {
		t.Errorf("URL: got %s, want %s", got, want)
	}
	if got, want := r.URL.EscapedPath(), "/model/a%3Ab%2Fc/converse"; got != want {
		t.Errorf("path: got %s, want %s", got, want)
	}
	for _, h := range []struct{ key, want string }{{"Content-Type", "application/json"}, {"X-Amz-Target", ""}} {
		if got := r.Header.Get(h.key); got != h.want {
			t.Errorf("%s: got %q, want %q", h.key, got, h.want)
		}
	}
	if !strings.Contains(r.Header.Get("Authorization"), "/eu-west-2/bedrock/aws4_request") {
		t.Errorf("Authorization %q: want a SigV4 scope of bedrock in eu-west-2", r.Header.Get("Authorization"))
	}
}

func TestCallErrors(t *testing.T) {
	throttled := answer{status: 400, body: `{"__type":"ThrottlingException","message":"Rate exceeded"}`}
	ok := answer{status: 200, body: `{}`}
	nonExistent := answer{status: 400,
		header: http.Header{"X-Amzn-Query-Error": {"AWS.SimpleQueueService.NonExistentQueue;Sender"}},
		body:   `{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}`}
	tests := []struct {
		name     string
		answers  []answer
		requests int
		wantCode string // "" means success
		wantType string
		fault    smithy.ErrorFault
	}{
		{"query-compatible code and type", []answer{nonExistent}, 1, "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", smithy.FaultClient},
		{"namespaced type in the header", []answer{{status: 400, header: http.Header{"X-Amzn-Errortype": {"com.amazonaws.sqs#InvalidAddress:http://internal"}}, body: `{}`}}, 1, "InvalidAddress", "InvalidAddress", smithy.FaultClient},
		{"restJson1 code in the body", []answer{{status: 400, body: `{"code":"ValidationException","message":"bad"}`}}, 1, "ValidationException", "ValidationException", smithy.FaultClient},
		{"access denied is not retried", []answer{{status: 400, body: `{"__type":"AccessDeniedException","Message":"not allowed"}`}}, 1, "AccessDeniedException", "AccessDeniedException", smithy.FaultClient},
		{"throttling retried until it passes", []answer{throttled, ok}, 2, "", "", 0},
		{"throttling retried up to the attempts", []answer{throttled}, 3, "ThrottlingException", "ThrottlingException", smithy.FaultClient},
		{"server error retried", []answer{{status: 500, body: `{"__type":"InternalServerError"}`}, ok}, 2, "", "", 0},
		{"server error without a body", []answer{{status: 503}}, 3, "Service Unavailable", "Service Unavailable", smithy.FaultServer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := recordingClient(t, sqsService, tt.answers...)
			err := c.Call(context.Background(), "SendMessage", struct{}{}, func([]byte) error { return nil })
			if got := len(*seen); got != tt.requests {
				t.Errorf("got %d requests, want %d", got, tt.requests)
			}
			var e *APIError
			switch {
			case tt.wantCode == "" && err != nil:
				t.Errorf("got %v, want success", err)
			case tt.wantCode == "":
			case !errors.As(err, &e):
				t.Errorf("got %v, want an *APIError", err)
			case e.Code != tt.wantCode || e.Type != tt.wantType || e.ErrorFault() != tt.fault:
				t.Errorf("got code %q type %q fault %v, want %q %q %v", e.Code, e.Type, e.ErrorFault(), tt.wantCode, tt.wantType, tt.fault)
			case !strings.HasPrefix(err.Error(), "SendMessage: sqs: "+tt.wantCode):
				t.Errorf("got %q, want the operation, service and code first", err)
			}
		})
	}
}

func TestNewKeepsIdleConnectionsForConcurrentCalls(t *testing.T) {
	a, b := New(aws.Config{Region: "eu-west-2"}, sqsService, os.Getenv), New(aws.Config{Region: "eu-west-2"}, Service{Name: "ssm"}, os.Getenv)
	hc, ok := a.http.(*http.Client)
	if !ok || hc != b.http {
		t.Fatalf("got %T and %T, want one shared *http.Client", a.http, b.http)
	}
	tr, ok := hc.Transport.(*http.Transport)
	if !ok || tr.MaxIdleConnsPerHost != 10 {
		t.Errorf("got transport %T, want an *http.Transport keeping 10 idle connections per host", hc.Transport)
	}
}
