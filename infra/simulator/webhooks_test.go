package simulator

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

const testAppSecret = "sim-app-secret"

// receiver is a webhook endpoint that keeps what it got, answering status.
type receiver struct {
	mu     sync.Mutex
	bodies [][]byte
	sigs   []string
	status int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.bodies = append(rc.bodies, b)
	rc.sigs = append(rc.sigs, r.Header.Get(meta.SignatureHeader))
	status := rc.status
	rc.mu.Unlock()
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
}

// events verifies every body received with secret and returns their parsed events in order.
func (rc *receiver) events(t *testing.T, secret string) []whatsapp.Event {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []whatsapp.Event
	for i, b := range rc.bodies {
		if err := meta.VerifySignature([]byte(secret), b, rc.sigs[i]); err != nil {
			t.Fatalf("webhook %d: %v", i, err)
		}
		p, err := meta.ParseWebhook(b)
		if err != nil || len(p.Problems) > 0 {
			t.Fatalf("webhook %d: ParseWebhook = %v, problems %v", i, err, p.Problems)
		}
		out = append(out, p.Events...)
	}
	return out
}

// newHooked returns a simulator posting webhooks to a new receiver.
func newHooked(t *testing.T) (*Simulator, *receiver) {
	t.Helper()
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	s := New(Options{WebhookURL: srv.URL, AppSecret: testAppSecret, StatusDelay: time.Millisecond})
	return s, rc
}

// sendReminder makes one accepted send to to and returns its wamid.
func sendReminder(t *testing.T, s *Simulator, to string) string {
	t.Helper()
	a := call(t, s.Handler(), "POST", sendPath, bearer, reminderBody(to))
	if a.Status != 200 {
		t.Fatalf("send: %d %s", a.Status, a.Raw)
	}
	s.WaitWebhooks()
	return s.Sent()[len(s.Sent())-1].WAMID
}

func statuses(evs []whatsapp.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, string(e.Status.Status))
	}
	return out
}

func TestStatusWebhooks(t *testing.T) {
	tests := []struct {
		name   string
		script *StatusScript
		want   []string
		code   int
	}{
		{name: "sent delivered read", want: []string{"sent", "delivered", "read"}},
		{name: "failed with a code", script: &StatusScript{To: "+447700900123", Code: 131026}, want: []string{"sent", "failed"}, code: 131026},
		{name: "read before delivered, duplicated", script: &StatusScript{Statuses: []string{"sent", "read", "delivered"}, Duplicates: 1},
			want: []string{"sent", "sent", "read", "read", "delivered", "delivered"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, rc := newHooked(t)
			if tt.script != nil {
				s.ScriptStatuses(*tt.script)
			}
			id := sendReminder(t, s, "447700900123")
			evs := rc.events(t, testAppSecret)
			if diff := cmp.Diff(tt.want, statuses(evs)); diff != "" {
				t.Fatalf("statuses (-want +got):\n%s", diff)
			}
			for _, e := range evs {
				st := e.Status
				if st.MessageID != id || st.CallbackData != "m-1" || st.RecipientID != "447700900123" ||
					e.PhoneNumberID != DefaultAccount.PhoneNumberID || e.WABAID != DefaultAccount.WABAID {
					t.Errorf("status %s = %+v of %s/%s, want message %s, callback m-1, the default account", st.Status, st, e.PhoneNumberID, e.WABAID, id)
				}
				switch st.Status {
				case messaging.StatusSent, messaging.StatusDelivered:
					if st.ConversationID == "" || st.PricingCategory != "utility" || st.Billable == nil || !*st.Billable {
						t.Errorf("status %s lacks conversation or pricing: %+v", st.Status, st)
					}
				case messaging.StatusFailed:
					if len(st.Errors) != 1 || st.Errors[0].Code != tt.code || st.Errors[0].Title == "" {
						t.Errorf("failed errors = %+v, want one with code %d", st.Errors, tt.code)
					}
				}
			}
		})
	}
}

func TestStatusWebhookBadSignature(t *testing.T) {
	s, rc := newHooked(t)
	s.ScriptStatuses(StatusScript{BadSignature: true, Statuses: []string{"sent"}})
	sendReminder(t, s, "447700900123")
	if len(rc.bodies) != 1 || meta.VerifySignature([]byte(testAppSecret), rc.bodies[0], rc.sigs[0]) == nil {
		t.Fatalf("got %d webhooks, want 1 that does not verify", len(rc.bodies))
	}
	if d := s.Webhooks(); len(d) != 1 || !d[0].BadSignature || d[0].HTTPStatus != 200 {
		t.Errorf("deliveries = %+v, want one bad-signature delivery answered 200", d)
	}
}

func TestNoWebhookURLSendsNothing(t *testing.T) {
	s := New(Options{StatusDelay: time.Millisecond})
	sendReminder(t, s, "447700900123")
	if d := s.Webhooks(); len(d) != 0 {
		t.Errorf("deliveries = %d, want 0", len(d))
	}
	if _, err := s.InjectText("447700900123", "Sam", "hi"); err != ErrNoWebhookURL {
		t.Errorf("InjectText error = %v, want ErrNoWebhookURL", err)
	}
}

func TestSendStatus(t *testing.T) {
	s, rc := newHooked(t)
	s.hooks.statusDelay = -1
	id := sendReminder(t, s, "447700900123")
	codes, err := s.SendStatus(context.Background(), id, "failed", 131047, WebhookOptions{Times: 2})
	if err != nil || !cmp.Equal(codes, []int{200, 200}) {
		t.Fatalf("SendStatus = %v, %v; want [200 200]", codes, err)
	}
	evs := rc.events(t, testAppSecret)
	if len(evs) != 2 || evs[0].Status.Status != messaging.StatusFailed || evs[0].Status.Errors[0].Code != 131047 {
		t.Errorf("events = %+v, want two failed 131047", evs)
	}
	if _, err := s.SendStatus(context.Background(), "wamid.unknown", "read", 0, WebhookOptions{}); err == nil {
		t.Error("SendStatus of an unknown wamid: want an error")
	}
}

func TestPerAccountAppSecret(t *testing.T) {
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	acct := DefaultAccount
	acct.AppSecret = "own-secret"
	s := New(Options{Accounts: []Account{acct}, WebhookURL: srv.URL, AppSecret: testAppSecret})
	if _, err := s.InjectText("+447700900123", "Sam", "hello"); err != nil {
		t.Fatal(err)
	}
	rc.events(t, "own-secret")
}

func TestStatusesOffUnlessScripted(t *testing.T) {
	s, rc := newHooked(t)
	s.hooks.statusDelay = -1
	sendReminder(t, s, "447700900123")
	if len(rc.bodies) != 0 {
		t.Fatalf("got %d webhooks with statuses off, want 0", len(rc.bodies))
	}
	s.ScriptStatuses(StatusScript{To: "447700900456"})
	sendReminder(t, s, "447700900456")
	if got := statuses(rc.events(t, testAppSecret)); !cmp.Equal(got, []string{"sent", "delivered", "read"}) {
		t.Errorf("scripted send with statuses off: got %v, want sent, delivered, read", got)
	}
}
