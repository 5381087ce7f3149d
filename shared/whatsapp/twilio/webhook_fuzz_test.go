package twilio

import (
	"testing"
	"time"

	"github.com/proplink/chat/shared/whatsapp"
)

// FuzzParseWebhook feeds arbitrary form bodies to the parser: it must never panic, and every
// event it returns carries exactly one payload, a business number and a message id.
func FuzzParseWebhook(f *testing.F) {
	f.Add([]byte("MessageSid=SM1&MessageStatus=delivered&From=whatsapp%3A%2B447700900001&To=whatsapp%3A%2B447700900123"))
	f.Add([]byte("MessageSid=SM1&SmsStatus=received&Body=hi&NumMedia=1&MediaUrl0=x&MediaContentType0=image%2Fpng&To=whatsapp%3A%2B1&From=whatsapp%3A%2B2"))
	f.Add([]byte("MessageSid=SM1&SmsStatus=received&Latitude=1e400&Longitude=x&To=whatsapp%3A%2B1&From=whatsapp%3A%2B2"))
	f.Add([]byte("MessageSid=SM1&SmsStatus=received&ButtonText=Yes&ButtonPayload=pl%3Ayes&To=whatsapp%3A%2B1&From=whatsapp%3A%2B2"))
	f.Add([]byte("MessageSid=SM1&SmsStatus=received&ButtonPayload=pl%3A&To=whatsapp%3A%2B1&From=whatsapp%3A%2B2"))
	f.Add([]byte("%zz&&=;"))
	f.Fuzz(func(t *testing.T, body []byte) {
		form, err := ParseForm(body)
		if err != nil {
			return
		}
		ev, err := ParseWebhook(form, "", time.Unix(0, 0))
		if err != nil {
			return
		}
		if ev.Kind() == "" || ev.PhoneNumberID == "" {
			t.Fatalf("event without one payload or number: %+v", ev)
		}
		if m := ev.Message; m != nil && m.Interactive != nil && (m.Type == whatsapp.TypeInteractive) != (m.Interactive.Kind == whatsapp.ReplyButton) {
			t.Fatalf("a reply tap typed %q with kind %q", m.Type, m.Interactive.Kind)
		}
		if (ev.Message != nil && ev.Message.ID == "") || (ev.Status != nil && ev.Status.MessageID == "") {
			t.Fatalf("event without a message id: %+v", ev)
		}
	})
}
