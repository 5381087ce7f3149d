package apigw

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
)

func request(method string, headers map[string]string, body string, b64 bool) Request {
	var r Request
	r.RequestContext.HTTP.Method = method
	r.Headers = headers
	r.Body = body
	r.IsBase64Encoded = b64
	return r
}

func TestBody(t *testing.T) {
	big := strings.Repeat("a", MaxBody*2)
	tests := []struct {
		name string
		r    Request
		want string
		msg  string
	}{
		{name: "plain", r: request("POST", nil, `{"a":1}`, false), want: `{"a":1}`},
		{name: "base64", r: request("POST", nil, base64.StdEncoding.EncodeToString([]byte(`{"a":"ä"}`)), true), want: `{"a":"ä"}`},
		{name: "bad base64", r: request("POST", nil, "!!!", true), msg: "Request body is not valid base64"},
		{name: "too large", r: request("POST", nil, big, false), msg: "Request body is too large"},
		{name: "too large base64", r: request("POST", nil, base64.StdEncoding.EncodeToString([]byte(big)), true), msg: "Request body is too large"},
		{name: "empty", r: request("POST", nil, "", false), want: ""},
		{name: "at the limit", r: request("POST", nil, big[:MaxBody], false), want: big[:MaxBody]},
		{name: "just over the limit", r: request("POST", nil, big[:MaxBody+1], false), msg: "Request body is too large"},
		{name: "just over the limit base64", r: request("POST", nil, base64.StdEncoding.EncodeToString([]byte(big[:MaxBody+1])), true), msg: "Request body is too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Body(tt.r)
			if tt.msg != "" {
				if messaging.ErrorCode(err) != messaging.CodeInvalid || messaging.ErrorMessage(err) != tt.msg {
					t.Fatalf("Body error = %v, want invalid %q", err, tt.msg)
				}
				return
			}
			if err != nil {
				t.Fatalf("Body: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("Body = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		name, body string
		msg        string // the refusal's text; "" when accepted
	}{
		{name: "object", body: `{"a":1}`},
		{name: "object and blanks", body: " {\"a\":1} \n"},
		{name: "csrf_token accepted", body: `{"a":1,"csrf_token":"x"}`},
		{name: "empty", body: "", msg: "Request body must be a JSON object"},
		{name: "blank", body: "  \n", msg: "Request body must be a JSON object"},
		{name: "not json", body: "a=1", msg: "Request body must be a JSON object"},
		{name: "array", body: `[1]`, msg: "Request body must be a JSON object"},
		{name: "wrong type", body: `{"a":"x"}`, msg: "Invalid parameter: a (expected a number)"},
		{name: "out of range", body: `{"a":1e99}`, msg: "Invalid parameter: a (out of range)"},
		{name: "unknown field", body: `{"a":1,"apointment_date":"2026-11-25"}`, msg: `Unknown field "apointment_date"`},
		{name: "trailing data", body: `{"a":1} x`, msg: "Request body must be a single JSON object, with nothing after it"},
		{name: "two objects", body: `{"a":1}{"a":2}`, msg: "Request body must be a single JSON object, with nothing after it"},
		{name: "two values", body: `{"a":1} 2`, msg: "Request body must be a single JSON object, with nothing after it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v struct {
				A int `json:"a"`
				CSRF
			}
			err := DecodeJSON(request("POST", nil, tt.body, false), &v)
			if tt.msg == "" {
				if err != nil || v.A != 1 {
					t.Fatalf("DecodeJSON = %v, %+v", err, v)
				}
				return
			}
			if got, want := messaging.ErrorCode(err), messaging.CodeInvalid; got != want {
				t.Errorf("code = %q, want %q", got, want)
			}
			if got := messaging.ErrorMessage(err); got != tt.msg {
				t.Errorf("message = %q, want %q", got, tt.msg)
			}
		})
	}
}

func TestBearerToken(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		want    string
	}{
		{name: "canonical", headers: map[string]string{"authorization": "Bearer abc.def"}, want: "abc.def"},
		{name: "mixed-case header name", headers: map[string]string{"Authorization": "Bearer abc"}, want: "abc"},
		{name: "lower-case scheme", headers: map[string]string{"authorization": "bearer abc"}, want: "abc"},
		{name: "upper-case scheme", headers: map[string]string{"authorization": "BEARER abc"}, want: "abc"},
		{name: "surrounding spaces", headers: map[string]string{"authorization": "Bearer   abc  "}, want: "abc"},
		{name: "scheme only", headers: map[string]string{"authorization": "Bearer "}, want: ""},
		{name: "scheme and blanks", headers: map[string]string{"authorization": "Bearer    "}, want: ""},
		{name: "basic", headers: map[string]string{"authorization": "Basic dXNlcjpwYXNz"}, want: ""},
		{name: "no space", headers: map[string]string{"authorization": "Bearerabc"}, want: ""},
		{name: "absent", headers: nil, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := BearerToken(request("GET", tt.headers, "", false)); got != tt.want {
				t.Errorf("BearerToken = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRequireMethod(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		allowed []string
		headers map[string]string
		msg     string
	}{
		{name: "allowed", method: "POST", allowed: []string{"POST"}},
		{name: "one of several", method: "PUT", allowed: []string{"GET", "PUT"}},
		{name: "GET on POST", method: "GET", allowed: []string{"POST"}, headers: map[string]string{"Allow": "POST"},
			msg: "Method GET not allowed. Allowed: POST"},
		{name: "DELETE on GET, PUT", method: "DELETE", allowed: []string{"GET", "PUT"}, headers: map[string]string{"Allow": "GET, PUT"},
			msg: "Method DELETE not allowed. Allowed: GET, PUT"},
		{name: "lower-case method is not the same", method: "post", allowed: []string{"POST"}, headers: map[string]string{"Allow": "POST"},
			msg: "Method post not allowed. Allowed: POST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := RequireMethod(request(tt.method, nil, "", false), tt.allowed...)
			if diff := cmp.Diff(tt.headers, h); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("RequireMethod = %v, want nil", err)
				}
				return
			}
			r := WithHeaders(Error(err), h)
			if got, want := r.StatusCode, 405; got != want {
				t.Errorf("status = %d, want %d", got, want)
			}
			if got, want := r.Headers["Allow"], tt.headers["Allow"]; got != want {
				t.Errorf("Allow = %q, want %q", got, want)
			}
			if got := messaging.ErrorMessage(err); got != tt.msg {
				t.Errorf("message = %q, want %q", got, tt.msg)
			}
		})
	}
}
