package webhook

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

// The Twilio fixtures: organisation T's business number and credentials.
const (
	phoneT, orgT  = "447700900001", "org-t"
	twilioAuthT   = "twilio-auth-token"
	twilioDomain  = "chat.proplink.example"
	twilioHookURL = "https://" + twilioDomain + "/webhooks/twilio"
)

func newTwilioRig(t testing.TB) *rig {
	t.Helper()
	r := newRig(t)
	r.phones.orgs[phoneT] = orgT
	r.secrets[messaging.OrgSecret(orgT, "", messaging.SecretAppSecret)] = twilioAuthT
	return r
}

// twilioPost is a form POST to /webhooks/twilio?query through a custom domain, signed over
// signURL with token ("" leaves the signature out).
func twilioPost(form url.Values, query, token, signURL string) apigw.Request {
	body := form.Encode()
	r := post("/webhooks/twilio", []byte(body), "host", twilioDomain, "x-forwarded-proto", "https")
	r.Headers["content-type"] = "application/x-www-form-urlencoded"
	r.RawQueryString = query
	if token != "" {
		r.Headers["x-twilio-signature"] = twilio.Signature(token, signURL, form)
	}
	return r
}

func TestDeliverTwilio(t *testing.T) {
	status := url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"delivered"}, "SmsStatus": {"delivered"},
		"From": {"whatsapp:+" + phoneT}, "To": {"whatsapp:+447700900123"}, "AccountSid": {"AC0123"}}
	inbound := url.Values{"MessageSid": {"SM2"}, "SmsStatus": {"received"}, "Body": {"Hello"}, "NumMedia": {"0"},
		"From": {"whatsapp:+447700900123"}, "To": {"whatsapp:+" + phoneT}, "ProfileName": {"Ann"}}
	unknown := url.Values{"MessageSid": {"SM3"}, "MessageStatus": {"sent"}, "From": {"whatsapp:+15550000000"}, "To": {"whatsapp:+447700900123"}}
	tests := []struct {
		name   string
		req    apigw.Request
		status int
		kind   string // kind of the one enqueued event; "" for none
		cb     string
	}{
		{"status callback with callback data", twilioPost(status, "cb=v1%7Co1%7Cm1", twilioAuthT, twilioHookURL+"?cb=v1%7Co1%7Cm1"), 200, whatsapp.KindStatus, "v1|o1|m1"},
		{"inbound message", twilioPost(inbound, "", twilioAuthT, twilioHookURL), 200, whatsapp.KindMessage, ""},
		{"inbound message with a base64 body", base64Post(twilioPost(inbound, "", twilioAuthT, twilioHookURL)), 200, whatsapp.KindMessage, ""},
		{"signed with another token", twilioPost(status, "", "not-the-token", twilioHookURL), 401, "", ""},
		{"signed for the API Gateway host, not the custom domain", twilioPost(status, "", twilioAuthT, "https://abc123.execute-api.eu-west-2.amazonaws.com/webhooks/twilio"), 401, "", ""},
		{"query not signed", twilioPost(status, "cb=forged", twilioAuthT, twilioHookURL), 401, "", ""},
		{"no signature", twilioPost(status, "", "", ""), 401, "", ""},
		{"number no organisation uses", twilioPost(unknown, "", twilioAuthT, twilioHookURL), 401, "", ""},
		{"not a form with a business number", twilioPost(url.Values{"foo": {"bar"}}, "", twilioAuthT, twilioHookURL), 400, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTwilioRig(t)
			resp := r.svc.Handle(t.Context(), tt.req)
			if got := resp.StatusCode; got != tt.status {
				t.Fatalf("status: got %d, want %d (%s)", got, tt.status, resp.Body)
			}
			in := r.inbound()
			if tt.kind == "" {
				if len(in) != 0 {
					t.Errorf("enqueued: got %d events, want none", len(in))
				}
				return
			}
			if len(in) != 1 {
				t.Fatalf("enqueued: got %d events, want 1", len(in))
			}
			if got, want := in[0].OrgID, orgT; got != want {
				t.Errorf("org: got %q, want %q", got, want)
			}
			if got := in[0].Event.Kind(); got != tt.kind {
				t.Errorf("kind: got %q, want %q", got, tt.kind)
			}
			if got, want := in[0].Event.Provider, messaging.ProviderTwilio; got != want {
				t.Errorf("provider: got %q, want %q", got, want)
			}
			if s := in[0].Event.Status; s != nil && s.CallbackData != tt.cb {
				t.Errorf("callback data: got %q, want %q", s.CallbackData, tt.cb)
			}
		})
	}
}

func TestTwilioGetRefused(t *testing.T) {
	r := newTwilioRig(t)
	req := post("/webhooks/twilio", nil)
	req.RequestContext.HTTP.Method = http.MethodGet
	if got, want := r.svc.Handle(t.Context(), req).StatusCode, http.StatusMethodNotAllowed; got != want {
		t.Errorf("status: got %d, want %d", got, want)
	}
}

// FuzzDeliverTwilio checks that no form body, query, forwarded scheme or X-Twilio-Signature
// panics the Twilio route, and that nothing is enqueued unless the signature is the
// organisation's over the public URL as received and the form.
func FuzzDeliverTwilio(f *testing.F) {
	inbound := url.Values{"MessageSid": {"SM2"}, "SmsStatus": {"received"}, "Body": {"Hello"}, "NumMedia": {"0"},
		"From": {"whatsapp:+447700900123"}, "To": {"whatsapp:+" + phoneT}}
	status := url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"delivered"}, "From": {"whatsapp:+" + phoneT}, "To": {"whatsapp:+447700900123"}}
	for _, form := range []url.Values{inbound, status} {
		f.Add(form.Encode(), "", "https", twilio.Signature(twilioAuthT, twilioHookURL, form), false)
		f.Add(form.Encode(), "cb=v1%7Co1%7Cm1", "https", twilio.Signature(twilioAuthT, twilioHookURL+"?cb=v1%7Co1%7Cm1", form), true)
		f.Add(form.Encode(), "", "http", twilio.Signature(twilioAuthT, twilioHookURL, form), false)
	}
	f.Add("%zz&=", "", "", "AAAA", false)
	f.Fuzz(func(t *testing.T, body, query, proto, sig string, b64 bool) {
		r := newTwilioRig(t)
		req := post("/webhooks/twilio", []byte(body), "host", twilioDomain, "x-forwarded-proto", proto, "x-twilio-signature", sig)
		req.Headers["content-type"] = "application/x-www-form-urlencoded"
		req.RawQueryString = query
		if b64 {
			req = base64Post(req)
		}
		got := r.svc.Handle(t.Context(), req)
		sent := r.inbound()
		if len(sent) == 0 {
			return
		}
		if got.StatusCode != http.StatusOK {
			t.Fatalf("status %d with %d enqueued", got.StatusCode, len(sent))
		}
		form, err := url.ParseQuery(body)
		scheme := "https"
		if strings.EqualFold(proto, "http") {
			scheme = "http"
		}
		u := scheme + "://" + twilioDomain + "/webhooks/twilio"
		if query != "" {
			u += "?" + query
		}
		if err != nil || twilio.VerifySignature(twilioAuthT, u, form, sig) != nil {
			t.Fatalf("enqueued %d events without the organisation's signature over %s", len(sent), u)
		}
	})
}
