//go:build integration

package dynamo

import (
	"context"
	"slices"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

func TestInviteVendor(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	open := property.WorkOrder{Ref: "WO-2026-0042", SiteID: "site-1", Title: "Leaking roof", Status: property.WorkOrderSent, InvitedIDs: []string{"v-apex"}}
	awarded := property.WorkOrder{Ref: "WO-2026-0051", SiteID: "site-1", Title: "Door entry", Status: property.WorkOrderApproved, VendorID: "v-apex"}
	for _, w := range []property.WorkOrder{open, awarded} {
		if err := s.PutRecord(ctx, "acme", w); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, org, ref, vendor string
		wantAdded              bool
		wantInvited            []string
		wantCode               messaging.Code
	}{
		{name: "a new vendor is added", org: "acme", ref: open.Ref, vendor: "v-reed", wantAdded: true, wantInvited: []string{"v-apex", "v-reed"}},
		{name: "again: already invited, nothing changes", org: "acme", ref: open.Ref, vendor: "v-reed", wantInvited: []string{"v-apex", "v-reed"}},
		{name: "an awarded work order takes no invitations", org: "acme", ref: awarded.Ref, vendor: "v-reed", wantCode: messaging.CodeUnprocessable},
		{name: "another organisation's work order is not found", org: "rival", ref: open.Ref, vendor: "v-reed", wantCode: messaging.CodeNotFound},
		{name: "a malformed vendor id", org: "acme", ref: open.Ref, vendor: "v reed/../", wantCode: messaging.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, added, err := s.InviteVendor(ctx, tt.org, tt.ref, tt.vendor, "staff-1", "Invited Reed Plumbing via WhatsApp")
			if tt.wantCode != "" {
				if messaging.ErrorCode(err) != tt.wantCode {
					t.Fatalf("got %v, want %s", err, tt.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if added != tt.wantAdded || !slices.Equal(w.InvitedIDs, tt.wantInvited) {
				t.Errorf("got added %v invited %v, want %v %v", added, w.InvitedIDs, tt.wantAdded, tt.wantInvited)
			}
		})
	}
	// What the table holds: the vendor once, one note, the work order otherwise as it was.
	got, err := s.WorkOrder(ctx, "acme", open.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.InvitedIDs, []string{"v-apex", "v-reed"}) || len(got.Notes) != 1 || got.Notes[0].Text != "Invited Reed Plumbing via WhatsApp" ||
		got.Title != open.Title || got.Status != open.Status || got.VendorID != "" {
		t.Errorf("stored: got %+v", got)
	}
	if r, _ := s.WorkOrder(ctx, "acme", awarded.Ref); slices.Contains(r.InvitedIDs, "v-reed") {
		t.Errorf("the awarded work order gained an invitation: %+v", r)
	}
	if _, err := s.WorkOrder(ctx, "rival", open.Ref); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("the rival's read: got %v, want not found (no item created)", err)
	}
}

// TestAwardWorkOrderOnce: of two invited vendors accepting at once, the second finds the work
// order awarded (CodeUnprocessable) and it stays the first's; the first's retried accept is
// still answered.
func TestAwardWorkOrderOnce(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	open := property.WorkOrder{Ref: "WO-2026-0042", SiteID: "site-1", Title: "Leaking roof", Status: property.WorkOrderSent,
		InvitedIDs: []string{"v-apex", "v-reed"}, AccessNotes: "Key safe 1234"}
	if err := s.PutRecord(ctx, "acme", open); err != nil {
		t.Fatal(err)
	}
	accept := func(vendor, key string) (property.WorkOrder, error) {
		return s.UpdateWorkOrder(ctx, "acme", open.Ref, property.WorkOrderUpdate{VendorID: vendor, Status: property.WorkOrderApproved,
			Note: "Accepted via WhatsApp", By: vendor, IdempotencyKey: key})
	}
	if w, err := accept("v-apex", "wamid.apex"); err != nil || w.VendorID != "v-apex" {
		t.Fatalf("first accept: got %+v, %v; want awarded to v-apex", w, err)
	}
	if w, err := accept("v-reed", "wamid.reed"); messaging.ErrorCode(err) != messaging.CodeUnprocessable {
		t.Errorf("second vendor's accept: got %+v, %v; want %s", w, err, messaging.CodeUnprocessable)
	}
	if w, err := accept("v-apex", "wamid.apex"); err != nil || w.VendorID != "v-apex" {
		t.Errorf("first accept retried: got %+v, %v; want the work order awarded to v-apex", w, err)
	}
	got, err := s.WorkOrder(ctx, "acme", open.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.VendorID != "v-apex" || len(got.Notes) != 1 {
		t.Errorf("stored: got vendor %q with %d notes, want v-apex with 1", got.VendorID, len(got.Notes))
	}
}
