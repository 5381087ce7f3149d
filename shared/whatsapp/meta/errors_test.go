package meta

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// graphErrorJSON is Meta's error envelope for code with the given message.
func graphErrorJSON(code int, message string) string {
	return fmt.Sprintf(`{"error":{"message":%q,"type":"OAuthException","code":%d,"error_data":{"messaging_product":"whatsapp","details":"details of %d"},"error_subcode":2494010,"fbtrace_id":"AbCdEfGhIjKlMnOp"}}`, message, code, code)
}

func TestParseErrorClasses(t *testing.T) {
	// Every code of whatsapp-facts.md's table, with the HTTP status Meta answers it with.
	tests := []struct {
		code, status int
		want         whatsapp.Class
	}{
		{0, 401, whatsapp.Auth},
		{190, 401, whatsapp.Auth},
		{4, 429, whatsapp.Retry},
		{80007, 400, whatsapp.Retry},
		{100, 400, whatsapp.Permanent},
		{130429, 400, whatsapp.Pace},
		{131000, 500, whatsapp.Retry},
		{131008, 400, whatsapp.Permanent},
		{131009, 400, whatsapp.Permanent},
		{131026, 400, whatsapp.Permanent},
		{131047, 400, whatsapp.Permanent},
		{131048, 400, whatsapp.Blocked},
		{131049, 400, whatsapp.Blocked},
		{131050, 400, whatsapp.Permanent},
		{131052, 400, whatsapp.Permanent},
		{131053, 400, whatsapp.Permanent},
		{131056, 400, whatsapp.Pace},
		{132000, 400, whatsapp.Permanent},
		{132012, 400, whatsapp.Permanent},
		{132001, 404, whatsapp.Permanent},
		{132005, 400, whatsapp.Permanent},
		{132015, 400, whatsapp.Permanent},
		{132016, 400, whatsapp.Permanent},
		{368, 403, whatsapp.Blocked},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code), func(t *testing.T) {
			e := ParseError(tt.status, http.Header{}, []byte(graphErrorJSON(tt.code, fmt.Sprintf("(#%d) something", tt.code))))
			if e.Code != tt.code || e.HTTPStatus != tt.status {
				t.Errorf("code/status: got %d/%d, want %d/%d", e.Code, e.HTTPStatus, tt.code, tt.status)
			}
			if got := e.Class(); got != tt.want {
				t.Errorf("class: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseErrorFields(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   whatsapp.Error
		class  whatsapp.Class
	}{
		{
			name: "meta envelope", status: 400, header: http.Header{},
			body:  graphErrorJSON(131047, "(#131047) Re-engagement message"),
			want:  whatsapp.Error{HTTPStatus: 400, Code: 131047, Subcode: 2494010, Title: "OAuthException", Message: "(#131047) Re-engagement message", Details: "details of 131047", TraceID: "AbCdEfGhIjKlMnOp"},
			class: whatsapp.Permanent,
		},
		{
			name: "error_data as a string", status: 400, header: http.Header{},
			body:  `{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,"error_data":"Template name is missing","fbtrace_id":"X"}}`,
			want:  whatsapp.Error{HTTPStatus: 400, Code: 100, Title: "OAuthException", Message: "Invalid parameter", Details: "Template name is missing", TraceID: "X"},
			class: whatsapp.Permanent,
		},
		{
			name: "list form with title", status: 400, header: http.Header{},
			body:  `{"errors":[{"code":131056,"title":"Pair rate limit hit","message":"Pair rate limit hit","error_data":{"details":"too fast"}}]}`,
			want:  whatsapp.Error{HTTPStatus: 400, Code: 131056, Title: "Pair rate limit hit", Message: "Pair rate limit hit", Details: "too fast"},
			class: whatsapp.Pace,
		},
		{
			name: "360dialog bad key", status: 401, header: http.Header{},
			body:  `{"meta":{"api_status":"stable","success":false,"http_code":401,"developer_message":"Invalid api_key"}}`,
			want:  whatsapp.Error{HTTPStatus: 401, Message: "Invalid api_key"},
			class: whatsapp.Auth,
		},
		{
			name: "html from a gateway", status: 502, header: http.Header{},
			body:  `<html><body>Bad Gateway</body></html>`,
			want:  whatsapp.Error{HTTPStatus: 502, Message: "bad gateway"},
			class: whatsapp.Retry,
		},
		{
			name: "empty 429 with Retry-After", status: 429, header: http.Header{"Retry-After": {"30"}},
			want:  whatsapp.Error{HTTPStatus: 429, Message: "too many requests", RetryAfter: 30 * time.Second},
			class: whatsapp.Pace,
		},
		{
			name: "non-JSON 400", status: 400, header: http.Header{},
			body:  `bad request`,
			want:  whatsapp.Error{HTTPStatus: 400, Message: "bad request"},
			class: whatsapp.Permanent,
		},
		{
			name: "non-JSON 401", status: 401, header: http.Header{},
			body:  `nope`,
			want:  whatsapp.Error{HTTPStatus: 401, Message: "unauthorized"},
			class: whatsapp.Auth,
		},
		{
			name: "JSON without an error", status: 503, header: http.Header{"X-Fb-Trace-Id": {"T"}},
			body:  `{"ok":false}`,
			want:  whatsapp.Error{HTTPStatus: 503, Message: "service unavailable"},
			class: whatsapp.Retry,
		},
		{
			name: "trace id from the header", status: 500, header: http.Header{"X-Fb-Trace-Id": {"T"}},
			body:  `{"error":{"message":"An unknown error occurred","type":"OAuthException","code":1}}`,
			want:  whatsapp.Error{HTTPStatus: 500, Code: 1, Title: "OAuthException", Message: "An unknown error occurred", TraceID: "T"},
			class: whatsapp.Retry,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseError(tt.status, tt.header, []byte(tt.body))
			if diff := cmp.Diff(&tt.want, got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if c := got.Class(); c != tt.class {
				t.Errorf("class: got %v, want %v", c, tt.class)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name, value string
		want        time.Duration
	}{
		{"absent", "", 0},
		{"seconds", "7", 7 * time.Second},
		{"negative", "-3", 0},
		{"huge", "999999999999", 24 * time.Hour},
		{"http date", now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"past date", now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"garbage", "soon", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := retryAfter(tt.value, now); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestClientErrors(t *testing.T) {
	t.Run("provider error keeps no token", func(t *testing.T) {
		_, srv := mustServe(t, 401, `{"error":{"message":"Invalid OAuth access token - Cannot parse access token tok-secret","type":"OAuthException","code":190,"fbtrace_id":"A"}}`)
		acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok-secret", PhoneNumberID: "1"}
		_, err := New(srv.Client(), "v21.0").SendTemplate(context.Background(), acct, whatsapp.TemplateSend{To: "+447700900123", Name: "x", Language: "en_GB"})
		var e *whatsapp.Error
		if !errors.As(err, &e) || e.Class() != whatsapp.Auth {
			t.Fatalf("got %v, want an Auth *whatsapp.Error", err)
		}
		if strings.Contains(fmt.Sprintf("%v %+v", err, e), "tok-secret") {
			t.Errorf("error shows the token: %+v", e)
		}
	})
	t.Run("client timeout", func(t *testing.T) {
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		t.Cleanup(srv.Close)
		t.Cleanup(func() { close(release) })
		hc := srv.Client()
		hc.Timeout = 50 * time.Millisecond
		acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok-secret", PhoneNumberID: "1"}
		_, err := New(hc, "v21.0").SendTemplate(context.Background(), acct, whatsapp.TemplateSend{To: "+447700900123", Name: "x", Language: "en_GB"})
		var e *whatsapp.Error
		if !errors.As(err, &e) || !e.Timeout || e.Class() != whatsapp.Retry || !whatsapp.MaybeSent(err) {
			t.Fatalf("got %v, want a Timeout *whatsapp.Error that may have sent", err)
		}
	})
	t.Run("context over before the request is written is not a maybe-sent", func(t *testing.T) {
		ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		defer cancel()
		acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: "http://127.0.0.1:1", Token: "tok-secret", PhoneNumberID: "1"}
		hc := egress.New(egress.Config{Stage: lambdaenv.LocalStage})
		_, err := New(hc, "").SendTemplate(ctx, acct, whatsapp.TemplateSend{To: "+447700900123", Name: "x", Language: "en_GB"})
		if err == nil || whatsapp.MaybeSent(err) || whatsapp.Classify(err) != whatsapp.Retry {
			t.Fatalf("got %v, want a retryable error that was certainly not sent", err)
		}
	})
	t.Run("connection lost after the request was written may have sent", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.ReadAll(r.Body)
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		}))
		t.Cleanup(srv.Close)
		acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok-secret", PhoneNumberID: "1"}
		_, err := New(srv.Client(), "v21.0").SendTemplate(context.Background(), acct, whatsapp.TemplateSend{To: "+447700900123", Name: "x", Language: "en_GB"})
		if !whatsapp.MaybeSent(err) || whatsapp.Classify(err) != whatsapp.Retry {
			t.Fatalf("got %v, want a retryable maybe-sent error", err)
		}
	})
	t.Run("connection refused is a plain wrapped error", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: url, Token: "tok-secret", PhoneNumberID: "1"}
		_, err := New(nil, "").SendTemplate(context.Background(), acct, whatsapp.TemplateSend{To: "+447700900123", Name: "x", Language: "en_GB"})
		if err == nil || !strings.HasPrefix(err.Error(), "meta: send template x:") || strings.Contains(err.Error(), "tok-secret") {
			t.Fatalf("got %v, want a meta-prefixed error without the token", err)
		}
		if whatsapp.MaybeSent(err) {
			t.Errorf("a refused connection reports maybe-sent; nothing was written")
		}
		if c := whatsapp.Classify(err); c != whatsapp.Retry {
			t.Errorf("class: got %v, want retry", c)
		}
	})
}

func FuzzParseError(f *testing.F) {
	f.Add(400, graphErrorJSON(131047, "(#131047) Re-engagement message"))
	f.Add(400, `{"error":{"code":100,"error_data":"x"}}`)
	f.Add(400, `{"errors":[{"code":1,"title":"t"}]}`)
	f.Add(401, `{"meta":{"developer_message":"Invalid api_key"}}`)
	f.Add(502, `<html>`)
	f.Add(0, `{"error":null}`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		e := ParseError(status, http.Header{}, []byte(body))
		if e == nil || e.HTTPStatus != status {
			t.Fatalf("got %+v, want an error with status %d", e, status)
		}
		if e.Message == "" {
			t.Errorf("empty message for %q", body)
		}
		_ = e.Class().String()
		_ = e.Error()
	})
}
