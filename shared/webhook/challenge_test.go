package webhook

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/apigw"
)

func get(path, query string) apigw.Request {
	r := apigw.Request{RawPath: path, RawQueryString: query}
	r.RequestContext = events.APIGatewayV2HTTPRequestContext{HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "GET", Path: path}}
	return r
}

func TestChallenge(t *testing.T) {
	tests := []struct {
		name, path, query string
		noToken           bool
		wantStatus        int
		wantBody          string
	}{
		{"ok", "/webhooks/meta", "hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444", false, 200, "1158201444"},
		{"ok 360dialog", "/webhooks/360dialog", "hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=abc", false, 200, "abc"},
		{"bad token", "/webhooks/meta", "hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1", false, 403, "Forbidden"},
		{"bad mode", "/webhooks/meta", "hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1", false, 403, "Forbidden"},
		{"no challenge", "/webhooks/meta", "hub.mode=subscribe&hub.verify_token=verify-me", false, 403, "Forbidden"},
		{"no token configured", "/webhooks/meta", "hub.mode=subscribe&hub.verify_token=&hub.challenge=1", true, 403, "Forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			if tt.noToken {
				delete(r.secrets, VerifyTokenName)
			}
			got := r.svc.Handle(context.Background(), get(tt.path, tt.query))
			if got.StatusCode != tt.wantStatus || got.Body != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", got.StatusCode, got.Body, tt.wantStatus, tt.wantBody)
			}
			if ct := got.Headers["Content-Type"]; ct != "text/plain; charset=utf-8" {
				t.Errorf("content type = %q, want text/plain", ct)
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	r := newRig(t)
	req := get("/webhooks/meta", "")
	req.RequestContext.HTTP.Method = "PUT"
	got := r.svc.Handle(context.Background(), req)
	if got.StatusCode != http.StatusMethodNotAllowed || got.Headers["Allow"] != "GET, POST" {
		t.Errorf("got %d %v, want 405 with Allow: GET, POST", got.StatusCode, got.Headers)
	}
}
