//go:build e2e

package e2e

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/sending"
)

// sessionOf reads the assistant session of the demo's conversation with phone.
func sessionOf(t *testing.T, phone string) assistant.Session {
	t.Helper()
	s, err := e.store.Sessions().Load(context.Background(), e.demo.OrgID, convID(phone))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// assistantHandled waits until the assistant function has answered the turn of wamid: the
// session holds it with every reply sent (and recorded in the conversation).
func assistantHandled(t *testing.T, phone, wamid string) {
	t.Helper()
	eventually(t, 30*time.Second, "the assistant function to handle "+wamid, func() bool {
		s := sessionOf(t, phone)
		return s.LastMessageID == wamid && len(s.Unsent) == 0
	})
}

// notFromAssistant leaves out of sent the assistant's replies (the conversation records them
// as PropLink Chat's answers to the person's turns), for tests about what staff send. Call it
// after assistantHandled, so that every reply is recorded.
func notFromAssistant(t *testing.T, phone string, sent []simulator.SentMessage) []simulator.SentMessage {
	t.Helper()
	replies := map[string]bool{}
	for _, m := range messagesOf(t, phone) {
		if m.Direction == messaging.DirectionOutbound && m.AuthorName == sending.AssistantAuthor && m.ReplyTo != "" {
			replies[m.ProviderMessage] = true
		}
	}
	var out []simulator.SentMessage
	for _, m := range sent {
		if !replies[m.WAMID] {
			out = append(out, m)
		}
	}
	return out
}

// TestAssistantTurnsReachTheFunction: a person's text and their taps on a reply button and on
// a template's quick-reply button travel webhook → InboundQueue → InboundFunction →
// AssistantQueue → AssistantFunction, each handled as a turn of the right organisation,
// conversation and message; STOP never reaches it. The number matches nobody: one polite reply
// with no data, then silence, and the conversation shows to staff as an unknown contact.
func TestAssistantTurnsReachTheFunction(t *testing.T) {
	phone := newPhone()
	stranger := &chat{t: t, phone: phone, name: "Sam Resident"}
	text, got := stranger.send(simulator.Inbound{Text: "what do I owe?"})
	polite := one(t, "what do I owe?", got)
	wantSaid(t, polite, "We can't match this number to anyone we look after")
	if regexp.MustCompile(`£|INV-|TKT-|WO-`).MatchString(polite.Body()) {
		t.Errorf("the unknown number's reply carries data: %q", polite.Body())
	}
	tap, got := stranger.send(simulator.Inbound{ReplyTo: text, Interactive: &simulator.InboundInteractive{Type: "button_reply", ID: "confirm:yes", Title: "Yes"}})
	if len(got) != 0 {
		t.Errorf("after the polite reply, a tap got %d more replies", len(got))
	}
	if _, got := stranger.send(simulator.Inbound{ReplyTo: text, Button: &simulator.InboundButton{Payload: "wo:accept:WO-1042", Text: "Accept"}}); len(got) != 0 {
		t.Errorf("after the polite reply, a quick reply got %d more replies", len(got))
	}
	quick := sessionOf(t, phone).LastMessageID
	if _, err := e.sim.InjectText(phone, "Sam Resident", "STOP"); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the STOP in the conversation", func() bool { return len(inboundOf(t, phone)) == 4 })
	settle(t)
	if got := sessionOf(t, phone).LastMessageID; got != quick {
		t.Errorf("after STOP the assistant's last turn is %s, want %s (STOP is not a turn)", got, quick)
	}
	if !hasFlag(conversation(t, phone), messaging.FlagUnknownContact) {
		t.Errorf("conversation: want the unknown_contact flag: %v", conversation(t, phone)["flags"])
	}
	var tapped *messaging.ConversationMessage
	for _, m := range inboundOf(t, phone) {
		if m.ID == tap {
			tapped = &m
		}
	}
	if tapped == nil || tapped.Reply == nil || tapped.Reply.ID != "confirm:yes" || tapped.ReplyTo != text {
		t.Errorf("the button tap in the conversation: got %+v, want reply confirm:yes to %s", tapped, text)
	}
}

// TestAssistantQuietUnderHandover: while staff have a conversation (POST …/handover) the
// person's messages are recorded but the assistant says nothing; given back (DELETE), it
// answers again.
func TestAssistantQuietUnderHandover(t *testing.T) {
	r := newResident(t)
	first, got := r.send(simulator.Inbound{Text: "hello"})
	wantSaid(t, one(t, "hello", got), "Hello Ola")
	if r := callConv(t, "POST", convID(r.phone), "/handover", ""); r.Status != http.StatusOK {
		t.Fatalf("handover: %d %s", r.Status, r.Raw)
	}
	sent := len(sentTo(r.phone))
	during, err := e.sim.InjectText(r.phone, "Ola", "is anyone there?")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the message in the conversation", func() bool { return len(inboundOf(t, r.phone)) == 2 })
	settle(t)
	if got := sessionOf(t, r.phone).LastMessageID; got != first || len(sentTo(r.phone)) != sent {
		t.Errorf("under handover the assistant handled %s and sent %d, want it quiet (last turn %s)", got, len(sentTo(r.phone))-sent, first)
	}
	if conversation(t, r.phone)["staff_until"] == nil {
		t.Errorf("conversation under handover shows no staff_until")
	}
	if r := callConv(t, "DELETE", convID(r.phone), "/handover", ""); r.Status != http.StatusOK {
		t.Fatalf("give back: %d %s", r.Status, r.Raw)
	}
	after, got := r.send(simulator.Inbound{Text: "hello again"})
	wantSaid(t, one(t, "hello again", got), "Hello Ola")
	if during == after {
		t.Fatal("the simulator reused a wamid")
	}
	if r := callConv(t, "POST", "c000000000000000000000000", "/handover", ""); r.Status != http.StatusNotFound {
		t.Errorf("handover of an unknown conversation: got %d, want 404", r.Status)
	}
}

// TestAssistantAnswersAreNotOptOuts: "cancel" and "yes" answer the assistant's question (the
// person stays subscribed), while STOP still opts out and silences the assistant.
func TestAssistantAnswersAreNotOptOuts(t *testing.T) {
	r := newResident(t)
	ask := r.say("The front door buzzer is broken")
	wantButtons(t, ask, "confirm:yes", "confirm:no")
	wantSaid(t, r.say("cancel"), "OK, cancelled. Nothing was changed.")
	wantSaid(t, r.say("The front door buzzer is broken"), "Raise a")
	ref := refIn(t, r.say("yes"), `TKT-\d{4}-\d{4}`)
	if tk := ticket(t, ref); tk.UnitID != r.unitID {
		t.Errorf("ticket %s on %s, want %s", ref, tk.UnitID, r.unitID)
	}
	if conversation(t, r.phone)["opted_out"] == true {
		t.Fatal("cancel or yes opted the resident out")
	}
	before := len(sentTo(r.phone))
	if _, err := e.sim.InjectText(r.phone, "Ola", "STOP"); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the opt-out", func() bool { return conversation(t, r.phone)["opted_out"] == true })
	if _, err := e.sim.InjectText(r.phone, "Ola", "when is my next bill due?"); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the message after STOP in the conversation", func() bool { return len(inboundOf(t, r.phone)) == 6 })
	settle(t)
	for _, m := range sentTo(r.phone)[before:] {
		if m.Body() != "" && !strings.Contains(m.Body(), "unsubscribed") {
			t.Errorf("after STOP the resident got %q, want only the opt-out confirmation", m.Body())
		}
	}
}

// TestAssistantAsksWhichPersonOnce: a number that is both a resident and a contractor is
// asked which, once; the answer is remembered.
func TestAssistantAsksWhichPersonOnce(t *testing.T) {
	r := newResident(t)
	put(t, property.Vendor{ID: "v-" + r.contactID, Name: "Ola Handyman", Phone: r.phone})
	ask := r.say("hello")
	wantSaid(t, ask, "This number belongs to more than one person here. Which are you?", "Resident", "Contractor")
	wantButtons(t, ask, "role:resident", "role:contractor")
	wantSaid(t, r.tap(ask, "role:resident"), "Hello Ola")
	wantSaid(t, r.say("When is my next service charge due?"), "Your next demand is "+r.demand)
}

// TestStaffLinkCodeFlow: a staff member starts a link through the API, gets a six-digit code
// valid ten minutes and the number to send it to; redeeming it (as the assistant does when the
// code arrives from WhatsApp) links their number once; the API shows it masked and unlinks it.
func TestStaffLinkCodeFlow(t *testing.T) {
	token := mint(t, e.demo.OrgID, admin.AllPermissions...)
	start := time.Now()
	r := call(t, "POST", "/api/me/whatsapp-link", token, "")
	data, _ := r.Body["data"].(map[string]any)
	code, _ := data["code"].(string)
	if r.Status != http.StatusOK || !regexp.MustCompile(`^[0-9]{6}$`).MatchString(code) || data["business_number"] != admin.DemoDisplayPhone {
		t.Fatalf("start link: %d %s", r.Status, r.Raw)
	}
	expires, err := time.Parse(time.RFC3339, data["expires_at"].(string))
	if err != nil || expires.Before(start.Add(9*time.Minute)) || expires.After(time.Now().Add(10*time.Minute)) {
		t.Errorf("code expires at %v, want about ten minutes from now", expires)
	}
	if r := call(t, "GET", "/api/me/whatsapp-link", token, ""); r.Body["data"].(map[string]any)["code"] != code {
		t.Errorf("pending link: %s", r.Raw)
	}
	phone := newPhone()
	links := e.store.StaffLinks()
	ctx := context.Background()
	if _, err := links.Redeem(ctx, "rival", code, phone, time.Now()); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("the code in another organisation: got %v, want not found", err)
	}
	if _, err := links.Redeem(ctx, e.demo.OrgID, code, phone, time.Now()); err != nil {
		t.Fatalf("redeem: %v", err)
	}
	if _, err := links.Redeem(ctx, e.demo.OrgID, code, newPhone(), time.Now()); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("second redeem: got %v, want not found", err)
	}
	r = call(t, "GET", "/api/me/whatsapp-link", token, "")
	data, _ = r.Body["data"].(map[string]any)
	if data["status"] != "linked" || data["phone"] != messaging.MaskPhone(phone) || data["code"] != nil {
		t.Errorf("linked: %s, want the number masked as %s", r.Raw, messaging.MaskPhone(phone))
	}
	if r := call(t, "DELETE", "/api/me/whatsapp-link", token, ""); r.Status != http.StatusOK {
		t.Fatalf("unlink: %d %s", r.Status, r.Raw)
	}
	if _, err := links.LinkedStaff(ctx, e.demo.OrgID, phone); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("after unlink: got %v, want not found", err)
	}
	if r := call(t, "GET", "/api/me/whatsapp-link", token, ""); r.Body["data"].(map[string]any)["status"] != "none" {
		t.Errorf("after unlink: %s", r.Raw)
	}
}
