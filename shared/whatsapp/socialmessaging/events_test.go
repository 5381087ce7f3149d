package socialmessaging

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

func readEvent(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "events", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseEvent(t *testing.T) {
	for _, name := range []string{"received_text_sns.json", "received_text_raw.json"} {
		t.Run(name, func(t *testing.T) {
			ev, err := ParseEvent(readEvent(t, name))
			if err != nil {
				t.Fatal(err)
			}
			if ev.MessageID != "6d69f07a-c317-4278-9d5c-6a84078419ec" {
				t.Errorf("message id: got %q", ev.MessageID)
			}
			if len(ev.PhoneNumbers) != 1 || ev.PhoneNumbers[0].ARN != phoneARN || ev.PhoneNumbers[0].MetaID != "abcde1234567890" {
				t.Errorf("phone numbers: got %+v, want the phone ARN", ev.PhoneNumbers)
			}
			if len(ev.WABAs) != 1 || ev.WABAs[0].ARN != wabaARN {
				t.Errorf("wabas: got %+v, want the WABA ARN", ev.WABAs)
			}
			if len(ev.Parsed.Events) != 1 || len(ev.Parsed.Problems) != 0 {
				t.Fatalf("events: got %+v", ev.Parsed)
			}
			e := ev.Parsed.Events[0]
			if e.Provider != messaging.ProviderAWSSocial || e.PhoneNumberID != "abcde1234567890" || e.WABAID != "1234567890abcde" ||
				e.Message == nil || e.Message.ID != "wamid.IN1" || e.Message.Text != "Is the flat still free?" {
				t.Errorf("event: got %+v (message %+v)", e, e.Message)
			}
		})
	}
	t.Run("same events as Meta's parser", func(t *testing.T) {
		ev, _ := ParseEvent(readEvent(t, "received_text_raw.json"))
		mp, err := meta.ParseWebhook([]byte(`{"object":"whatsapp_business_account","entry":[{"id":"1234567890abcde","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"447700900001","phone_number_id":"abcde1234567890"},"contacts":[{"profile":{"name":"Ann"},"wa_id":"447700900123"}],"messages":[{"from":"447700900123","id":"wamid.IN1","timestamp":"1736379043","type":"text","text":{"body":"Is the flat still free?"}}]}}]}]}`))
		if err != nil || len(mp.Events) != 1 {
			t.Fatalf("meta: %v %+v", err, mp)
		}
		mp.SetProvider(messaging.ProviderAWSSocial)
		if got, want := ev.Parsed.Events[0].Message.From, mp.Events[0].Message.From; got != want {
			t.Errorf("from: got %q, want %q", got, want)
		}
		if got, want := ev.Parsed.Events[0].Message.Timestamp, mp.Events[0].Message.Timestamp; !got.Equal(want) {
			t.Errorf("timestamp: got %v, want %v", got, want)
		}
	})
	bad := []struct{ name, body string }{
		{"not json", `{`},
		{"no entry", `{"context":{}}`},
		{"entry not json", `{"whatsAppWebhookEntry":"{"}`},
		{"notification without event", `{"Type":"Notification","Message":"hello"}`},
		{"entry null", `{"whatsAppWebhookEntry":null}`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseEvent([]byte(tt.body)); !errors.Is(err, ErrNotEvent) {
				t.Errorf("got %v, want ErrNotEvent", err)
			}
		})
	}
	t.Run("too large", func(t *testing.T) {
		if _, err := ParseEvent(make([]byte, meta.MaxWebhookBody+1)); !errors.Is(err, meta.ErrBodyTooLarge) {
			t.Errorf("got %v, want ErrBodyTooLarge", err)
		}
	})
}

func FuzzParseEvent(f *testing.F) {
	f.Add(readEvent(f, "received_text_sns.json"))
	f.Add(readEvent(f, "received_text_raw.json"))
	f.Add([]byte(`{"Type":"Notification","Message":"{\"whatsAppWebhookEntry\":\"{\\\"changes\\\":{}}\"}"}`))
	f.Add([]byte(`{"whatsAppWebhookEntry":"[]"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := ParseEvent(body)
		if err != nil {
			if len(ev.Parsed.Events) != 0 || len(ev.Parsed.Problems) != 0 {
				t.Fatalf("error %v with results", err)
			}
			return
		}
		if n := len(ev.Parsed.Events) + len(ev.Parsed.Problems); n > meta.MaxWebhookItems {
			t.Fatalf("%d items, cap %d", n, meta.MaxWebhookItems)
		}
		for i, e := range ev.Parsed.Events {
			if e.Provider != messaging.ProviderAWSSocial {
				t.Fatalf("event %d provider %q", i, e.Provider)
			}
		}
	})
}

// FuzzParseEventEnvelope holds that delivery does not change an event: a body parsed raw and
// the same body inside an SNS notification (the subscription without raw delivery) give the
// same message id, context and events, or both fail.
func FuzzParseEventEnvelope(f *testing.F) {
	f.Add(readEvent(f, "received_text_raw.json"))
	f.Add([]byte(`{"whatsAppWebhookEntry":"{\"id\":\"1\",\"changes\":[]}","messageId":"m"}`))
	f.Add([]byte(`{"context":{"MetaPhoneNumberIds":[{"metaPhoneNumberId":"1","arn":"a"}]},"whatsAppWebhookEntry":"{}"}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		env, err := json.Marshal(map[string]string{"Type": "Notification", "MessageId": "sns-1", "TopicArn": "arn:aws:sns:eu-west-1:1:t", "Message": string(raw)})
		if err != nil {
			t.Skip()
		}
		a, errA := ParseEvent(raw)
		b, errB := ParseEvent(env)
		if errors.Is(errB, meta.ErrBodyTooLarge) {
			return // the envelope's own bytes pushed it over the cap
		}
		var probe struct{ Type string }
		if json.Unmarshal(raw, &probe) == nil && probe.Type == "Notification" {
			return // a raw body that is itself an envelope is unwrapped once more
		}
		if (errA == nil) != (errB == nil) {
			t.Fatalf("raw: %v; enveloped: %v", errA, errB)
		}
		if errA != nil {
			return
		}
		if a.MessageID != b.MessageID || !reflect.DeepEqual(a.PhoneNumbers, b.PhoneNumbers) || !reflect.DeepEqual(a.WABAs, b.WABAs) ||
			len(a.Parsed.Events) != len(b.Parsed.Events) || len(a.Parsed.Problems) != len(b.Parsed.Problems) {
			t.Fatalf("raw %+v; enveloped %+v", a, b)
		}
	})
}
