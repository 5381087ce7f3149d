package admin

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// PropertyStore is what seeding the demo's property records writes: the built-in store.
type PropertyStore interface {
	PutRecord(ctx context.Context, orgID string, r property.Record) error
	PutTicket(ctx context.Context, orgID string, t property.Ticket) error
}

// The demo organisation's people on the platform (assistant-intents.md's vocabulary).
const (
	DemoResidentContact = "c-jane" // Jane Smith of Riverside Court Flat 1, at DemoResident
	DemoContractorID    = "v-reed" // Reed Plumbing, at DemoContractor
)

// demoPayURL is the resident portal's payment page of an invoice.
func demoPayURL(ref string) string { return "https://portal.example/pay/" + ref }

// DemoProperty returns the demo organisation's property records as of now: three sites and
// their units, six leaseholders (Jane Smith at DemoResident), two contractors (Reed Plumbing at
// DemoContractor, invited to WO-2026-0042 and awarded WO-2026-0051), balances, open demands
// with payment links, an arrears case part-way through its chase and a paused one, this
// month's bills and budget for Riverside Court.
func DemoProperty(now time.Time) []property.Record {
	london, _ := time.LoadLocation(messaging.DefaultTimeZone)
	today := now.In(london)
	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
	month := today.Format("2006-01")
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, london)
	inMonth := func(d int) string { return first.AddDate(0, 0, d-1).Format(time.DateOnly) }
	return []property.Record{
		property.Site{ID: "site-riverside", Name: "Riverside Court", Aliases: []string{"Riverside Ct"}},
		property.Site{ID: "site-harbour", Name: "Harbour View"},
		property.Site{ID: "site-elm", Name: "Elm Gardens"},

		property.Unit{ID: "unit-riverside-1", SiteID: "site-riverside", Label: "Flat 1"},
		property.Unit{ID: "unit-riverside-2", SiteID: "site-riverside", Label: "Flat 2"},
		property.Unit{ID: "unit-riverside-3", SiteID: "site-riverside", Label: "Flat 3"},
		property.Unit{ID: "unit-riverside-4", SiteID: "site-riverside", Label: "Flat 4"},
		property.Unit{ID: "unit-harbour-1", SiteID: "site-harbour", Label: "Flat 1"},
		property.Unit{ID: "unit-harbour-2", SiteID: "site-harbour", Label: "Flat 2"},
		property.Unit{ID: "unit-harbour-12", SiteID: "site-harbour", Label: "Apartment 12"},
		property.Unit{ID: "unit-elm-1", SiteID: "site-elm", Label: "Flat 1"},

		property.Contact{ID: DemoResidentContact, Name: "Jane Smith", Phone: DemoResident, UnitIDs: []string{"unit-riverside-1"}},
		property.Contact{ID: "c-john", Name: "John Smith", Phone: "+447700900201", UnitIDs: []string{"unit-riverside-2"}},
		property.Contact{ID: "c-priya", Name: "Priya Patel", Phone: "+447700900202", UnitIDs: []string{"unit-riverside-3"}},
		property.Contact{ID: "c-tom", Name: "Tom O'Brien", Phone: "+447700900203", UnitIDs: []string{"unit-harbour-1"}},
		property.Contact{ID: "c-anna", Name: "Anna Kowalski", Phone: "+447700900204", UnitIDs: []string{"unit-harbour-12"}},
		property.Contact{ID: "c-sam", Name: "Sam Taylor", Phone: "+447700900205", UnitIDs: []string{"unit-elm-1"}},

		property.Vendor{ID: DemoContractorID, Name: "Reed Plumbing", Phone: DemoContractor},
		property.Vendor{ID: "v-apex", Name: "Apex Roofing", Phone: "+447700900301"},

		property.Balance{UnitID: "unit-riverside-1", Pence: 125050, AsAt: day(0)},
		property.Balance{UnitID: "unit-riverside-2", Pence: 0, AsAt: day(0)},
		property.Balance{UnitID: "unit-riverside-3", Pence: -2500, AsAt: day(0)},
		property.Balance{UnitID: "unit-riverside-4", Pence: 60000, AsAt: day(0)},
		property.Balance{UnitID: "unit-harbour-1", Pence: 34000, AsAt: day(0)},
		property.Balance{UnitID: "unit-harbour-12", Pence: 0, AsAt: day(0)},
		property.Balance{UnitID: "unit-elm-1", Pence: 9900, AsAt: day(0)},

		property.Demand{Ref: "INV-2026-0311", UnitID: "unit-riverside-1", Kind: "Service charge", Pence: 60000, IssueDate: day(-10), DueDate: day(20),
			Status: property.DemandSent, PaymentURL: demoPayURL("INV-2026-0311")},
		property.Demand{Ref: "INV-2026-0312", UnitID: "unit-riverside-1", Kind: "Ground rent", Pence: 25000, IssueDate: day(-10), DueDate: day(50),
			Status: property.DemandApproved, PaymentURL: demoPayURL("INV-2026-0312")},
		property.Demand{Ref: "INV-2026-0298", UnitID: "unit-riverside-1", Kind: "Service charge", Pence: 60000, IssueDate: day(-100), DueDate: day(-70),
			Status: property.DemandPaid},
		property.Demand{Ref: "INV-2026-0313", UnitID: "unit-riverside-4", Kind: "Service charge", Pence: 60000, IssueDate: day(-40), DueDate: day(-14),
			Status: property.DemandSent, PaymentURL: demoPayURL("INV-2026-0313")},
		property.Demand{Ref: "INV-2026-0320", UnitID: "unit-harbour-1", Kind: "Service charge", Pence: 34000, IssueDate: day(-5), DueDate: day(10),
			Status: property.DemandSent, PaymentURL: demoPayURL("INV-2026-0320")},
		property.Demand{Ref: "INV-2026-0330", UnitID: "unit-elm-1", Kind: "Service charge", Pence: 9900, IssueDate: day(-3), DueDate: day(27),
			Status: property.DemandSent, PaymentURL: demoPayURL("INV-2026-0330")},

		property.ArrearsCase{UnitID: "unit-riverside-4", Done: []property.ArrearsStep{
			{Day: 7, Name: "Reminder email", Date: day(-7)}, {Day: 14, Name: "Second reminder email", Date: day(0)},
		}, Next: &property.ArrearsStep{Day: 21, Name: "Reminder letter", Date: day(7)}},
		property.ArrearsCase{UnitID: "unit-harbour-1", Done: []property.ArrearsStep{{Day: 7, Name: "Reminder email", Date: day(-20)}},
			Paused: true, PauseReason: "Payment plan agreed", PausedUntil: day(60)},

		property.WorkOrder{Ref: "WO-2026-0042", SiteID: "site-riverside", UnitID: "unit-riverside-4", Title: "Leaking roof",
			Scope: "Water ingress through the roof above Flat 4; find and repair the leak", Deadline: day(14),
			AccessNotes: "Roof hatch key with the concierge", Status: property.WorkOrderSent, InvitedIDs: []string{DemoContractorID, "v-apex"}},
		property.WorkOrder{Ref: "WO-2026-0051", SiteID: "site-harbour", Title: "Door entry system fault",
			Scope: "Main entrance door entry panel not releasing the lock", Deadline: day(3), Status: property.WorkOrderApproved,
			VendorID: DemoContractorID, CostPence: 45000, CostDate: inMonth(1)},
		property.WorkOrder{Ref: "WO-2026-0038", SiteID: "site-riverside", Title: "Gutter clearance", Status: property.WorkOrderCompleted,
			VendorID: "v-apex", CostPence: 18000, CostDate: inMonth(2)},

		property.Bill{ID: "bill-riverside-" + month + "-power", SiteID: "site-riverside", Supplier: "Northern Power", Description: "Communal electricity", Pence: 42075, Date: inMonth(1)},
		property.Bill{ID: "bill-riverside-" + month + "-clean", SiteID: "site-riverside", Supplier: "Sparkle Cleaning", Description: "Communal cleaning", Pence: 38000, Date: inMonth(2)},
		property.Bill{ID: "bill-riverside-" + month + "-lift", SiteID: "site-riverside", Supplier: "LiftCare", Description: "Lift maintenance contract", Pence: 21000, Date: inMonth(3)},
		property.Budget{ID: "budget-riverside-" + month, SiteID: "site-riverside", Month: month, Pence: 250000},
	}
}

// SeedProperty writes the demo organisation's property records and its two tickets
// (TKT-2026-0042, TKT-2026-0107) through the built-in store.
func SeedProperty(ctx context.Context, s PropertyStore, now time.Time) error {
	for _, r := range DemoProperty(now) {
		if err := s.PutRecord(ctx, DemoOrg, r); err != nil {
			return fmt.Errorf("admin: seed %s: %w", property.String(r), err)
		}
	}
	at := now.UTC().Add(-48 * time.Hour).Truncate(time.Second)
	tickets := []property.Ticket{
		{Ref: "TKT-2026-0042", SiteID: "site-riverside", UnitID: "unit-riverside-1", ReporterID: DemoResidentContact, Category: "Maintenance",
			Priority: "High", Status: "In progress", Title: "Water leak in the bathroom ceiling", CreatedAt: at, Messages: []property.TicketMessage{
				{ID: "seed-0042-1", Author: "Jane Smith", AuthorKind: "resident", Text: "There is water dripping through my bathroom ceiling", At: at},
				{ID: "seed-0042-2", Author: "Demo Manager", AuthorKind: "staff", Text: "Thanks Jane, a roofer has been asked to quote (WO-2026-0042).", At: at.Add(time.Hour)},
			}},
		{Ref: "TKT-2026-0107", SiteID: "site-harbour", UnitID: "unit-harbour-12", ReporterID: "c-anna", Category: "Antisocial behaviour",
			Priority: "Medium", Status: "Open", Title: "Noise from the flat above late at night", CreatedAt: at, Messages: []property.TicketMessage{
				{ID: "seed-0107-1", Author: "Anna Kowalski", AuthorKind: "resident", Text: "Loud music after midnight most nights", At: at},
			}},
	}
	for _, t := range tickets {
		if err := s.PutTicket(ctx, DemoOrg, t); err != nil {
			return fmt.Errorf("admin: seed ticket %s: %w", t.Ref, err)
		}
	}
	return nil
}
