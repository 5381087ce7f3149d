package whatsapp

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
)

var receivedAt = time.Date(2026, 11, 24, 10, 0, 0, 123456789, time.UTC)

// AppendJSON writes what json.Marshal writes for every kind of event.
func TestInboundAppendJSONMatchesMarshal(t *testing.T) {
	yes := true
	events := sampleEvents()
	events = append(events,
		Event{Provider: "meta", Message: &InboundMessage{ID: "w", From: "44", Timestamp: receivedAt, Type: TypeText,
			Text: "quote \" back\\slash <b>&amp; \n\t\x01 \u2028\u2029 ol\u00e1 \U0001F44D bad\xffutf8"}},
		Event{Provider: "meta", Status: &StatusUpdate{MessageID: "w", Status: messaging.StatusRead, Billable: &yes,
			Timestamp: time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", 3600))}},
		Event{Provider: "meta", Message: &InboundMessage{}},
		Event{},
	)
	for _, e := range events {
		t.Run(e.Kind(), func(t *testing.T) {
			in := Inbound{OrgID: "org-\u00e9 <1>", ReceivedAt: receivedAt, Event: e}
			got, err := in.AppendJSON([]byte("prefix"))
			if err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := string(got), "prefix"+string(want); got != want {
				t.Errorf("AppendJSON\n got %s\nwant %s", got, want)
			}
		})
	}
}

// A message's raw JSON is kept byte for byte (json.Marshal would compact it); what does not
// encode is an error, as json.Marshal's.
func TestInboundAppendJSONRaw(t *testing.T) {
	msg := func(raw, contacts string) Inbound {
		return Inbound{OrgID: "o", ReceivedAt: receivedAt, Event: Event{Provider: "meta", Message: &InboundMessage{
			ID: "w", From: "44", Timestamp: receivedAt, Type: TypeContacts,
			Raw: json.RawMessage(raw), Contacts: json.RawMessage(contacts)}}}
	}
	tests := []struct {
		name    string
		in      Inbound
		wantRaw string
		wantErr bool
	}{
		{"pretty raw kept", msg("{\n  \"id\": \"w\",\n  \"text\": {\"body\": \"<hi>\"}\n}", `[ {"name": 1} ]`), "{\n  \"id\": \"w\",\n  \"text\": {\"body\": \"<hi>\"}\n}", false},
		{"raw not JSON", msg(`{"id":`, ""), "", true},
		{"contacts not JSON", msg(`{}`, `[1,`), "", true},
		{"two values", msg(`{} {}`, ""), "", true},
		{"year 10000", Inbound{OrgID: "o", ReceivedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.in.AppendJSON(nil)
			_, stdErr := json.Marshal(tt.in)
			if got, want := err != nil, tt.wantErr; got != want || (stdErr != nil) != want {
				t.Fatalf("AppendJSON error %v, json.Marshal error %v, want an error: %v", err, stdErr, want)
			}
			if tt.wantErr {
				return
			}
			var got Inbound
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("decode %s: %v", b, err)
			}
			if got, want := string(got.Event.Message.Raw), tt.wantRaw; got != want {
				t.Errorf("raw = %q, want %q", got, want)
			}
			if diff := cmp.Diff(normalised(t, tt.in), got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

// normalised is in as it reads back from the queue: raw JSON fields without the spaces around
// them.
func normalised(t testing.TB, in Inbound) Inbound {
	t.Helper()
	if m := in.Event.Message; m != nil {
		c := *m
		c.Raw, c.Contacts = trimRaw(c.Raw), trimRaw(c.Contacts)
		in.Event.Message = &c
	}
	return in
}

func trimRaw(b json.RawMessage) json.RawMessage {
	if len(b) == 0 {
		return nil
	}
	return bytes.Trim(b, " \t\r\n")
}

// FuzzInboundAppendJSON checks that AppendJSON fails exactly when json.Marshal does, writes the
// same JSON once raw fields are compacted as json.Marshal compacts them, and keeps raw JSON
// byte for byte.
func FuzzInboundAppendJSON(f *testing.F) {
	f.Add("org-a", "447700900123", "hello", []byte(`{"id":"w"}`), int64(1749416383), int64(0), uint8(0))
	f.Add("o\"<", "\u2028", "ol\u00e1 \xff", []byte("{\n \"a\" : [1, 2]\n}"), int64(-62135596800), int64(5), uint8(1))
	f.Add("", "", "", []byte(`{`), int64(253402300800), int64(-1), uint8(2))
	f.Add("o", "4477", "x", []byte(`[{"name":"<b>"}]`), int64(0), int64(999999999), uint8(3))
	f.Fuzz(func(t *testing.T, org, who, text string, raw []byte, sec, nsec int64, kind uint8) {
		at := time.Unix(sec, nsec).UTC()
		if kind&4 != 0 {
			at = at.In(time.FixedZone("", int(nsec%100000)))
		}
		in := Inbound{OrgID: org, ReceivedAt: at}
		switch kind % 4 {
		case 0:
			in.Event = Event{Provider: who, PhoneNumberID: text, Message: &InboundMessage{ID: text, From: who,
				Timestamp: at, Type: TypeText, Text: text, Raw: raw}}
		case 1:
			in.Event = Event{Provider: who, Message: &InboundMessage{ID: who, ProfileName: text, Type: TypeContacts,
				Contacts: raw, Context: &MessageContext{From: text}}}
		case 2:
			billable := nsec%2 == 0
			in.Event = Event{Provider: who, WABAID: text, Status: &StatusUpdate{MessageID: who, Status: messaging.Status(text),
				Timestamp: at, RecipientID: text, CallbackData: org, Billable: &billable,
				Errors: []messaging.StatusError{{Code: int(sec), Title: text}}}}
		default:
			in.Event = Event{Provider: who, Field: text, Other: &RawChange{Field: who, Value: raw}}
		}
		got, err := in.AppendJSON(nil)
		want, stdErr := json.Marshal(in)
		if (err != nil) != (stdErr != nil) {
			t.Fatalf("AppendJSON error %v, json.Marshal error %v", err, stdErr)
		}
		if err != nil {
			return
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, got); err != nil {
			t.Fatalf("AppendJSON wrote invalid JSON %q: %v", got, err)
		}
		var escaped bytes.Buffer
		json.HTMLEscape(&escaped, compact.Bytes())
		if !bytes.Equal(escaped.Bytes(), want) {
			t.Fatalf("AppendJSON\n got %q\nwant %q", escaped.Bytes(), want)
		}
		var back Inbound
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatal(err)
		}
		if m := back.Event.Message; m != nil && (!bytes.Equal(m.Raw, trimRaw(raw)) && kind%4 == 0 || !bytes.Equal(m.Contacts, trimRaw(raw)) && kind%4 == 1) {
			t.Fatalf("raw read back %q %q, want %q", m.Raw, m.Contacts, raw)
		}
	})
}
