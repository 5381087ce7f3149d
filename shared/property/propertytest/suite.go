package propertytest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// Subject is a platform under test and the way to fill it (for the HTTP adapter, the store
// behind its stub).
type Subject struct {
	Platform property.Platform
	Seed     Seeder
}

// Run is the conformance suite: every property.Platform passes the same assertions. newSubject
// is called once; each subtest works in its own organisation.
func Run(t *testing.T, newSubject func(t *testing.T) Subject) {
	s := newSubject(t)
	var n int
	org := func(t *testing.T) string {
		t.Helper()
		n++
		o := fmt.Sprintf("org%d-%d", n, time.Now().UnixNano()%1e6)
		for _, r := range Fixture() {
			if err := s.Seed.PutRecord(context.Background(), o, r); err != nil {
				t.Fatalf("seed %s: %v", property.String(r), err)
			}
		}
		return o
	}
	for _, tc := range []struct {
		name string
		test func(t *testing.T, p property.Platform, seed Seeder, org string)
	}{
		{"people by phone", testPeopleByPhone},
		{"directory", testDirectory},
		{"balance", testBalance},
		{"demands", testDemands},
		{"arrears", testArrears},
		{"create ticket", testCreateTicket},
		{"create ticket is idempotent", testCreateTicketIdempotent},
		{"ticket messages", testTicketMessages},
		{"work orders", testWorkOrders},
		{"update work order", testUpdateWorkOrder},
		{"spend", testSpend},
		{"organisations are apart", testTenancy},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, s.Platform, s.Seed, org(t)) })
	}
}

// The fixture's numbers and month.
const (
	JanePhone   = "+447700900123"
	ReedPhone   = "+447700900456"
	SpendMonth  = "2026-03"
	unknownUnit = "unit-nowhere"
)

// Fixture is the records every subtest starts from: two sites, their units, contacts and a
// vendor, balances, demands, arrears cases, work orders, bills and budgets.
func Fixture() []property.Record {
	return []property.Record{
		property.Site{ID: "site-a", Name: "Riverside Court", Aliases: []string{"Riverside Ct"}},
		property.Site{ID: "site-b", Name: "Harbour View"},
		property.Unit{ID: "unit-a1", SiteID: "site-a", Label: "Flat 1"},
		property.Unit{ID: "unit-a2", SiteID: "site-a", Label: "Flat 2"},
		property.Unit{ID: "unit-b1", SiteID: "site-b", Label: "Flat 1"},
		property.Contact{ID: "c-jane", Name: "Jane Smith", Phone: JanePhone, UnitIDs: []string{"unit-a1"}},
		property.Contact{ID: "c-tom", Name: "Tom O'Brien", Phone: "+447700900321", UnitIDs: []string{"unit-b1"}},
		property.Contact{ID: "c-both", Name: "Bo Th", UnitIDs: []string{"unit-a2", "unit-b1"}},
		property.Vendor{ID: "v-reed", Name: "Reed Plumbing", Phone: ReedPhone},
		property.Vendor{ID: "v-other", Name: "Other Roofing", Phone: "+447700900654"},
		property.Balance{UnitID: "unit-a1", Pence: 125050, AsAt: "2026-03-10"},
		property.Balance{UnitID: "unit-a2", Pence: -2500, AsAt: "2026-03-10"},
		property.Demand{Ref: "INV-2026-0311", UnitID: "unit-a1", Kind: "Service charge", Pence: 60000, IssueDate: "2026-03-01", DueDate: "2026-04-01", Status: property.DemandSent, PaymentURL: "https://portal.example/pay/INV-2026-0311"},
		property.Demand{Ref: "INV-2026-0101", UnitID: "unit-a1", Kind: "Ground rent", Pence: 25000, IssueDate: "2026-01-01", DueDate: "2026-01-31", Status: property.DemandPaid},
		property.Demand{Ref: "INV-2026-0200", UnitID: "unit-b1", Kind: "Service charge", Pence: 1, IssueDate: "2026-02-01", DueDate: "2026-05-01", Status: property.DemandSent},
		property.ArrearsCase{UnitID: "unit-a1", Done: []property.ArrearsStep{{Day: 7, Name: "Reminder email", Date: "2026-03-08"}},
			Next: &property.ArrearsStep{Day: 14, Name: "Second reminder email", Date: "2026-03-15"}},
		property.ArrearsCase{UnitID: "unit-b1", Done: []property.ArrearsStep{}, Paused: true, PauseReason: "Payment plan agreed", PausedUntil: "2026-06-30"},
		property.WorkOrder{Ref: "WO-2026-0042", SiteID: "site-a", Title: "Leaking roof", Status: property.WorkOrderSent, InvitedIDs: []string{"v-reed", "v-other"}},
		property.WorkOrder{Ref: "WO-2026-0051", SiteID: "site-b", Title: "Door entry", Status: property.WorkOrderApproved, VendorID: "v-reed", CostPence: 30000, CostDate: "2026-03-12"},
		property.WorkOrder{Ref: "WO-2026-0007", SiteID: "site-a", Title: "Gutter clean", Status: property.WorkOrderCompleted, VendorID: "v-reed", CostPence: 15000, CostDate: "2026-03-02"},
		property.WorkOrder{Ref: "WO-2026-0008", SiteID: "site-a", Title: "Painting", Status: property.WorkOrderApproved, VendorID: "v-other", CostPence: 99999, CostDate: "2026-02-28"},
		property.Bill{ID: "bill-1", SiteID: "site-a", Supplier: "Power Co", Pence: 12000, Date: "2026-03-01"},
		property.Bill{ID: "bill-2", SiteID: "site-a", Supplier: "Cleaners", Pence: 8050, Date: "2026-03-31"},
		property.Bill{ID: "bill-3", SiteID: "site-a", Supplier: "Cleaners", Pence: 7000, Date: "2026-04-01"},
		property.Bill{ID: "bill-4", SiteID: "site-b", Supplier: "Power Co", Pence: 5000, Date: "2026-03-05"},
		property.Budget{ID: "budget-a-2026-03", SiteID: "site-a", Month: SpendMonth, Pence: 50000},
		property.Budget{ID: "budget-a-2026-03-extra", SiteID: "site-a", Month: SpendMonth, Pence: 1000},
		property.Budget{ID: "budget-a-2026-04", SiteID: "site-a", Month: "2026-04", Pence: 70000},
	}
}

// wantNotFound fails unless err is a *messaging.Error with CodeNotFound.
func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if got := messaging.ErrorCode(err); got != messaging.CodeNotFound {
		t.Errorf("%s: got error %v (code %s), want not found", what, err, got)
	}
}

func must[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

var ctx = context.Background()

func testPeopleByPhone(t *testing.T, p property.Platform, _ Seeder, org string) {
	for _, tc := range []struct {
		name, phone       string
		contacts, vendors []string
	}{
		{"a resident", JanePhone, []string{"c-jane"}, nil},
		{"a contractor", ReedPhone, nil, []string{"v-reed"}},
		{"nobody", "+447700900999", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := must[property.People](t, "people")(p.PeopleByPhone(ctx, org, tc.phone))
			var contacts, vendors []string
			for _, c := range got.Contacts {
				contacts = append(contacts, c.ID)
			}
			for _, v := range got.Vendors {
				vendors = append(vendors, v.ID)
			}
			if diff := cmp.Diff(tc.contacts, contacts); diff != "" {
				t.Errorf("contacts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.vendors, vendors); diff != "" {
				t.Errorf("vendors (-want +got):\n%s", diff)
			}
		})
	}
	got := must[property.People](t, "people")(p.PeopleByPhone(ctx, org, JanePhone))
	want := property.Contact{ID: "c-jane", Name: "Jane Smith", Phone: JanePhone, UnitIDs: []string{"unit-a1"}}
	if len(got.Contacts) == 1 && !cmp.Equal(got.Contacts[0], want) {
		t.Errorf("contact: got %+v, want %+v", got.Contacts[0], want)
	}
}

func ids[T property.Record](rs []T) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.RecordID())
	}
	return out
}

func testDirectory(t *testing.T, p property.Platform, _ Seeder, org string) {
	for _, tc := range []struct {
		name                   string
		siteIDs                []string
		sites, units, contacts []string
	}{
		{"everything", nil, []string{"site-a", "site-b"}, []string{"unit-a1", "unit-a2", "unit-b1"}, []string{"c-both", "c-jane", "c-tom"}},
		{"one site", []string{"site-b"}, []string{"site-b"}, []string{"unit-b1"}, []string{"c-both", "c-tom"}},
		{"no site", []string{}, []string{}, []string{}, []string{}},
		{"a site of nobody", []string{"site-zz"}, []string{}, []string{}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := must[property.Directory](t, "directory")(p.Directory(ctx, org, tc.siteIDs))
			got := [][]string{ids(d.Sites), ids(d.Units), ids(d.Contacts)}
			if diff := cmp.Diff([][]string{tc.sites, tc.units, tc.contacts}, got, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("sites, units, contacts (-want +got):\n%s", diff)
			}
			for _, c := range d.Contacts {
				if c.ID == "c-both" && tc.siteIDs != nil && !cmp.Equal(c.UnitIDs, []string{"unit-b1"}) {
					t.Errorf("c-both's units in scope: got %v, want [unit-b1]", c.UnitIDs)
				}
			}
		})
	}
	d := must[property.Directory](t, "directory")(p.Directory(ctx, org, nil))
	for _, s := range d.Sites {
		if s.ID == "site-a" && !cmp.Equal(s, property.Site{ID: "site-a", Name: "Riverside Court", Aliases: []string{"Riverside Ct"}}) {
			t.Errorf("site-a: got %+v", s)
		}
	}
}

func testBalance(t *testing.T, p property.Platform, _ Seeder, org string) {
	got := must[property.Balance](t, "balance")(p.Balance(ctx, org, "unit-a1"))
	if want := (property.Balance{UnitID: "unit-a1", Pence: 125050, AsAt: "2026-03-10"}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got := must[property.Balance](t, "credit")(p.Balance(ctx, org, "unit-a2")); got.Pence != -2500 {
		t.Errorf("credit: got %d, want -2500", got.Pence)
	}
	_, err := p.Balance(ctx, org, unknownUnit)
	wantNotFound(t, "unknown unit", err)
}

func testDemands(t *testing.T, p property.Platform, _ Seeder, org string) {
	got := must[[]property.Demand](t, "demands")(p.Demands(ctx, org, "unit-a1"))
	if diff := cmp.Diff([]string{"INV-2026-0311", "INV-2026-0101"}, ids(got)); diff != "" {
		t.Errorf("refs, newest due first (-want +got):\n%s", diff)
	}
	if len(got) > 0 {
		want := property.Demand{Ref: "INV-2026-0311", UnitID: "unit-a1", Kind: "Service charge", Pence: 60000, IssueDate: "2026-03-01",
			DueDate: "2026-04-01", Status: property.DemandSent, PaymentURL: "https://portal.example/pay/INV-2026-0311"}
		if got[0] != want {
			t.Errorf("got %+v, want %+v", got[0], want)
		}
	}
	if got := must[[]property.Demand](t, "none")(p.Demands(ctx, org, unknownUnit)); len(got) != 0 {
		t.Errorf("a unit without demands: got %v, want none", got)
	}
}

func testArrears(t *testing.T, p property.Platform, _ Seeder, org string) {
	got := must[property.ArrearsCase](t, "arrears")(p.Arrears(ctx, org, "unit-a1"))
	want := property.ArrearsCase{UnitID: "unit-a1", Done: []property.ArrearsStep{{Day: 7, Name: "Reminder email", Date: "2026-03-08"}},
		Next: &property.ArrearsStep{Day: 14, Name: "Second reminder email", Date: "2026-03-15"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("case (-want +got):\n%s", diff)
	}
	paused := must[property.ArrearsCase](t, "paused")(p.Arrears(ctx, org, "unit-b1"))
	if !paused.Paused || paused.PauseReason != "Payment plan agreed" || paused.PausedUntil != "2026-06-30" || paused.Next != nil {
		t.Errorf("paused case: got %+v", paused)
	}
	_, err := p.Arrears(ctx, org, "unit-a2")
	wantNotFound(t, "a unit without a case", err)
}

func newTicket(key string) property.NewTicket {
	return property.NewTicket{SiteID: "site-a", UnitID: "unit-a1", ReporterID: "c-jane", Category: "Maintenance", Priority: "High",
		Title: "Water coming through the ceiling", IdempotencyKey: key,
		Opening: property.TicketMessage{Author: "Jane Smith", AuthorKind: "resident", Text: "Water is coming through my ceiling", AttachmentIDs: []string{"att-1"}}}
}

func testSpend(t *testing.T, p property.Platform, _ Seeder, org string) {
	for _, tc := range []struct {
		name, site, month string
		want              property.Spend
	}{
		// bills 1 and 2 (3 is April), work order 0007 (0008 is February), two budgets.
		{"a month", "site-a", SpendMonth, property.Spend{SiteID: "site-a", Month: SpendMonth, BillsPence: 20050, BillCount: 2, WorkOrdersPence: 15000, WorkOrderCount: 1, BudgetPence: 51000}},
		{"another site", "site-b", SpendMonth, property.Spend{SiteID: "site-b", Month: SpendMonth, BillsPence: 5000, BillCount: 1, WorkOrdersPence: 30000, WorkOrderCount: 1}},
		{"next month", "site-a", "2026-04", property.Spend{SiteID: "site-a", Month: "2026-04", BillsPence: 7000, BillCount: 1, BudgetPence: 70000}},
		{"a quiet month", "site-a", "2025-12", property.Spend{SiteID: "site-a", Month: "2025-12"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := must[property.Spend](t, "spend")(p.Spend(ctx, org, tc.site, tc.month))
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	if got := must[property.Spend](t, "spend")(p.Spend(ctx, org, "site-a", SpendMonth)); got.Total() != 35050 {
		t.Errorf("total: got %d, want 35050", got.Total())
	}
	if _, err := p.Spend(ctx, org, "site-a", "March"); messaging.ErrorCode(err) != messaging.CodeInvalid {
		t.Errorf("a malformed month: got %v, want invalid", err)
	}
}

func testTenancy(t *testing.T, p property.Platform, _ Seeder, org string) {
	tk := must[property.Ticket](t, "create")(p.CreateTicket(ctx, org, newTicket("wamid.tenancy")))
	other := org + "-rival"
	people := must[property.People](t, "people")(p.PeopleByPhone(ctx, other, JanePhone))
	if len(people.Contacts)+len(people.Vendors) != 0 {
		t.Errorf("another organisation finds %+v by the number", people)
	}
	d := must[property.Directory](t, "directory")(p.Directory(ctx, other, nil))
	if len(d.Sites)+len(d.Units)+len(d.Contacts) != 0 {
		t.Errorf("another organisation's directory: %+v", d)
	}
	_, err := p.Balance(ctx, other, "unit-a1")
	wantNotFound(t, "balance", err)
	_, err = p.Arrears(ctx, other, "unit-a1")
	wantNotFound(t, "arrears", err)
	_, err = p.Ticket(ctx, other, tk.Ref)
	wantNotFound(t, "ticket", err)
	wantNotFound(t, "message", p.AddTicketMessage(ctx, other, tk.Ref, property.TicketMessage{Text: "hi"}, "wamid.rival"))
	_, err = p.WorkOrder(ctx, other, "WO-2026-0042")
	wantNotFound(t, "work order", err)
	_, err = p.UpdateWorkOrder(ctx, other, "WO-2026-0042", property.WorkOrderUpdate{Status: property.WorkOrderCancelled, IdempotencyKey: "wamid.rival"})
	wantNotFound(t, "work order update", err)
	if w := must[[]property.WorkOrder](t, "vendor")(p.VendorWorkOrders(ctx, other, "v-reed")); len(w) != 0 {
		t.Errorf("another organisation's vendor work orders: %v", ids(w))
	}
	if d := must[[]property.Demand](t, "demands")(p.Demands(ctx, other, "unit-a1")); len(d) != 0 {
		t.Errorf("another organisation's demands: %v", ids(d))
	}
	if sp := must[property.Spend](t, "spend")(p.Spend(ctx, other, "site-a", SpendMonth)); sp.Total() != 0 || sp.BudgetPence != 0 {
		t.Errorf("another organisation's spend: %+v", sp)
	}
	// The organisation's own records did not move.
	if w := must[property.WorkOrder](t, "own")(p.WorkOrder(ctx, org, "WO-2026-0042")); w.Status != property.WorkOrderSent {
		t.Errorf("the work order moved: %+v", w)
	}
}
