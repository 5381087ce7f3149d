//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// TestAssistantResidentDemandsAndPayment: a resident asks when their next demand is due
// (reference, amount, date) and how to pay it: the platform's payment link, never a request
// for card details. The conversation then knows them as a resident of Elm Gardens.
func TestAssistantResidentDemandsAndPayment(t *testing.T) {
	r := newResident(t)
	due := time.Now().AddDate(0, 0, 12).Format("Mon 2 Jan 2006")
	wantSaid(t, r.say("When is my next service charge due?"), "Your next demand is "+r.demand, "£432.10", "due "+due, "2 open demands")
	pay := r.say("how do I pay?")
	wantSaid(t, pay, r.demand, "https://portal.example/pay/"+r.demand, "We never ask for card details")
	if regexp.MustCompile(`(?i)card number|cvv|expiry`).MatchString(pay.Body()) {
		t.Errorf("payment reply asks for card details: %q", pay.Body())
	}
	// The assistant's replies recorded who the resident is, and their flat's site, for staff.
	var conv messaging.Conversation
	eventually(t, 10*time.Second, "the conversation's role and site", func() bool {
		c, err := e.store.GetConversation(context.Background(), e.demo.OrgID, convID(r.phone))
		conv = c
		return err == nil && c.Role == messaging.RoleResident && c.SiteID == "site-elm"
	})
	if conv.SiteName != "Elm Gardens" {
		t.Errorf("conversation site name %q, want Elm Gardens", conv.SiteName)
	}
}

// TestAssistantResidentRequestBecomesTicket: a resident's photo with a description becomes a
// ticket on their flat after a yes, the photo attached to its opening message.
func TestAssistantResidentRequestBecomesTicket(t *testing.T) {
	r := newResident(t)
	const text = "The hallway light outside my flat is broken"
	attachment, ask := r.photo(text)
	wantSaid(t, ask, "Raise a", "with 1 photo", text)
	wantButtons(t, ask, "confirm:yes", "confirm:no")
	done := r.tap(ask, "confirm:yes")
	ref := refIn(t, done, `TKT-\d{4}-\d{4}`)
	tk := ticket(t, ref)
	if tk.UnitID != r.unitID || tk.ReporterID != r.contactID || len(tk.Messages) != 1 || tk.Messages[0].Text != text ||
		!slices.Equal(tk.Messages[0].AttachmentIDs, []string{attachment}) {
		t.Errorf("ticket %s: got %+v, want on %s by %s with the text and photo %s", ref, tk, r.unitID, r.contactID, attachment)
	}
}

// TestAssistantResidentTicketStatus: a resident asks about their ticket and gets its status and
// latest public message; another resident's ticket, someone else's invoice and someone else's
// balance get the one refusal or nothing of theirs.
func TestAssistantResidentTicketStatus(t *testing.T) {
	r := newResident(t)
	ref := fmt.Sprintf("TKT-2026-%04d", seq())
	at := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	if err := e.store.PutTicket(context.Background(), e.demo.OrgID, property.Ticket{Ref: ref, SiteID: "site-elm", UnitID: r.unitID, ReporterID: r.contactID,
		Category: "Maintenance", Priority: "High", Status: "In progress", Title: "Damp in the bedroom", CreatedAt: at,
		Messages: []property.TicketMessage{{ID: "m1", Author: "Demo Manager", AuthorKind: "staff", Text: "A surveyor visits on Friday.", At: at}}}); err != nil {
		t.Fatal(err)
	}
	wantSaid(t, r.say("what's happening with "+ref+"?"), ref+": Damp in the bedroom", "Status In progress", "A surveyor visits on Friday.")
	for _, probe := range []string{"what's happening with TKT-2026-0107?", "pay INV-2026-0313"} {
		if got := r.say(probe).Body(); got != assistant.NotYours {
			t.Errorf("%q: got %q, want %q", probe, got, assistant.NotYours)
		}
	}
	other := r.say("What's John Smith's balance?")
	if regexp.MustCompile(`£|John|Flat 2`).MatchString(other.Body()) {
		t.Errorf("another person's balance: got %q, want nothing of theirs", other.Body())
	}
}
