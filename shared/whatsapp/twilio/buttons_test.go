package twilio

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/whatsapp"
)

// contentAPI is a fake Twilio answering the Content list with listed, a create with created and
// a send with accepted.
func contentAPI(listed string) func(r *http.Request) string {
	return func(r *http.Request) string {
		switch {
		case r.Method == "GET" && r.URL.Path == "/v1/Content":
			return listed
		case r.Method == "POST" && r.URL.Path == "/v1/Content":
			return `{"sid":"HX00000000000000000000000000000001","friendly_name":"x"}`
		}
		return accepted
	}
}

// goldenRaw compares a body with testdata/golden/name byte for byte.
func goldenRaw(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden %s: %v (run with -update)", path, err)
	}
	if got+"\n" != string(want) {
		t.Errorf("body of %s:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

var confirm = whatsapp.ButtonsSend{To: "+447700900123", Body: "Book the visit on Tuesday \"9-12\"?", CallbackData: "v1|o1|m4",
	Buttons: []whatsapp.Button{{ID: "confirm|j1", Title: "Yes, book it"}, {ID: "cancel|j1", Title: "No"}}}

func TestSendButtons(t *testing.T) {
	empty := `{"contents":[],"meta":{"next_page_url":null}}`
	t.Run("creates the quick reply once, then sends it by content sid", func(t *testing.T) {
		rec, acct := serve(t, http.StatusCreated, "")
		rec.body = contentAPI(empty)
		c := New(http.DefaultClient, "https://chat.example.com/webhooks/twilio")
		for range 2 {
			sid, err := c.SendButtons(context.Background(), acct, confirm)
			if err != nil {
				t.Fatalf("send: %v", err)
			}
			if got, want := sid, "SM0123456789abcdef0123456789abcdef"; got != want {
				t.Errorf("sid: got %q, want %q", got, want)
			}
		}
		var calls []string
		for _, r := range rec.seen {
			calls = append(calls, r.Method+" "+r.Path)
		}
		msgs := "POST /2010-04-01/Accounts/" + testSID + "/Messages.json"
		if got, want := strings.Join(calls, ", "), "GET /v1/Content, POST /v1/Content, "+msgs+", "+msgs; got != want {
			t.Fatalf("requests: got %s, want %s", got, want)
		}
		if got, want := rec.seen[1].Header.Get("Content-Type"), "application/json"; got != want {
			t.Errorf("content create type: got %q, want %q", got, want)
		}
		goldenRaw(t, "buttons_content.json", rec.seen[1].Body)
		golden(t, "buttons.txt", rec.seen[2].Body)
		golden(t, "buttons.txt", rec.seen[3].Body)
	})
	t.Run("a cold instance finds the item by its friendly name", func(t *testing.T) {
		rec, acct := serve(t, http.StatusCreated, "")
		rec.body = contentAPI(`{"contents":[{"sid":"HX00000000000000000000000000000009","friendly_name":"` + QuickReplyName(confirm.Buttons) + `"}],"meta":{"next_page_url":null}}`)
		if _, err := New(http.DefaultClient, "").SendButtons(context.Background(), acct, confirm); err != nil {
			t.Fatalf("send: %v", err)
		}
		if got, want := len(rec.seen), 2; got != want {
			t.Fatalf("requests: got %d, want %d (list, send)", got, want)
		}
		if got, want := rec.seen[1].Body, "ContentSid=HX00000000000000000000000000000009"; !strings.Contains(got, want) {
			t.Errorf("send: got %s, want %s", got, want)
		}
	})
	t.Run("another set of buttons is another item", func(t *testing.T) {
		other := confirm
		other.Buttons = []whatsapp.Button{{ID: "confirm|j2", Title: "Yes, book it"}, {ID: "cancel|j2", Title: "No"}}
		if QuickReplyName(other.Buttons) == QuickReplyName(confirm.Buttons) {
			t.Errorf("two button sets share the friendly name %s", QuickReplyName(confirm.Buttons))
		}
	})
}

func TestSendButtonsRefusals(t *testing.T) {
	long := strings.Repeat("x", maxActionIDLen-len(ButtonIDPrefix)+1)
	tests := []struct {
		name string
		msg  whatsapp.ButtonsSend
	}{
		{"no buttons", whatsapp.ButtonsSend{To: "+447700900123", Body: "Confirm?"}},
		{"title over 20 characters", whatsapp.ButtonsSend{To: "+447700900123", Body: "Confirm?", Buttons: []whatsapp.Button{{ID: "yes", Title: strings.Repeat("y", 21)}}}},
		{"id over Twilio's 200 characters with the prefix", whatsapp.ButtonsSend{To: "+447700900123", Body: "Confirm?", Buttons: []whatsapp.Button{{ID: long, Title: "Yes"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, acct := serve(t, http.StatusCreated, accepted)
			_, err := New(http.DefaultClient, "").SendButtons(context.Background(), acct, tt.msg)
			if !errors.Is(err, whatsapp.ErrInvalidMessage) {
				t.Errorf("error: got %v, want ErrInvalidMessage", err)
			}
			if got := len(rec.seen); got != 0 {
				t.Errorf("requests: got %d, want none", got)
			}
		})
	}
}

func TestSendButtonsContentErrors(t *testing.T) {
	_, acct := serve(t, http.StatusUnauthorized, `{"code":20003,"message":"Authenticate","status":401}`)
	_, err := New(http.DefaultClient, "").SendButtons(context.Background(), acct, confirm)
	if got, want := whatsapp.Classify(err), whatsapp.Auth; got != want {
		t.Errorf("class: got %v (%v), want %v", got, err, want)
	}
	if err != nil && strings.Contains(err.Error(), testToken) {
		t.Errorf("error text carries the auth token: %v", err)
	}
}

// TestSendButtonsContentTimeout: a Content call that times out sent no message, so the error
// must not say it may have (the replier would then never send the reply) and must be retried.
func TestSendButtonsContentTimeout(t *testing.T) {
	rec, acct := serve(t, http.StatusCreated, "")
	rec.body = func(r *http.Request) string {
		if r.Method == "POST" && r.URL.Path == "/v1/Content" {
			time.Sleep(300 * time.Millisecond)
		}
		return contentAPI(`{"contents":[],"meta":{"next_page_url":null}}`)(r)
	}
	_, err := New(&http.Client{Timeout: 100 * time.Millisecond}, "").SendButtons(context.Background(), acct, confirm)
	if err == nil || whatsapp.MaybeSent(err) || whatsapp.Classify(err) != whatsapp.Retry {
		t.Errorf("error: got %v (maybe sent %v, class %v), want a retryable error that sent nothing", err, whatsapp.MaybeSent(err), whatsapp.Classify(err))
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, r := range rec.seen {
		if strings.HasSuffix(r.Path, "/Messages.json") {
			t.Errorf("a message was sent after the Content API did not answer")
		}
	}
}
