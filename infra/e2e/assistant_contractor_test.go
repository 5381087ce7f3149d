//go:build e2e

package e2e

import (
	"slices"
	"testing"

	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/property"
)

// TestAssistantContractorWorkOrders: a contractor lists their work orders, accepts an
// invitation with its quick-reply button (then Yes), and the platform awards it to them.
func TestAssistantContractorWorkOrders(t *testing.T) {
	c := newContractor(t)
	list := c.say("what jobs do I have?")
	wantSaid(t, list, "Your work orders:", c.invited+" Blocked drain, Riverside Court (invitation)", c.awarded+" Replace stair lights, Riverside Court (Approved)")
	_, got := c.send(simulator.Inbound{ReplyTo: list.WAMID, Button: &simulator.InboundButton{Payload: "wo:accept:" + c.invited, Text: "Accept"}})
	ask := one(t, "accept button", got)
	wantSaid(t, ask, "Accept "+c.invited+": Blocked drain at Riverside Court")
	wantButtons(t, ask, "confirm:yes", "confirm:no")
	wantSaid(t, c.tap(ask, "confirm:yes"), "Accepted "+c.invited, "Access: Bin store key in the key safe")
	if w := workOrder(t, c.invited); w.VendorID != c.vendorID || w.Status != property.WorkOrderApproved {
		t.Errorf("accepted work order: got vendor %q status %q, want %q Approved", w.VendorID, w.Status, c.vendorID)
	}
}

// TestAssistantContractorFieldUpdates: "on site now" moves the awarded work order to In
// progress, a photo lands on it, and "job done" (then Yes) completes it.
func TestAssistantContractorFieldUpdates(t *testing.T) {
	c := newContractor(t)
	wantSaid(t, c.say("on site now"), "Noted on "+c.awarded, "Status: In progress")
	if w := workOrder(t, c.awarded); w.Status != property.WorkOrderInProgress || len(w.Notes) == 0 || w.Notes[len(w.Notes)-1].Text != "on site now" {
		t.Errorf("after the update: got %s with notes %+v, want In progress noting it", w.Status, w.Notes)
	}
	attachment, added := c.photo("")
	wantSaid(t, added, "Added 1 photo to "+c.awarded)
	if w := workOrder(t, c.awarded); !slices.Contains(w.AttachmentIDs, attachment) {
		t.Errorf("photo: got %v on %s, want %s", w.AttachmentIDs, c.awarded, attachment)
	}
	ask := c.say("job done on " + c.awarded)
	wantSaid(t, ask, "Mark "+c.awarded+" (Replace stair lights) complete?")
	wantSaid(t, c.tap(ask, "confirm:yes"), "Done: "+c.awarded+" is now Completed")
	if w := workOrder(t, c.awarded); w.Status != property.WorkOrderCompleted {
		t.Errorf("completed: got %s, want Completed", w.Status)
	}
}
