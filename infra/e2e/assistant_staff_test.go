//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// TestAssistantStaffBalance: a linked staff member asks a leaseholder's balance by name and
// gets it; "Smith" is two leaseholders, so a numbered choice, and "2" answers it.
func TestAssistantStaffBalance(t *testing.T) {
	staff := linkedStaff(t)
	wantSaid(t, staff.say("What's Jane Smith's balance?"), "Jane Smith", "Flat 1, Riverside Court", "owes £1,250.50")
	choice := staff.say("balance for Smith")
	wantSaid(t, choice, "Which one?", "1) Jane Smith", "2) John Smith")
	wantButtons(t, choice, "choice:1", "choice:2")
	wantSaid(t, staff.say("2"), "John Smith (Flat 2, Riverside Court) has a zero balance")
}

// TestAssistantStaffRaisesTicket: a quick message from staff becomes a ticket after a yes on
// the confirmation's button, with the message as its opening message.
func TestAssistantStaffRaisesTicket(t *testing.T) {
	staff := linkedStaff(t)
	const text = "Raise a ticket: the bin store door at Riverside Court won't lock"
	ask := staff.say(text)
	wantSaid(t, ask, "Raise a", "Riverside Court", text)
	wantButtons(t, ask, "confirm:yes", "confirm:no")
	done := staff.tap(ask, "confirm:yes")
	ref := refIn(t, done, `TKT-\d{4}-\d{4}`)
	wantSaid(t, done, "Raised "+ref)
	tk := ticket(t, ref)
	if tk.SiteID != "site-riverside" || len(tk.Messages) != 1 || tk.Messages[0].Text != text || tk.Messages[0].AuthorKind != "staff" {
		t.Errorf("ticket %s: got %+v, want at Riverside Court opened by staff with the message", ref, tk)
	}
}

// TestAssistantStaffArrearsAndSpend: staff ask where an arrears chase stands (last and next
// step) and this month's spend at Riverside Court (bills and work orders against budget).
func TestAssistantStaffArrearsAndSpend(t *testing.T) {
	staff := linkedStaff(t)
	wantSaid(t, staff.say("Has the arrears chase gone out for Flat 4 Riverside?"),
		"Arrears for Flat 4, Riverside Court", "last step Second reminder email", "Next: Reminder letter")
	london, err := time.LoadLocation(messaging.DefaultTimeZone)
	if err != nil {
		t.Fatal(err)
	}
	month := time.Now().In(london).Format("January 2006")
	wantSaid(t, staff.say("How much have we spent at Riverside Court this month?"),
		"Riverside Court, "+month, "£1,190.75 spent", "bills £1,010.75 (3)", "Budget £2,500.00")
}

// TestAssistantStaffCompletesWorkOrderWithPhoto: staff send a photo captioned "WO-… complete";
// after the yes the work order is Completed with the photo's attachment on it.
func TestAssistantStaffCompletesWorkOrderWithPhoto(t *testing.T) {
	staff := linkedStaff(t)
	ref := fmt.Sprintf("WO-2026-%04d", seq())
	put(t, property.WorkOrder{Ref: ref, SiteID: "site-harbour", Title: "Fix the gate closer", Status: property.WorkOrderApproved, VendorID: "v-apex"})
	attachment, ask := staff.photo(ref + " is complete")
	wantSaid(t, ask, "Mark "+ref, "complete with 1 photo?")
	wantButtons(t, ask, "confirm:yes", "confirm:no")
	wantSaid(t, staff.tap(ask, "confirm:yes"), "Done: "+ref+" is now Completed with 1 photo")
	w := workOrder(t, ref)
	if w.Status != property.WorkOrderCompleted || !slices.Contains(w.AttachmentIDs, attachment) {
		t.Errorf("work order: got %s with %v, want Completed with %s", w.Status, w.AttachmentIDs, attachment)
	}
}

// TestAssistantStaffUnlinksByWhatsApp: "unlink my number" unlinks it; the number is then a
// stranger.
func TestAssistantStaffUnlinksByWhatsApp(t *testing.T) {
	staff := linkedStaff(t)
	wantSaid(t, staff.say("unlink my number"), "Unlinked")
	if _, err := e.store.StaffLinks().LinkedStaff(context.Background(), e.demo.OrgID, staff.phone); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("after unlink: got %v, want not found", err)
	}
	wantSaid(t, staff.say("What's Jane Smith's balance?"), "We can't match this number")
}
