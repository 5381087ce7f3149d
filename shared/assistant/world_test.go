package assistant

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

const (
	demoOrg  = "org-demo"
	otherOrg = "org-other"

	phoneAlex   = "+447700900001" // staff, every site
	phoneSita   = "+447700900002" // staff, Harbour View only
	phoneViewer = "+447700900003" // staff who may read but not change records
	phoneJane   = "+447700900101" // resident, Riverside Flat 1 (and, in the other org, Olga)
	phoneJohn   = "+447700900102" // resident, Riverside Flat 2
	phonePriya  = "+447700900103" // resident Riverside Flat 3 and linked staff
	phoneTom    = "+447700900104" // resident, Harbour Flat 1
	phoneSam    = "+447700900106" // resident Elm Flat 1 and contractor
	phoneBob    = "+447700900201" // contractor: WO-2026-0042 awarded, WO-2026-0060 invited
	phoneDan    = "+447700900202" // contractor: WO-2026-0051 invited
	phoneNone   = "+447700900999" // nobody
	phoneBR     = "+5511987654321"
)

// staffPerms are a staff member's usual permissions: read and change the platform's records.
var staffPerms = []string{messaging.PermPropertyView, messaging.PermPropertyManage}

func newWorld(t *testing.T) *world {
	t.Helper()
	demo := &orgRecords{
		dir: property.Directory{
			Sites: []property.Site{{ID: "site-riverside", Name: "Riverside Court", Aliases: []string{"Riverside Ct"}},
				{ID: "site-harbour", Name: "Harbour View"}, {ID: "site-elm", Name: "Elm Gardens"}},
			Units: []property.Unit{
				{ID: "unit-riverside-1", SiteID: "site-riverside", Label: "Flat 1"}, {ID: "unit-riverside-2", SiteID: "site-riverside", Label: "Flat 2"},
				{ID: "unit-riverside-3", SiteID: "site-riverside", Label: "Flat 3"}, {ID: "unit-riverside-4", SiteID: "site-riverside", Label: "Flat 4"},
				{ID: "unit-harbour-1", SiteID: "site-harbour", Label: "Flat 1"}, {ID: "unit-harbour-2", SiteID: "site-harbour", Label: "Flat 2"},
				{ID: "unit-harbour-12", SiteID: "site-harbour", Label: "Apartment 12"}, {ID: "unit-elm-1", SiteID: "site-elm", Label: "Flat 1"},
			},
			Contacts: []property.Contact{
				{ID: "c-jane", Name: "Jane Smith", Phone: phoneJane, UnitIDs: []string{"unit-riverside-1"}},
				{ID: "c-john", Name: "John Smith", Phone: phoneJohn, UnitIDs: []string{"unit-riverside-2"}},
				{ID: "c-priya", Name: "Priya Patel", Phone: phonePriya, UnitIDs: []string{"unit-riverside-3"}},
				{ID: "c-tom", Name: "Tom O'Brien", Phone: phoneTom, UnitIDs: []string{"unit-harbour-1"}},
				{ID: "c-anna", Name: "Anna Kowalski", Phone: "+5511987654321", UnitIDs: []string{"unit-harbour-12"}},
				{ID: "c-sam", Name: "Sam Taylor", Phone: phoneSam, UnitIDs: []string{"unit-elm-1"}},
			},
		},
		vendors: []property.Vendor{{ID: "v-bob", Name: "Bob Roofing", Phone: phoneBob}, {ID: "v-dan", Name: "Dan Doors", Phone: phoneDan},
			{ID: "v-sam", Name: "Sam Taylor Electrics", Phone: phoneSam}},
		balances: map[string]property.Balance{
			"unit-riverside-1": {UnitID: "unit-riverside-1", Pence: 123456, AsAt: "2026-03-03"},
			"unit-riverside-2": {UnitID: "unit-riverside-2", Pence: -5000, AsAt: "2026-03-03"},
			"unit-harbour-1":   {UnitID: "unit-harbour-1", Pence: 77700, AsAt: "2026-03-03"},
			"unit-elm-1":       {UnitID: "unit-elm-1", Pence: 0, AsAt: "2026-03-03"},
		},
		demands: map[string][]property.Demand{
			"unit-riverside-1": {
				{Ref: "INV-2026-0311", UnitID: "unit-riverside-1", Kind: "Service charge", Pence: 125000, IssueDate: "2026-03-01", DueDate: "2026-03-31", Status: property.DemandSent, PaymentURL: "https://portal.example/pay/INV-2026-0311"},
				{Ref: "INV-2026-0200", UnitID: "unit-riverside-1", Kind: "Ground rent", Pence: 25000, DueDate: "2026-01-31", Status: property.DemandPaid},
			},
			"unit-riverside-2": {{Ref: "INV-2026-0312", UnitID: "unit-riverside-2", Kind: "Service charge", Pence: 98000, DueDate: "2026-03-25", Status: property.DemandSent, PaymentURL: "https://portal.example/pay/INV-2026-0312"}},
			"unit-harbour-1":   {{Ref: "INV-2026-0320", UnitID: "unit-harbour-1", Kind: "Service charge", Pence: 64000, DueDate: "2026-04-01", Status: property.DemandApproved}},
		},
		arrears: map[string]property.ArrearsCase{
			"unit-riverside-1": {UnitID: "unit-riverside-1", Done: []property.ArrearsStep{{Day: 7, Name: "Reminder email", Date: "2026-03-10"}, {Day: 14, Name: "Second reminder email", Date: "2026-03-17"}},
				Next: &property.ArrearsStep{Day: 21, Name: "Letter", Date: "2026-03-24"}},
			"unit-harbour-1": {UnitID: "unit-harbour-1", Done: []property.ArrearsStep{{Day: 7, Name: "Reminder email", Date: "2026-02-08"}},
				Paused: true, PauseReason: "Payment plan agreed", PausedUntil: "2026-04-30"},
		},
		tickets: map[string]property.Ticket{
			"TKT-2026-0042": {Ref: "TKT-2026-0042", SiteID: "site-riverside", UnitID: "unit-riverside-1", ReporterID: "c-jane", Category: "Maintenance", Priority: "High", Status: "In progress", Title: "Leak in bathroom ceiling",
				Messages: []property.TicketMessage{{Author: "Alex Morgan", AuthorKind: "staff", Text: "A plumber is booked for Thursday.", At: time.Date(2026, 3, 18, 9, 0, 0, 0, time.UTC)}}},
			"TKT-2026-0107": {Ref: "TKT-2026-0107", SiteID: "site-harbour", UnitID: "unit-harbour-1", ReporterID: "c-tom", Category: "Maintenance", Priority: "Medium", Status: "Open", Title: "Broken door entry keypad"},
		},
		wos: map[string]property.WorkOrder{
			"WO-2026-0042": {Ref: "WO-2026-0042", SiteID: "site-riverside", Title: "Leaking roof", Status: property.WorkOrderApproved, VendorID: "v-bob", InvitedIDs: []string{"v-bob"}, AccessNotes: "Key in the key safe, code 1234"},
			"WO-2026-0051": {Ref: "WO-2026-0051", SiteID: "site-harbour", Title: "Door entry repair", Status: property.WorkOrderSent, InvitedIDs: []string{"v-dan"}, Deadline: "2026-04-10"},
			"WO-2026-0060": {Ref: "WO-2026-0060", SiteID: "site-riverside", Title: "Gutter clearing", Status: property.WorkOrderSent, InvitedIDs: []string{"v-bob"}, Deadline: "2026-04-03"},
		},
		spend: map[string]property.Spend{
			"site-riverside|2026-03": {SiteID: "site-riverside", Month: "2026-03", BillsPence: 250000, WorkOrdersPence: 120000, BudgetPence: 500000, BillCount: 3, WorkOrderCount: 1},
			"site-harbour|2026-03":   {SiteID: "site-harbour", Month: "2026-03", BillsPence: 88800, BillCount: 1},
		},
	}
	other := &orgRecords{
		dir: property.Directory{
			Sites:    []property.Site{{ID: "site-towers", Name: "Other Towers"}},
			Units:    []property.Unit{{ID: "unit-towers-9", SiteID: "site-towers", Label: "Flat 9"}},
			Contacts: []property.Contact{{ID: "c-olga", Name: "Olga Nowak", Phone: phoneJane, UnitIDs: []string{"unit-towers-9"}}},
		},
		balances: map[string]property.Balance{"unit-towers-9": {UnitID: "unit-towers-9", Pence: 999999, AsAt: "2026-03-03"}},
		demands:  map[string][]property.Demand{"unit-towers-9": {{Ref: "INV-2026-0901", UnitID: "unit-towers-9", Kind: "Service charge", Pence: 432100, DueDate: "2026-03-22", Status: property.DemandSent, PaymentURL: "https://portal.example/pay/INV-2026-0901"}}},
		arrears:  map[string]property.ArrearsCase{"unit-towers-9": {UnitID: "unit-towers-9", Done: []property.ArrearsStep{{Day: 45, Name: "Solicitor referral", Date: "2026-03-01"}}}},
		tickets:  map[string]property.Ticket{"TKT-2026-0901": {Ref: "TKT-2026-0901", SiteID: "site-towers", UnitID: "unit-towers-9", ReporterID: "c-olga", Status: "Open", Title: "Olga's boiler"}},
		wos:      map[string]property.WorkOrder{"WO-2026-0901": {Ref: "WO-2026-0901", SiteID: "site-towers", Title: "Towers lift overhaul", Status: property.WorkOrderApproved, VendorID: "v-bob", InvitedIDs: []string{"v-bob"}}},
		spend:    map[string]property.Spend{"site-towers|2026-03": {SiteID: "site-towers", Month: "2026-03", BillsPence: 777700, BillCount: 7}},
	}
	w := &world{
		t:    t,
		plat: &fakePlatform{orgs: map[string]*orgRecords{demoOrg: demo, otherOrg: other}, keys: map[string]bool{}},
		sess: &fakeSessions{stored: map[string]Session{}},
		links: &fakeLinks{
			linked: map[string]StaffLink{
				demoOrg + "|" + phoneAlex:   {OrgID: demoOrg, Phone: phoneAlex, UserID: "u-alex", Name: "Alex Morgan", Permissions: staffPerms},
				demoOrg + "|" + phoneSita:   {OrgID: demoOrg, Phone: phoneSita, UserID: "u-sita", Name: "Sita Rao", SiteIDs: []string{"site-harbour"}, Permissions: staffPerms},
				demoOrg + "|" + phonePriya:  {OrgID: demoOrg, Phone: phonePriya, UserID: "u-priya", Name: "Priya Patel", Permissions: staffPerms},
				demoOrg + "|" + phoneViewer: {OrgID: demoOrg, Phone: phoneViewer, UserID: "u-val", Name: "Val Viewer", Permissions: []string{messaging.PermPropertyView}},
			},
			codes: map[string]StaffLink{demoOrg + "|483920": {OrgID: demoOrg, UserID: "u-lee", Name: "Lee Chan", OrgName: "Demo Estates", Permissions: staffPerms}},
		},
		replier: &fakeReplier{}, audit: &fakeAuditor{}, hand: &fakeHandovers{active: map[string]bool{}}, flags: &fakeFlags{},
		nlu: &fakeNLU{parse: map[string]Understanding{}, fill: map[string]Understanding{}},
		now: time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC),
	}
	w.svc = &Service{Platform: w.plat, Sessions: w.sess, StaffLinks: w.links, Replier: w.replier, Auditor: w.audit,
		Handovers: w.hand, Flags: w.flags, NLU: w.nlu, Variants: messaging.NumberVariants, Now: func() time.Time { return w.now }}
	return w
}

// turn builds the next turn from a number in the demo organisation.
func (w *world) turn(phone, text string) Turn {
	w.seq++
	return Turn{OrgID: demoOrg, PhoneNumberID: "pn-demo", ConversationID: "conv-" + phone, Phone: phone,
		WAID: messaging.WAID(phone), MessageID: fmt.Sprintf("wamid.%03d", w.seq), Type: "text", Text: text, At: w.now}
}

// send handles a turn and returns the replies it sent.
func (w *world) send(t Turn) []Reply {
	w.t.Helper()
	before := len(w.replier.sent)
	if err := w.svc.Handle(context.Background(), t); err != nil {
		w.t.Fatalf("Handle(%q from %s): %v", t.Text, t.Phone, err)
	}
	return w.replier.sent[before:]
}

// say sends text from phone and returns the one reply's text ("" for none).
func (w *world) say(phone, text string) string {
	w.t.Helper()
	return w.only(w.send(w.turn(phone, text)))
}

// press sends a button press from phone.
func (w *world) press(phone, buttonID string) string {
	w.t.Helper()
	t := w.turn(phone, "")
	t.Type, t.ButtonID = "interactive", buttonID
	return w.only(w.send(t))
}

func (w *world) only(rs []Reply) string {
	w.t.Helper()
	switch len(rs) {
	case 0:
		return ""
	case 1:
		return rs[0].Text
	}
	w.t.Fatalf("got %d replies, want at most 1: %+v", len(rs), rs)
	return ""
}

// lastReply is the last reply sent.
func (w *world) lastReply() Reply {
	w.t.Helper()
	if len(w.replier.sent) == 0 {
		w.t.Fatal("no reply sent")
	}
	return w.replier.sent[len(w.replier.sent)-1]
}

func wantContains(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply %q does not contain %q", got, w)
		}
	}
}
