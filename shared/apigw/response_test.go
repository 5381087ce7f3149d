package apigw

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
)

func TestStatus(t *testing.T) {
	want := map[messaging.Code]int{
		messaging.CodeInvalid:          400,
		messaging.CodeNotConfigured:    400,
		messaging.CodeUnauthenticated:  401,
		messaging.CodeForbidden:        403,
		messaging.CodeNotFound:         404,
		messaging.CodeMethodNotAllowed: 405,
		messaging.CodeConflict:         409,
		messaging.CodeUnprocessable:    422,
		messaging.CodeRateLimited:      429,
		messaging.CodeProviderRejected: 422,
		messaging.CodeProviderFailed:   502,
		messaging.CodeUnavailable:      503,
		messaging.CodeInternal:         500,
		messaging.Code("made_up"):      500,
		messaging.Code(""):             500,
	}
	for code, status := range want {
		t.Run(string(code), func(t *testing.T) {
			if got := Status(code); got != status {
				t.Errorf("Status(%q) = %d, want %d", code, got, status)
			}
		})
	}
	if got, want := len(statusByCode), len(want)-2; got != want {
		t.Errorf("statusByCode has %d codes, the test covers %d: add the new code here", got, want)
	}
}

func TestError(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		status  int
		body    string
		headers map[string]string
	}{
		{name: "job id", err: messaging.Errorf(messaging.CodeInvalid, messaging.MsgJobIDRequired), status: 400,
			body: `{"success":false,"error":"Job ID is required"}`},
		{name: "phone", err: messaging.Errorf(messaging.CodeInvalid, messaging.MsgInvalidPhone), status: 400,
			body: `{"success":false,"error":"Invalid phone number format. Use E.164 format, e.g. +447700900123"}`},
		{name: "not configured", err: messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured), status: 400,
			body: `{"success":false,"error":"WhatsApp integration is not configured"}`},
		{name: "wrapped coded", err: fmt.Errorf("api: %w", messaging.Errorf(messaging.CodeUnauthenticated, messaging.MsgAuthRequired)), status: 401,
			body: `{"success":false,"error":"Authentication required. Please log in."}`},
		{name: "uncoded hides detail", err: errors.New("ssm: token EAAB123 rejected"), status: 500,
			body: `{"success":false,"error":"An internal error occurred. Please try again later."}`},
		{name: "cause is not shown", err: messaging.Wrap(messaging.CodeUnavailable, "Try again later", errors.New("secret")), status: 503,
			body: `{"success":false,"error":"Try again later"}`},
		{name: "html is escaped", err: messaging.Errorf(messaging.CodeInvalid, "<b>&"), status: 400,
			body: `{"success":false,"error":"\u003cb\u003e\u0026"}`},
		{name: "retry after rounds up", err: &messaging.Error{Code: messaging.CodeRateLimited, Message: "Too many", RetryAfter: 1500 * time.Millisecond}, status: 429,
			body: `{"success":false,"error":"Too many"}`, headers: map[string]string{"Retry-After": "2"}},
		{name: "retry after under a second is 1", err: &messaging.Error{Code: messaging.CodeRateLimited, Message: "Too many", RetryAfter: time.Millisecond}, status: 429,
			body: `{"success":false,"error":"Too many"}`, headers: map[string]string{"Retry-After": "1"}},
		{name: "retry after whole seconds", err: &messaging.Error{Code: messaging.CodeRateLimited, Message: "Too many", RetryAfter: 3 * time.Second}, status: 429,
			body: `{"success":false,"error":"Too many"}`, headers: map[string]string{"Retry-After": "3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Error(tt.err)
			if r.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", r.StatusCode, tt.status)
			}
			if r.Body != tt.body {
				t.Errorf("body = %s, want %s", r.Body, tt.body)
			}
			want := map[string]string{"Content-Type": "application/json", "Cache-Control": "no-store"}
			for k, v := range tt.headers {
				want[k] = v
			}
			if diff := cmp.Diff(want, r.Headers); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSuccessEnvelopes(t *testing.T) {
	data := map[string]string{"message_id": "wamid.x", "status": "sent"}
	tests := []struct {
		name   string
		r      Response
		status int
		body   string
	}{
		{name: "ok", r: OK(data, "WhatsApp message sent successfully"), status: 200,
			body: `{"success":true,"data":{"message_id":"wamid.x","status":"sent"},"message":"WhatsApp message sent successfully"}`},
		{name: "accepted", r: Accepted(data, "queued"), status: 202,
			body: `{"success":true,"data":{"message_id":"wamid.x","status":"sent"},"message":"queued"}`},
		{name: "list with count", r: List([]int{1, 2}, 2, ""), status: 200, body: `{"success":true,"data":[1,2],"count":2}`},
		{name: "empty list keeps count 0", r: List([]int{}, 0, ""), status: 200, body: `{"success":true,"data":[],"count":0}`},
		{name: "unencodable", r: JSON(200, func() {}, nil), status: 500,
			body: `{"success":false,"error":"An internal error occurred. Please try again later."}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.r.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", tt.r.StatusCode, tt.status)
			}
			if tt.r.Body != tt.body {
				t.Errorf("body = %s, want %s", tt.r.Body, tt.body)
			}
		})
	}
}

func TestWithHeaders(t *testing.T) {
	r := WithHeaders(Response{StatusCode: http.StatusOK}, map[string]string{"X-RateLimit-Limit": "20"})
	if got, want := r.Headers["X-RateLimit-Limit"], "20"; got != want {
		t.Errorf("header = %q, want %q", got, want)
	}
	r = WithHeaders(OK(nil, ""), map[string]string{"Content-Type": "text/plain"})
	if got, want := r.Headers["Content-Type"], "text/plain"; got != want {
		t.Errorf("override = %q, want %q", got, want)
	}
}
