package propertytest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

func testCreateTicket(t *testing.T, p property.Platform, seed Seeder, org string) {
	year := time.Now().UTC().Year()
	seeded := property.FormatRef(property.RefTicket, year, 42)
	if err := seed.PutTicket(ctx, org, property.Ticket{Ref: seeded, Category: "Query", Priority: "Low", Status: "Open", Title: "Seeded",
		CreatedAt: time.Date(year, 1, 2, 3, 4, 5, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	tk := must[property.Ticket](t, "create")(p.CreateTicket(ctx, org, newTicket("wamid.create-1")))
	if want := property.FormatRef(property.RefTicket, year, 43); tk.Ref != want {
		t.Errorf("ref: got %q, want %q (after the seeded %s)", tk.Ref, want, seeded)
	}
	got := must[property.Ticket](t, "read")(p.Ticket(ctx, org, tk.Ref))
	want := property.Ticket{Ref: tk.Ref, SiteID: "site-a", UnitID: "unit-a1", ReporterID: "c-jane", Category: "Maintenance", Priority: "High",
		Status: "Open", Title: "Water coming through the ceiling", Messages: []property.TicketMessage{{ID: "wamid.create-1", Author: "Jane Smith",
			AuthorKind: "resident", Text: "Water is coming through my ceiling", AttachmentIDs: []string{"att-1"}}}}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(property.Ticket{}, "CreatedAt"), cmpopts.IgnoreFields(property.TicketMessage{}, "At")); diff != "" {
		t.Errorf("ticket (-want +got):\n%s", diff)
	}
	if time.Since(got.CreatedAt) > time.Hour || len(got.Messages) == 1 && got.Messages[0].At.IsZero() {
		t.Errorf("times: created %v, opening at %v", got.CreatedAt, got.Messages)
	}
	next := must[property.Ticket](t, "create another")(p.CreateTicket(ctx, org, newTicket("wamid.create-2")))
	if want := property.FormatRef(property.RefTicket, year, 44); next.Ref != want {
		t.Errorf("next ref: got %q, want %q", next.Ref, want)
	}
	_, err := p.Ticket(ctx, org, property.FormatRef(property.RefTicket, year, 9999))
	wantNotFound(t, "unknown ticket", err)
	bad := newTicket("wamid.bad")
	bad.Category = "Gossip"
	if _, err := p.CreateTicket(ctx, org, bad); messaging.ErrorCode(err) != messaging.CodeInvalid {
		t.Errorf("an unknown category: got %v, want invalid", err)
	}
}

func testCreateTicketIdempotent(t *testing.T, p property.Platform, _ Seeder, org string) {
	const workers = 4
	refs := make([]string, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tk, err := p.CreateTicket(ctx, org, newTicket("wamid.same"))
			if err != nil {
				t.Errorf("create %d: %v", i, err)
			}
			refs[i] = tk.Ref
		}()
	}
	wg.Wait()
	for i, r := range refs {
		if r != refs[0] || r == "" {
			t.Fatalf("retries answered different tickets: %v (at %d)", refs, i)
		}
	}
	again := must[property.Ticket](t, "retry")(p.CreateTicket(ctx, org, newTicket("wamid.same")))
	if again.Ref != refs[0] {
		t.Errorf("a later retry: got %s, want %s", again.Ref, refs[0])
	}
	got := must[property.Ticket](t, "read")(p.Ticket(ctx, org, refs[0]))
	if len(got.Messages) != 1 {
		t.Errorf("the ticket has %d messages, want the one opening message", len(got.Messages))
	}
	// No second ticket was raised: the next key gets the next number after the one.
	next := must[property.Ticket](t, "next")(p.CreateTicket(ctx, org, newTicket("wamid.other")))
	// Concurrent first attempts may each draw a number before one wins, so the ticket's
	// number is one of the first few (references may have gaps; they are never reused).
	if n := refs[0][len(refs[0])-4:]; n < "0001" || n > fmt.Sprintf("%04d", workers) {
		t.Errorf("first ref: got %s, want a number from 0001 to %04d", refs[0], workers)
	}
	if next.Ref[len(next.Ref)-4:] > "0005" || next.Ref == refs[0] {
		t.Errorf("the next ticket after %d retries of one: got %s", workers, next.Ref)
	}
}

func testTicketMessages(t *testing.T, p property.Platform, _ Seeder, org string) {
	tk := must[property.Ticket](t, "create")(p.CreateTicket(ctx, org, newTicket("wamid.open")))
	reply := property.TicketMessage{Author: "Dana (Staff)", AuthorKind: "staff", Text: "A plumber is on the way", At: time.Now().UTC().Add(time.Minute).Truncate(time.Second)}
	for range 2 {
		if err := p.AddTicketMessage(ctx, org, tk.Ref, reply, "staff-reply-1"); err != nil {
			t.Fatal(err)
		}
	}
	got := must[property.Ticket](t, "read")(p.Ticket(ctx, org, tk.Ref))
	var texts []string
	for _, m := range got.Messages {
		texts = append(texts, m.AuthorKind+": "+m.Text)
	}
	if diff := cmp.Diff([]string{"resident: Water is coming through my ceiling", "staff: A plumber is on the way"}, texts); diff != "" {
		t.Errorf("messages, oldest first, the retried one once (-want +got):\n%s", diff)
	}
	if len(got.Messages) == 2 && (got.Messages[1].ID != "staff-reply-1" || !got.Messages[1].At.Equal(reply.At)) {
		t.Errorf("reply: got %+v, want id staff-reply-1 at %v", got.Messages[1], reply.At)
	}
	wantNotFound(t, "a message to an unknown ticket", p.AddTicketMessage(ctx, org, "TKT-2020-0001", reply, "k"))
}

func testWorkOrders(t *testing.T, p property.Platform, _ Seeder, org string) {
	got := must[property.WorkOrder](t, "work order")(p.WorkOrder(ctx, org, "WO-2026-0042"))
	want := property.WorkOrder{Ref: "WO-2026-0042", SiteID: "site-a", Title: "Leaking roof", Status: property.WorkOrderSent, InvitedIDs: []string{"v-reed", "v-other"}}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(property.WorkOrder{}, "UpdatedAt")); diff != "" {
		t.Errorf("work order (-want +got):\n%s", diff)
	}
	_, err := p.WorkOrder(ctx, org, "WO-2026-9999")
	wantNotFound(t, "unknown work order", err)
	for vendor, want := range map[string][]string{
		"v-reed":  {"WO-2026-0042", "WO-2026-0051"}, // invited, awarded; the completed 0007 is not open
		"v-other": {"WO-2026-0008", "WO-2026-0042"},
		"v-none":  {},
	} {
		got := must[[]property.WorkOrder](t, "vendor work orders")(p.VendorWorkOrders(ctx, org, vendor))
		if diff := cmp.Diff(want, ids(got), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
			t.Errorf("%s's work orders (-want +got):\n%s", vendor, diff)
		}
	}
}

func testUpdateWorkOrder(t *testing.T, p property.Platform, _ Seeder, org string) {
	start := property.WorkOrderUpdate{Status: property.WorkOrderInProgress, Note: "On site now", By: "v-reed", IdempotencyKey: "wamid.u1"}
	for range 2 {
		got := must[property.WorkOrder](t, "start")(p.UpdateWorkOrder(ctx, org, "WO-2026-0051", start))
		if got.Status != property.WorkOrderInProgress || len(got.Notes) != 1 {
			t.Errorf("after start: got status %q, %d notes, want In progress with one note", got.Status, len(got.Notes))
		}
	}
	done := property.WorkOrderUpdate{Status: property.WorkOrderCompleted, Note: "All fixed", AttachmentIDs: []string{"att-photo-1"}, By: "v-reed", IdempotencyKey: "wamid.u2"}
	must[property.WorkOrder](t, "complete")(p.UpdateWorkOrder(ctx, org, "WO-2026-0051", done))
	got := must[property.WorkOrder](t, "read")(p.WorkOrder(ctx, org, "WO-2026-0051"))
	var notes []string
	for _, n := range got.Notes {
		notes = append(notes, n.By+": "+n.Text)
		if _, err := time.Parse(time.RFC3339, n.At); err != nil {
			t.Errorf("note time %q: %v", n.At, err)
		}
	}
	if diff := cmp.Diff([]string{"v-reed: On site now", "v-reed: All fixed"}, notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	if got.Status != property.WorkOrderCompleted || !cmp.Equal(got.AttachmentIDs, []string{"att-photo-1"}) || got.VendorID != "v-reed" || got.CostPence != 30000 {
		t.Errorf("completed: got %+v", got)
	}
	if left := must[[]property.WorkOrder](t, "vendor")(p.VendorWorkOrders(ctx, org, "v-reed")); !cmp.Equal(ids(left), []string{"WO-2026-0042"}) {
		t.Errorf("v-reed's open work orders after completing one: got %v, want [WO-2026-0042]", ids(left))
	}
	accept := must[property.WorkOrder](t, "accept")(p.UpdateWorkOrder(ctx, org, "WO-2026-0042", property.WorkOrderUpdate{VendorID: "v-reed", Status: property.WorkOrderApproved, By: "v-reed", IdempotencyKey: "wamid.u3"}))
	if accept.VendorID != "v-reed" || accept.Status != property.WorkOrderApproved || accept.Title != "Leaking roof" {
		t.Errorf("accepted: got %+v", accept)
	}
	_, err := p.UpdateWorkOrder(ctx, org, "WO-2026-9999", property.WorkOrderUpdate{Note: "x", IdempotencyKey: "wamid.u4"})
	wantNotFound(t, "unknown work order", err)
	if _, err := p.UpdateWorkOrder(ctx, org, "WO-2026-0042", property.WorkOrderUpdate{Status: "Vanished", IdempotencyKey: "wamid.u5"}); messaging.ErrorCode(err) != messaging.CodeInvalid {
		t.Errorf("an unknown status: got %v, want invalid", err)
	}
}
