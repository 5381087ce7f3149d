package simulator

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

// twilioReceiver records the Twilio callbacks it gets and whether each signature verified over
// the URL as received (Host header, path and query; http).
type twilioReceiver struct {
	mu    sync.Mutex
	forms []url.Values
	valid []bool
	token string
}

func (rc *twilioReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(b))
	ok := twilio.VerifySignature(rc.token, "http://"+r.Host+r.URL.RequestURI(), form, r.Header.Get(twilio.SignatureHeader)) == nil
	rc.mu.Lock()
	rc.forms, rc.valid = append(rc.forms, form), append(rc.valid, ok)
	rc.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (rc *twilioReceiver) got() ([]url.Values, []bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.forms), slices.Clone(rc.valid)
}

const simTwilioSID, simTwilioToken, simTwilioPublic = "ACsim0001", "sim-twilio-auth", "http://chat.proplink.test"

func startTwilioSim(t *testing.T) (*Simulator, whatsapp.Account, *twilioReceiver) {
	t.Helper()
	rc := &twilioReceiver{token: simTwilioToken}
	recv := httptest.NewServer(rc)
	t.Cleanup(recv.Close)
	sim := New(Options{Accounts: []Account{{PhoneNumberID: "447700900777", Twilio: &TwilioAccount{
		AccountSID: simTwilioSID, AuthToken: simTwilioToken, InboundURL: simTwilioPublic + "/webhooks/twilio", Deliver: recv.URL}}},
		StatusDelay: time.Millisecond})
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim, whatsapp.Account{Provider: messaging.ProviderTwilio, BaseURL: base, Token: simTwilioSID + ":" + simTwilioToken, PhoneNumberID: "447700900777"}, rc
}

// The Twilio adapter against the simulator's Twilio dialect: the sender is confirmed, templates
// list from the Content API, a template send is accepted and its statuses come back signed to
// the StatusCallback with the callback data, and errors carry Twilio's codes.
func TestTwilioDialect(t *testing.T) {
	sim, acct, rc := startTwilioSim(t)
	ctx := context.Background()
	c := twilio.New(http.DefaultClient, twilio.StatusCallbackURL(simTwilioPublic))
	if err := c.VerifyNumber(ctx, acct); err != nil {
		t.Fatalf("verify number: %v", err)
	}
	other := acct
	other.PhoneNumberID = "447700900778"
	if err := c.VerifyNumber(ctx, other); !errors.Is(err, whatsapp.ErrNotOwned) {
		t.Errorf("verify another number: got %v, want ErrNotOwned", err)
	}
	tpls, err := c.ListTemplates(ctx, acct)
	if err != nil {
		t.Fatalf("list templates: %v", err)
	}
	i := slices.IndexFunc(tpls, func(t messaging.Template) bool { return t.DisplayName == "appointment_reminder" })
	if i < 0 || !tpls[i].Sendable() || !slices.Equal(tpls[i].Variables, []string{"1", "2", "3"}) {
		t.Fatalf("appointment_reminder from the Content API: %+v", tpls)
	}
	tpl := tpls[i]
	rendered, err := tpl.Render(map[string]string{"1": "Ann", "2": "Tuesday", "3": "9-12"})
	if err != nil {
		t.Fatal(err)
	}
	sid, err := c.SendTemplate(ctx, acct, whatsapp.TemplateSend{To: "+447700900123", Name: tpl.Name, Language: tpl.Language, Rendered: rendered, CallbackData: "v1|org|msg"})
	if err != nil || !strings.HasPrefix(sid, "SM") {
		t.Fatalf("send template: %q, %v", sid, err)
	}
	sim.WaitWebhooks()
	forms, valid := rc.got()
	var statuses []string
	for k, f := range forms {
		if !valid[k] {
			t.Errorf("status callback %d is not validly signed", k)
		}
		if f.Get("MessageSid") != sid {
			t.Errorf("status callback %d for %q, want %q", k, f.Get("MessageSid"), sid)
		}
		statuses = append(statuses, f.Get("MessageStatus"))
	}
	if want := []string{"sent", "delivered", "read"}; !slices.Equal(statuses, want) {
		t.Errorf("statuses: got %v, want %v", statuses, want)
	}
	if got := sim.Sent(); len(got) != 1 || got[0].CallbackData != "v1|org|msg" || got[0].Template != "appointment_reminder" {
		t.Errorf("recorded send: %+v", got)
	}
	t.Run("missing variable", func(t *testing.T) {
		bad := rendered
		bad.Components = nil
		_, err := c.SendTemplate(ctx, acct, whatsapp.TemplateSend{To: "+447700900123", Name: tpl.Name, Rendered: bad})
		var pe *whatsapp.Error
		if !errors.As(err, &pe) || pe.Code != 21656 || pe.Class() != whatsapp.Permanent {
			t.Errorf("error: got %v, want 21656 (permanent)", err)
		}
	})
	t.Run("scripted outside-the-window fault", func(t *testing.T) {
		sim.Script(Fault{Code: 63016, To: "447700900124"})
		_, err := c.SendText(ctx, acct, "+447700900124", "hello", "")
		var pe *whatsapp.Error
		if !errors.As(err, &pe) || pe.Code != 63016 || pe.Class() != whatsapp.Permanent {
			t.Errorf("error: got %v, want 63016 (permanent)", err)
		}
	})
	t.Run("wrong auth token", func(t *testing.T) {
		wrong := acct
		wrong.Token = simTwilioSID + ":nope"
		_, err := c.SendText(ctx, wrong, "+447700900123", "hello", "")
		if whatsapp.Classify(err) != whatsapp.Auth {
			t.Errorf("error: got %v, want an auth failure", err)
		}
	})
}

func TestInjectTwilio(t *testing.T) {
	sim, _, rc := startTwilioSim(t)
	for _, bad := range []bool{false, true} {
		if _, code, err := sim.InjectTwilio(context.Background(), TwilioInbound{PhoneNumberID: "447700900777", From: "+447700900123", Text: "Hello", BadSignature: bad}); err != nil || code != 200 {
			t.Fatalf("inject: %d, %v", code, err)
		}
	}
	forms, valid := rc.got()
	if len(forms) != 2 || !valid[0] || valid[1] {
		t.Fatalf("deliveries: %d, signatures valid %v; want 2, [true false]", len(forms), valid)
	}
	if got, want := forms[0].Get("From"), "whatsapp:+447700900123"; got != want {
		t.Errorf("From: got %q, want %q", got, want)
	}
	ev, err := twilio.ParseWebhook(forms[0], "", time.Now())
	if err != nil || ev.Message == nil || ev.Message.Text != "Hello" || ev.PhoneNumberID != "447700900777" {
		t.Errorf("parsed: %+v, %v", ev, err)
	}
}

// TestTwilioSendStatus: SendStatus of a Twilio send posts Twilio's status callback, signed, to
// the StatusCallback the send named, carrying its callback data.
func TestTwilioSendStatus(t *testing.T) {
	sim, acct, rc := startTwilioSim(t)
	sim.hooks.statusDelay = -1 // only scripted sends report by themselves: none here
	cb := twilio.StatusCallbackURL(simTwilioPublic)
	sid, err := twilio.New(http.DefaultClient, cb).SendText(context.Background(), acct, "+447700900123", "Hello", "msg-7")
	if err != nil {
		t.Fatal(err)
	}
	codes, err := sim.SendStatus(context.Background(), sid, StatusDelivered, 0, WebhookOptions{})
	if err != nil || !slices.Equal(codes, []int{200}) {
		t.Fatalf("SendStatus = %v, %v; want one 200", codes, err)
	}
	forms, valid := rc.got()
	if len(forms) != 1 || !valid[0] {
		t.Fatalf("deliveries: %d, signatures valid %v; want one, valid", len(forms), valid)
	}
	ev, err := twilio.ParseWebhook(forms[0], "msg-7", time.Now())
	if err != nil || ev.Status == nil || ev.Status.MessageID != sid || ev.Status.Status != messaging.StatusDelivered || ev.Status.CallbackData != "msg-7" {
		t.Errorf("parsed: %+v, %v; want %s delivered", ev, err, sid)
	}
}
