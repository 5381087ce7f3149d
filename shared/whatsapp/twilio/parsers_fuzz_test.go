package twilio

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// FuzzVerifySignature feeds arbitrary tokens, URLs, form bodies and X-Twilio-Signature headers
// to the check: it never panics, a header verifies exactly when it is the form's signature under
// the token, and every form's own signature verifies.
func FuzzVerifySignature(f *testing.F) {
	f.Add("12345", "https://mycompany.com/myapp.php?foo=1&bar=2",
		"CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
	f.Add("", "https://x", "a=1", "")
	f.Add("tok", "http://chat.proplink.test/webhooks/twilio", "a=1&a=0&%zz", "AAAA")
	f.Fuzz(func(t *testing.T, token, fullURL, body, header string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		err = VerifySignature(token, fullURL, form, header)
		if ok := err == nil; ok != (token != "" && header != "" && header == Signature(token, fullURL, form)) {
			t.Fatalf("VerifySignature(%q, %q, %v, %q) = %v", token, fullURL, form, header, err)
		}
		if token != "" && VerifySignature(token, fullURL, form, Signature(token, fullURL, form)) != nil {
			t.Fatalf("the form's own signature does not verify")
		}
	})
}

// FuzzParseError feeds arbitrary error answers to ParseError: it never panics, and always
// gives an error with the answer's HTTP status and a message.
func FuzzParseError(f *testing.F) {
	f.Add(400, []byte(`{"code":63016,"message":"Failed to send freeform message because you are outside the allowed window.","more_info":"https://www.twilio.com/docs/errors/63016","status":400}`), "")
	f.Add(429, []byte(`{"code":63018,"message":"rate limit","status":429}`), "30")
	f.Add(503, []byte(`<html>`), "-1")
	f.Add(0, []byte(`{"code":"x"}`), "99999999999999999999")
	f.Fuzz(func(t *testing.T, status int, body []byte, retry string) {
		e := ParseError(status, http.Header{"Retry-After": {retry}}, body)
		if e == nil || e.HTTPStatus != status || e.Message == "" || e.RetryAfter < 0 || e.RetryAfter > maxRetryAfter {
			t.Fatalf("ParseError(%d, %q, %q) = %+v", status, body, retry, e)
		}
		_ = e.Class()
	})
}

// FuzzParseCredentials feeds arbitrary stored tokens to ParseCredentials: it never panics, and
// what it accepts is an account SID (AC…, usable in a URL path) and a non-empty secret.
func FuzzParseCredentials(f *testing.F) {
	f.Add("ACsim00000000000000000000000000e2e:secret")
	f.Add("AC:")
	f.Add("SK123:secret")
	f.Add("AC/../x:y")
	f.Fuzz(func(t *testing.T, token string) {
		c, err := ParseCredentials(token)
		if err != nil {
			return
		}
		if !strings.HasPrefix(c.AccountSID, "AC") || c.AuthToken == "" || strings.ContainsAny(c.AccountSID, "/?#:") {
			t.Fatalf("ParseCredentials(%q) = %+v", token, c)
		}
	})
}

// FuzzMediaURL feeds arbitrary MediaUrl values (a webhook field) to MediaInfo: it never panics,
// and it accepts only a media resource of the account on the account's own API host, so the
// account's credentials never go where a webhook names.
func FuzzMediaURL(f *testing.F) {
	f.Add("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1")
	f.Add("https://evil.example/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1")
	f.Add("https://user@api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1")
	f.Add("https://api.twilio.com/2010-04-01/Accounts/AC2/Messages/MM1/Media/ME1")
	f.Add("//api.twilio.com/%zz")
	acct := whatsapp.Account{Provider: messaging.ProviderTwilio, BaseURL: "https://api.twilio.com", Token: "AC1:secret", PhoneNumberID: "447700900555"}
	c := New(http.DefaultClient, "")
	f.Fuzz(func(t *testing.T, raw string) {
		info, err := c.MediaInfo(context.Background(), acct, raw)
		if err != nil {
			return
		}
		u, perr := url.Parse(info.URL)
		if perr != nil || u.Scheme != "https" || !strings.EqualFold(u.Host, "api.twilio.com") || u.User != nil ||
			!strings.HasPrefix(u.Path, "/2010-04-01/Accounts/AC1/Messages/") {
			t.Fatalf("accepted media url %q", raw)
		}
	})
}

// FuzzProviderAnswers feeds arbitrary answers of the Content and Senders APIs to ListTemplates
// and VerifyNumber: they never panic nor loop, and the sender is confirmed only on an answer
// that names it.
func FuzzProviderAnswers(f *testing.F) {
	f.Add([]byte(`{"contents":[{"sid":"HX1","friendly_name":"appointment_reminder","language":"en","variables":{"1":"Sam"},"types":{"twilio/text":{"body":"Hi {{1}}"}},"approval_requests":{"name":"appointment_reminder","category":"UTILITY","status":"approved"}}],"meta":{"next_page_url":null}}`))
	f.Add([]byte(`{"senders":[{"sender_id":"whatsapp:+447700900555"}],"meta":{"next_page_url":"https://elsewhere.example/v2"}}`))
	f.Add([]byte(`{"contents":[{"types":{"twilio/quick-reply":{"actions":[{"type":"QUICK_REPLY"}]},"twilio/card":7}}],"meta":{"next_page_url":"%s"}}`))
	f.Add([]byte(`{"senders":null,"contents":"x"}`))
	var mu sync.Mutex
	var answer []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		// A next page on this server comes back to the same answer: pagination must still end.
		w.Write([]byte(strings.ReplaceAll(string(answer), "%s", "http://"+r.Host+r.URL.Path+"?p=2")))
	}))
	defer srv.Close()
	c := New(srv.Client(), "")
	acct := whatsapp.Account{Provider: messaging.ProviderTwilio, BaseURL: srv.URL, Token: "AC1:secret", PhoneNumberID: "447700900555"}
	f.Fuzz(func(t *testing.T, body []byte) {
		mu.Lock()
		answer = body
		mu.Unlock()
		_, _ = c.ListTemplates(context.Background(), acct)
		if err := c.VerifyNumber(context.Background(), acct); err == nil && !strings.Contains(string(body), "447700900555") {
			t.Fatalf("confirmed on an answer that does not name the sender: %s", body)
		}
	})
}
