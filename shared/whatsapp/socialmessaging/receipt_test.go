package socialmessaging

import (
	"context"
	"testing"

	"github.com/proplink/chat/shared/whatsapp"
)

func TestMarkReadFailures(t *testing.T) {
	throttled := &whatsapp.Error{HTTPStatus: 429, Title: "ThrottledRequestException"}
	tests := []struct {
		name      string
		acct      whatsapp.Account
		wamid     string
		api       *fakeAPI
		wantCalls int
		wantClass whatsapp.Class
	}{
		{"no message id", acct, "", &fakeAPI{}, 0, whatsapp.Retry},
		{"not an ARN", whatsapp.Account{PhoneNumberID: "phone-number-id-1"}, "wamid.ABC", &fakeAPI{}, 0, whatsapp.Retry},
		{"throttled", acct, "wamid.ABC", &fakeAPI{err: throttled}, 1, whatsapp.Pace},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := New(tt.api, "").MarkRead(context.Background(), tt.acct, tt.wamid)
			if err == nil {
				t.Fatal("mark read: got no error")
			}
			if got := len(tt.api.sent); got != tt.wantCalls {
				t.Errorf("calls: got %d, want %d", got, tt.wantCalls)
			}
			if got := whatsapp.Classify(err); got != tt.wantClass {
				t.Errorf("class: got %v, want %v (%v)", got, tt.wantClass, err)
			}
		})
	}
	t.Run("the read receipt as Meta's message JSON", func(t *testing.T) {
		api := &fakeAPI{}
		if err := New(api, "").MarkRead(context.Background(), acct, "wamid.ABC"); err != nil {
			t.Fatal(err)
		}
		if len(api.sent) != 1 || api.regions[0] != "eu-west-1" {
			t.Fatalf("calls %d in %v, want 1 in eu-west-1", len(api.sent), api.regions)
		}
		if got, want := string(api.sent[0].Message), `{"messaging_product":"whatsapp","status":"read","message_id":"wamid.ABC"}`; got != want {
			t.Errorf("message %s, want %s", got, want)
		}
	})
}
