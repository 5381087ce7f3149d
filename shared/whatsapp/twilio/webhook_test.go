package twilio

import (
	"errors"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

var received = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func TestParseWebhook(t *testing.T) {
	const sid = "SM0123456789abcdef0123456789abcdef"
	status := func(st string, extra ...string) string {
		s := "MessageSid=" + sid + "&MessageStatus=" + st + "&SmsStatus=" + st + "&AccountSid=AC1&From=whatsapp%3A%2B447700900001&To=whatsapp%3A%2B447700900123&ChannelPrefix=whatsapp"
		for _, e := range extra {
			s += "&" + e
		}
		return s
	}
	tests := []struct {
		name string
		body string
		cb   string
		want whatsapp.Event
	}{
		{"sent", status("sent"), "v1|o1|m1", whatsapp.Event{Provider: messaging.ProviderTwilio, PhoneNumberID: "447700900001", Field: "messages",
			Status: &whatsapp.StatusUpdate{MessageID: sid, Status: messaging.StatusSent, Timestamp: received, RecipientID: "447700900123", CallbackData: "v1|o1|m1"}}},
		{"read", status("read"), "", whatsapp.Event{Provider: messaging.ProviderTwilio, PhoneNumberID: "447700900001", Field: "messages",
			Status: &whatsapp.StatusUpdate{MessageID: sid, Status: messaging.StatusRead, Timestamp: received, RecipientID: "447700900123"}}},
		{"undelivered outside the window", status("undelivered", "ErrorCode=63016", "ErrorMessage=outside+window"), "", whatsapp.Event{Provider: messaging.ProviderTwilio, PhoneNumberID: "447700900001", Field: "messages",
			Status: &whatsapp.StatusUpdate{MessageID: sid, Status: messaging.StatusFailed, Timestamp: received, RecipientID: "447700900123",
				Errors: []messaging.StatusError{{Code: 63016, Title: "undelivered", Details: "outside window"}}}}},
		{"inbound text", "SmsMessageSid=SM1&NumMedia=0&ProfileName=Ann&MessageType=text&SmsSid=SM1&WaId=447700900123&SmsStatus=received&Body=The+boiler+is+broken&To=whatsapp%3A%2B447700900001&MessageSid=SM1&AccountSid=AC1&From=whatsapp%3A%2B447700900123",
			"", whatsapp.Event{Provider: messaging.ProviderTwilio, PhoneNumberID: "447700900001", Field: "messages",
				Message: &whatsapp.InboundMessage{ID: "SM1", From: "447700900123", ProfileName: "Ann", Timestamp: received, Type: whatsapp.TypeText, Text: "The boiler is broken"}}},
		{"inbound photo", "NumMedia=1&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2F2010-04-01%2FAccounts%2FAC1%2FMessages%2FMM1%2FMedia%2FME1&MediaContentType0=image%2Fjpeg&MessageType=image&SmsStatus=received&Body=Leak&To=whatsapp%3A%2B447700900001&MessageSid=MM1&From=whatsapp%3A%2B447700900123",
			"", whatsapp.Event{Provider: messaging.ProviderTwilio, PhoneNumberID: "447700900001", Field: "messages",
				Message: &whatsapp.InboundMessage{ID: "MM1", From: "447700900123", Timestamp: received, Type: whatsapp.TypeImage,
					Media: &whatsapp.Media{ID: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", MimeType: "image/jpeg", Caption: "Leak"}}}},
		{"inbound quick reply", "SmsStatus=received&Body=Accept&ButtonText=Accept&ButtonPayload=accept&MessageType=button&To=whatsapp%3A%2B447700900001&MessageSid=SM2&From=whatsapp%3A%2B447700900123&OriginalRepliedMessageSid=SM0",
			"", whatsapp.Event{Provider: messaging.ProviderTwilio, PhoneNumberID: "447700900001", Field: "messages",
				Message: &whatsapp.InboundMessage{ID: "SM2", From: "447700900123", Timestamp: received, Type: whatsapp.TypeButton, Text: "Accept",
					Interactive: &whatsapp.Reply{Kind: whatsapp.ReplyQuickButton, ID: "accept", Title: "Accept"}, Context: &whatsapp.MessageContext{MessageID: "SM0"}}}},
		{"inbound tap on a reply button of SendButtons", "SmsStatus=received&Body=Yes&ButtonText=Yes&ButtonPayload=pl%3Aconfirm%7Cv1%7Cj1&MessageType=button&To=whatsapp%3A%2B447700900001&MessageSid=SM4&From=whatsapp%3A%2B447700900123&OriginalRepliedMessageSid=SM0",
			"", whatsapp.Event{Provider: messaging.ProviderTwilio, PhoneNumberID: "447700900001", Field: "messages",
				Message: &whatsapp.InboundMessage{ID: "SM4", From: "447700900123", Timestamp: received, Type: whatsapp.TypeInteractive, Text: "Yes",
					Interactive: &whatsapp.Reply{Kind: whatsapp.ReplyButton, ID: "confirm|v1|j1", Title: "Yes"}, Context: &whatsapp.MessageContext{MessageID: "SM0"}}}},
		{"inbound location", "SmsStatus=received&Latitude=51.5&Longitude=-0.12&Label=Office&MessageType=location&To=whatsapp%3A%2B447700900001&MessageSid=SM3&From=whatsapp%3A%2B447700900123",
			"", whatsapp.Event{Provider: messaging.ProviderTwilio, PhoneNumberID: "447700900001", Field: "messages",
				Message: &whatsapp.InboundMessage{ID: "SM3", From: "447700900123", Timestamp: received, Type: whatsapp.TypeLocation,
					Location: &whatsapp.Location{Latitude: 51.5, Longitude: -0.12, Name: "Office"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form, err := ParseForm([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseWebhook(form, tt.cb, received)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if got.Message != nil {
				got.Message.Raw = nil
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("event:\ngot  %+v %+v %+v\nwant %+v %+v %+v", got, got.Message, got.Status, tt.want, tt.want.Message, tt.want.Status)
			}
			if got.Kind() == "" {
				t.Errorf("event has %d payloads, want exactly one", got.PayloadCount())
			}
		})
	}
}

func TestParseWebhookRefusals(t *testing.T) {
	tests := []struct{ name, body string }{
		{"no sid", "MessageStatus=sent&From=whatsapp%3A%2B447700900001"},
		{"sms, not whatsapp", "MessageSid=SM1&MessageStatus=sent&From=%2B447700900001"},
		{"unknown status", "MessageSid=SM1&MessageStatus=exploded&From=whatsapp%3A%2B447700900001"},
		{"inbound without sender", "MessageSid=SM1&SmsStatus=received&Body=hi&To=whatsapp%3A%2B447700900001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form, _ := url.ParseQuery(tt.body)
			if _, err := ParseWebhook(form, "", received); !errors.Is(err, ErrNotWebhook) {
				t.Errorf("error: got %v, want ErrNotWebhook", err)
			}
		})
	}
}

func TestNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"whatsapp:+447700900123", "447700900123"},
		{"whatsapp:447700900123", "447700900123"},
		{"+447700900123", ""},
		{"whatsapp:+44 7700", ""},
		{"whatsapp:+", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Number(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
