package twilio

import (
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const (
	testSID   = "AC00000000000000000000000000000001"
	testToken = "authtoken-secret"
)

// seenRequest is what the fake Twilio received.
type seenRequest struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   string
}

// recorder is a fake Twilio answering every request with status and body.
type recorder struct {
	mu     sync.Mutex
	seen   []seenRequest
	status int
	body   func(r *http.Request) string
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.seen = append(rec.seen, seenRequest{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), string(b)})
	rec.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rec.status)
	io.WriteString(w, rec.body(r))
}

func serve(t *testing.T, status int, body string) (*recorder, whatsapp.Account) {
	t.Helper()
	rec := &recorder{status: status, body: func(*http.Request) string { return body }}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return rec, whatsapp.Account{Provider: messaging.ProviderTwilio, BaseURL: srv.URL, Token: testSID + ":" + testToken, PhoneNumberID: "+447700900001"}
}

const accepted = `{"sid":"SM0123456789abcdef0123456789abcdef","status":"queued"}`

// golden compares a form body, one "name=value" per line sorted by name, with testdata/golden.
func golden(t *testing.T, name, body string) {
	t.Helper()
	form, err := url.ParseQuery(body)
	if err != nil {
		t.Fatalf("body is not form-encoded: %v", err)
	}
	var lines []string
	for k, vs := range form {
		for _, v := range vs {
			lines = append(lines, k+"="+v)
		}
	}
	sort.Strings(lines)
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", "golden", name)
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden %s: %v (run with -update)", path, err)
	}
	if got != string(want) {
		t.Errorf("form body of %s:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestSendBodies(t *testing.T) {
	reminder := messaging.Template{Name: "HX0123456789abcdef0123456789abcdef", Language: "en", ParameterFormat: messaging.FormatNamed,
		Components: []messaging.Component{{Type: "BODY", Text: "Hi {{1}}, your appointment is on {{2}}."}}}
	reminder.Variables = messaging.DeriveVariables(reminder.Components)
	rendered, err := reminder.Render(map[string]string{"1": "Ann", "2": "Tuesday \"9-12\" & more"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		golden string
		send   func(c *Client, acct whatsapp.Account) (string, error)
	}{
		{"template with variables", "template.txt", func(c *Client, acct whatsapp.Account) (string, error) {
			return c.SendTemplate(context.Background(), acct, whatsapp.TemplateSend{To: "+447700900123", Name: reminder.Name, Language: "en", Rendered: rendered, CallbackData: "v1|o1|m1"})
		}},
		{"template without variables", "template_plain.txt", func(c *Client, acct whatsapp.Account) (string, error) {
			return c.SendTemplate(context.Background(), acct, whatsapp.TemplateSend{To: "447700900123", Name: reminder.Name, Language: "en"})
		}},
		{"free text", "text.txt", func(c *Client, acct whatsapp.Account) (string, error) {
			return c.SendText(context.Background(), acct, "whatsapp:+447700900123", "On its way", "v1|o1|m2")
		}},
		{"media by link", "media.txt", func(c *Client, acct whatsapp.Account) (string, error) {
			return c.SendMedia(context.Background(), acct, whatsapp.MediaSend{To: "+447700900123", Kind: "document", FileName: "contract.pdf",
				Caption: "Your contract", Link: "https://bucket.s3.eu-west-1.amazonaws.com/org/att/contract.pdf?X-Amz-Signature=abc", CallbackData: "v1|o1|m3"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, acct := serve(t, http.StatusCreated, accepted)
			c := New(nil, "https://chat.example.com/webhooks/twilio")
			c.http = http.DefaultClient // the test server is on 127.0.0.1
			sid, err := tt.send(c, acct)
			if err != nil {
				t.Fatalf("send: %v", err)
			}
			if got, want := sid, "SM0123456789abcdef0123456789abcdef"; got != want {
				t.Errorf("sid: got %q, want %q", got, want)
			}
			if got, want := len(rec.seen), 1; got != want {
				t.Fatalf("requests: got %d, want %d", got, want)
			}
			r := rec.seen[0]
			if got, want := r.Method+" "+r.Path, "POST /2010-04-01/Accounts/"+testSID+"/Messages.json"; got != want {
				t.Errorf("request: got %q, want %q", got, want)
			}
			if got, want := r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"; got != want {
				t.Errorf("content type: got %q, want %q", got, want)
			}
			user, pass, ok := (&http.Request{Header: r.Header}).BasicAuth()
			if !ok || user != testSID || pass != testToken {
				t.Errorf("basic auth: got %q/%q (%v), want the account SID and auth token", user, pass, ok)
			}
			golden(t, tt.golden, r.Body)
		})
	}
}

func TestSendErrorsClassified(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   whatsapp.Class
		code   int
	}{
		{"outside the window", 400, `{"code":63016,"message":"Failed to send freeform message because you are outside the allowed window.","more_info":"https://www.twilio.com/docs/errors/63016","status":400}`, whatsapp.Permanent, 63016},
		{"rate limit", 429, `{"code":63018,"message":"Rate limit exceeded","status":429}`, whatsapp.Pace, 63018},
		{"auth", 401, `{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}`, whatsapp.Auth, 20003},
		{"invalid number", 400, `{"code":21211,"message":"Invalid 'To' Phone Number","status":400}`, whatsapp.Permanent, 21211},
		{"not a whatsapp number", 400, `{"code":21614,"message":"'To' number is not a valid mobile number","status":400}`, whatsapp.Permanent, 21614},
		{"server error without a body", 503, ``, whatsapp.Retry, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, acct := serve(t, tt.status, tt.body)
			_, err := New(http.DefaultClient, "").SendText(context.Background(), acct, "+447700900123", "hi", "")
			var e *whatsapp.Error
			if !errors.As(err, &e) {
				t.Fatalf("error: got %v, want *whatsapp.Error", err)
			}
			if got := e.Code; got != tt.code {
				t.Errorf("code: got %d, want %d", got, tt.code)
			}
			if got := whatsapp.Classify(err); got != tt.want {
				t.Errorf("class: got %v, want %v", got, tt.want)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error text carries the auth token: %v", err)
			}
		})
	}
}

func TestParseCredentials(t *testing.T) {
	tests := []struct {
		name, token string
		ok          bool
	}{
		{"sid and token", testSID + ":" + testToken, true},
		{"no colon", testSID, false},
		{"empty token", testSID + ":", false},
		{"not an account sid", "SK123:secret", false},
		{"path in sid", "AC1/../x:secret", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCredentials(tt.token)
			if got := err == nil; got != tt.ok {
				t.Errorf("ok: got %v, want %v (err %v)", got, tt.ok, err)
			}
		})
	}
}
