//go:build e2e

package e2e

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/messaging"
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

// assistantHandled waits until the assistant function has handled the turn of wamid.
func assistantHandled(t *testing.T, phone, wamid string) {
	t.Helper()
	eventually(t, 30*time.Second, "the assistant function to handle "+wamid, func() bool { return sessionOf(t, phone).LastMessageID == wamid })
}

// TestAssistantTurnsReachTheFunction: a person's text and their tap on a reply button travel
// webhook → InboundQueue → InboundFunction → AssistantQueue → AssistantFunction, which handles
// each as a turn of the right organisation, conversation and message (the interim engine flags
// the conversation for staff); STOP never reaches it.
func TestAssistantTurnsReachTheFunction(t *testing.T) {
	phone := newPhone()
	before := e.stack.CountsByFunction()["AssistantFunction"]
	text, err := e.sim.InjectText(phone, "Sam Resident", "what do I owe?")
	if err != nil {
		t.Fatal(err)
	}
	assistantHandled(t, phone, text)
	tap, err := e.sim.InjectButtonReply(phone, "Sam Resident", "confirm:yes", "Yes", text)
	if err != nil {
		t.Fatal(err)
	}
	assistantHandled(t, phone, tap)
	quick, err := e.sim.InjectQuickReply(phone, "Sam Resident", "wo:accept:WO-1042", "Accept", text)
	if err != nil {
		t.Fatal(err)
	}
	assistantHandled(t, phone, quick)
	if _, err := e.sim.InjectText(phone, "Sam Resident", "STOP"); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the STOP in the conversation", func() bool { return len(inboundOf(t, phone)) == 4 })
	settle(t)
	if got := sessionOf(t, phone).LastMessageID; got != quick {
		t.Errorf("after STOP the assistant's last turn is %s, want %s (STOP is not a turn)", got, quick)
	}
	if after := e.stack.CountsByFunction()["AssistantFunction"]; len(after) == 0 || after["dynamodb:PutItem"] <= before["dynamodb:PutItem"] {
		t.Errorf("AssistantFunction made no session writes: before %v, after %v", before, after)
	}
	r := callConv(t, "GET", convID(phone), "", "")
	flags, _ := r.Body["data"].(map[string]any)["flags"].([]any)
	if r.Status != http.StatusOK || !slices.Contains(flags, any(messaging.FlagNeedsStaff)) {
		t.Errorf("conversation: got %d flags %v, want needs_staff: %s", r.Status, flags, r.Raw)
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
// person's messages are recorded but not handed to the engine; given back (DELETE), they are.
func TestAssistantQuietUnderHandover(t *testing.T) {
	phone := newPhone()
	first, err := e.sim.InjectText(phone, "Kim", "hello")
	if err != nil {
		t.Fatal(err)
	}
	assistantHandled(t, phone, first)
	r := callConv(t, "POST", convID(phone), "/handover", "")
	if r.Status != http.StatusOK {
		t.Fatalf("handover: %d %s", r.Status, r.Raw)
	}
	during, err := e.sim.InjectText(phone, "Kim", "is anyone there?")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the message in the conversation", func() bool { return len(inboundOf(t, phone)) == 2 })
	settle(t)
	if got := sessionOf(t, phone).LastMessageID; got != first {
		t.Errorf("under handover the assistant handled %s, want it quiet (last turn %s)", got, first)
	}
	if conv := callConv(t, "GET", convID(phone), "", ""); conv.Body["data"].(map[string]any)["staff_until"] == nil {
		t.Errorf("conversation under handover shows no staff_until: %s", conv.Raw)
	}
	if r := callConv(t, "DELETE", convID(phone), "/handover", ""); r.Status != http.StatusOK {
		t.Fatalf("give back: %d %s", r.Status, r.Raw)
	}
	after, err := e.sim.InjectText(phone, "Kim", "hello again")
	if err != nil {
		t.Fatal(err)
	}
	assistantHandled(t, phone, after)
	if during == after {
		t.Fatal("the simulator reused a wamid")
	}
	if r := callConv(t, "POST", "c000000000000000000000000", "/handover", ""); r.Status != http.StatusNotFound {
		t.Errorf("handover of an unknown conversation: got %d, want 404", r.Status)
	}
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
