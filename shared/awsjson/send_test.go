package awsjson

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// failingClient returns a client whose first fails requests fail in the transport with err
// (as Go's transport fails a POST on a kept-alive connection the server closed: "EOF"), the
// rest answered 200 {}; calls counts the requests.
func failingClient(fails int, err error) (*Client, *int) {
	var calls int
	hc := doFunc(func(r *http.Request) (*http.Response, error) {
		calls++
		if calls <= fails {
			return nil, &url.Error{Op: "Post", URL: r.URL.String(), Err: err}
		}
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{}`))}, nil
	})
	c := New(aws.Config{Region: "eu-west-2", HTTPClient: hc, RetryMaxAttempts: 3,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")}, sqsService, func(string) string { return "" })
	c.Sleep = func(context.Context, time.Duration) error { return nil }
	return c, &calls
}

// TestSendErrorsAreRetried: the SDK's clients wrap every transport error in smithy-go's
// RequestSendError, a connection error the standard retryer retries; a Lambda instance thawed
// after minutes meets connections the far end has closed, whose POST fails with "EOF" or
// "unexpected EOF", which the retryer alone does not call retryable.
func TestSendErrorsAreRetried(t *testing.T) {
	tests := []struct {
		name     string
		fails    int
		err      error
		requests int
		wantErr  bool
	}{
		{"eof then success", 1, io.EOF, 2, false},
		{"unexpected eof then success", 2, io.ErrUnexpectedEOF, 3, false},
		{"eof every time", 5, io.EOF, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, calls := failingClient(tt.fails, tt.err)
			err := c.Call(context.Background(), "SendMessage", struct{}{}, func([]byte) error { return nil })
			if *calls != tt.requests {
				t.Errorf("got %d requests, want %d", *calls, tt.requests)
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("got %v, want error %v", err, tt.wantErr)
			}
			if err == nil {
				return
			}
			var se *SendError
			if !errors.As(err, &se) || !errors.Is(err, tt.err) {
				t.Errorf("got %v, want a *SendError wrapping %v", err, tt.err)
			}
			if got, want := err.Error(), `SendMessage: Post "https://sqs.eu-west-2.amazonaws.com/": EOF`; got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

// TestSendErrorsAfterTheContextEndsAreNotRetried: a call whose context ended is not tried
// again, and its error still says why (errors.Is context.Canceled).
func TestSendErrorsAfterTheContextEndsAreNotRetried(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, calls := failingClient(5, context.Canceled)
	err := c.Call(ctx, "SendMessage", struct{}{}, func([]byte) error { return nil })
	if *calls != 1 {
		t.Errorf("got %d requests, want 1", *calls)
	}
	var se *SendError
	if !errors.Is(err, context.Canceled) || errors.As(err, &se) {
		t.Errorf("got %v, want context.Canceled and no *SendError", err)
	}
}
