package whatsapp

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
)

func TestEventDedupeKey(t *testing.T) {
	at := time.Unix(1749418000, 0).UTC()
	billable := true
	tests := []struct {
		name string
		e    Event
		want string
	}{
		{"message", Event{Message: &InboundMessage{ID: "wamid.A"}}, "msg#wamid.A"},
		{"status", Event{Status: &StatusUpdate{MessageID: "wamid.B", Status: messaging.StatusRead, Billable: &billable}}, "st#wamid.B#read"},
		{"template with time", Event{TemplateUpdate: &TemplateStatusUpdate{TemplateID: "42", Event: "APPROVED", Reason: "NONE", Timestamp: at}}, "tpl#42#APPROVED#1749418000"},
		{"template without time", Event{TemplateUpdate: &TemplateStatusUpdate{TemplateID: "42", Event: "REJECTED", Reason: "INCORRECT_CATEGORY"}}, "tpl#42#REJECTED#INCORRECT_CATEGORY"},
		{"preference", Event{Preference: &PreferenceUpdate{WAID: "4477", Category: "marketing_messages", Value: PreferenceStop, Timestamp: at}}, "pref#4477#marketing_messages#stop#1749418000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.DedupeKey(); got != tt.want {
				t.Errorf("DedupeKey = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEventDedupeKeyHashes(t *testing.T) {
	errA := Event{PhoneNumberID: "1", Error: &WebhookError{Code: 130429, Title: "Rate limit hit"}}
	errB := Event{PhoneNumberID: "2", Error: &WebhookError{Code: 130429, Title: "Rate limit hit"}}
	other := Event{Field: "account_alerts", Other: &RawChange{Field: "account_alerts", Value: json.RawMessage(`{"a": 1}`)}}
	otherCompact := Event{Field: "account_alerts", Other: &RawChange{Field: "account_alerts", Value: json.RawMessage(`{"a":1}`)}}
	if errA.DedupeKey() == errB.DedupeKey() {
		t.Error("errors of two numbers share a dedupe key")
	}
	if again := errA; again.DedupeKey() != errA.DedupeKey() || len(errA.DedupeKey()) < len("error#")+32 {
		t.Errorf("error key %q: want stable error#<hash>", errA.DedupeKey())
	}
	if got, want := other.DedupeKey(), otherCompact.DedupeKey(); got != want {
		t.Errorf("whitespace changed the key: %q vs %q", got, want)
	}
	for _, bad := range []Event{{}, {Message: &InboundMessage{ID: "x"}, Status: &StatusUpdate{MessageID: "x"}}} {
		if got := bad.DedupeKey(); len(got) <= len("invalid#") || got[:8] != "invalid#" {
			t.Errorf("DedupeKey of %d-payload event = %q, want invalid#<hash>", bad.PayloadCount(), got)
		}
	}
}

func TestEventKind(t *testing.T) {
	tests := []struct {
		e    Event
		want string
	}{
		{Event{Message: &InboundMessage{}}, KindMessage},
		{Event{Status: &StatusUpdate{}}, KindStatus},
		{Event{Error: &WebhookError{}}, KindError},
		{Event{TemplateUpdate: &TemplateStatusUpdate{}}, KindTemplateUpdate},
		{Event{Preference: &PreferenceUpdate{}}, KindPreference},
		{Event{Other: &RawChange{}}, KindOther},
		{Event{}, ""},
		{Event{Message: &InboundMessage{}, Status: &StatusUpdate{}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.e.Kind(); got != tt.want {
				t.Errorf("Kind = %q, want %q", got, tt.want)
			}
		})
	}
}

// Events travel on SQS as JSON; every field must survive the trip.
func TestEventJSONRoundTrip(t *testing.T) {
	for _, e := range sampleEvents() {
		t.Run(e.Kind(), func(t *testing.T) {
			b, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			var got Event
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(e, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
			if got.DedupeKey() != e.DedupeKey() {
				t.Errorf("DedupeKey after round trip = %q, want %q", got.DedupeKey(), e.DedupeKey())
			}
		})
	}
}

// sampleEvents holds one event of each kind with every field set.
func sampleEvents() []Event {
	at := time.Unix(1749416383, 0).UTC()
	no := false
	return []Event{
		{Provider: messaging.ProviderMeta, WABAID: "102", PhoneNumberID: "106", Field: "messages", Message: &InboundMessage{
			ID: "wamid.A", From: "447700900123", ProfileName: "J\u00fcrgen", Timestamp: at, Type: TypeImage,
			Media:       &Media{ID: "m1", MimeType: "image/jpeg", SHA256: "abc=", Caption: "Leak", Voice: true},
			Location:    &Location{Latitude: 51.5, Longitude: -0.12, Name: "Flat 3"},
			Contacts:    json.RawMessage(`[{"name":{"formatted_name":"Bob"}}]`),
			Interactive: &Reply{Kind: ReplyList, ID: "row-1", Title: "Heating", Description: "Boiler"},
			Reaction:    &Reaction{MessageID: "wamid.B", Emoji: "\U0001F44D"},
			Context:     &MessageContext{From: "4477", MessageID: "wamid.C", Forwarded: true},
			Errors:      []messaging.StatusError{{Code: 131051, Title: "Message type unknown"}},
			Raw:         json.RawMessage(`{"id":"wamid.A"}`),
		}},
		{Provider: messaging.ProviderDialog360, Status: &StatusUpdate{MessageID: "wamid.B", Status: messaging.StatusFailed,
			Timestamp: at, RecipientID: "4477", CallbackData: "org|job", Errors: []messaging.StatusError{{Code: 131047, Details: "24h"}},
			ConversationID: "c1", ConversationOrigin: "utility", PricingCategory: "utility", PricingModel: "PMP", Billable: &no}},
		{Error: &WebhookError{Code: 130429, Title: "Rate limit hit", Message: "m", Details: "d", Href: "h"}},
		{TemplateUpdate: &TemplateStatusUpdate{TemplateID: "42", Name: "n", Language: "en_GB", Event: "PAUSED", Reason: "r", Category: "UTILITY", Timestamp: at}},
		{Preference: &PreferenceUpdate{WAID: "4477", Category: "marketing_messages", Value: PreferenceResume, Detail: "d", Timestamp: at}},
		{Other: &RawChange{Field: "account_alerts", Value: json.RawMessage(`{"entity_type":"BUSINESS"}`)}},
	}
}
