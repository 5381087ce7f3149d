package whatsapp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestExchange(t *testing.T) {
	const secret = "tok-SECRET-123"
	var got struct {
		auth, contentType, body string
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.auth, got.contentType, got.body = r.Header.Get("Authorization"), r.Header.Get("Content-Type"), string(b)
		switch r.URL.Path {
		case "/ok":
			_, _ = io.WriteString(w, `{"id":"1"}`)
		case "/echo":
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, "bad token "+secret)
		case "/drop":
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			_ = conn.Close()
		}
	}))
	defer srv.Close()
	call := func(path string, body []byte) Call {
		return Call{
			Method: http.MethodPost, URL: srv.URL + path + "?access_token=" + secret, ContentType: "application/json", Body: body,
			Authorize: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+secret) },
			Secret:    secret, MaxAnswer: 1 << 10,
			ParseError: func(status int, _ http.Header, body []byte) *Error {
				return &Error{HTTPStatus: status, Title: string(body), Message: string(body), Details: string(body)}
			},
		}
	}
	t.Run("a 2xx answer is its body", func(t *testing.T) {
		data, err := Exchange(context.Background(), srv.Client(), call("/ok", []byte(`{"a":1}`)))
		if err != nil || string(data) != `{"id":"1"}` {
			t.Fatalf("got %q, %v; want the answer's body", data, err)
		}
		if got.auth != "Bearer "+secret || got.contentType != "application/json" || got.body != `{"a":1}` {
			t.Errorf("the provider got %+v, want the credentials, the content type and the body", got)
		}
	})
	t.Run("no body, no content type", func(t *testing.T) {
		if _, err := Exchange(context.Background(), srv.Client(), call("/ok", nil)); err != nil {
			t.Fatal(err)
		}
		if got.contentType != "" {
			t.Errorf("content type %q sent without a body", got.contentType)
		}
	})
	t.Run("the provider's error is redacted", func(t *testing.T) {
		_, err := Exchange(context.Background(), srv.Client(), call("/echo", nil))
		var e *Error
		if !errors.As(err, &e) || e.HTTPStatus != http.StatusBadRequest {
			t.Fatalf("got %v, want the provider's 400", err)
		}
		for _, s := range []string{e.Title, e.Message, e.Details} {
			if strings.Contains(s, secret) || !strings.Contains(s, "[redacted]") {
				t.Errorf("provider words %q: want the secret redacted", s)
			}
		}
	})
	t.Run("a connection lost after the request was written may have been sent", func(t *testing.T) {
		_, err := Exchange(context.Background(), srv.Client(), call("/drop", []byte(`{}`)))
		var e *Error
		if !errors.As(err, &e) || !e.Unconfirmed {
			t.Fatalf("got %v, want an unconfirmed send", err)
		}
	})
	t.Run("a refused connection names the URL without its query", func(t *testing.T) {
		c := call("/ok", nil)
		c.URL = "http://127.0.0.1:1/x?access_token=" + secret
		_, err := Exchange(context.Background(), srv.Client(), c)
		var e *Error
		if err == nil || errors.As(err, &e) || strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), "127.0.0.1:1/x") {
			t.Fatalf("got %v, want a plain transport error naming the URL without the secret", err)
		}
	})
}
