package admin

import (
	"context"
	"testing"
	"time"

	"github.com/proplink/chat/shared/phone"
	_ "github.com/proplink/chat/shared/phone/libphonenumber" // phone.Parse's check, as ApiFunction links it
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/property/propertytest"
)

// TestSeedProperty: the demo's records pass the API's checks, and the assistant finds through
// the port what the demo script promises.
func TestSeedProperty(t *testing.T) {
	now := time.Date(2026, 3, 17, 10, 0, 0, 0, time.UTC)
	for _, r := range DemoProperty(now) {
		if _, err := property.Check(r, phone.Parse); err != nil {
			t.Errorf("%s: %v", property.String(r), err)
		}
	}
	m := propertytest.NewMemory()
	m.Now = func() time.Time { return now }
	ctx := context.Background()
	if err := SeedProperty(ctx, m, now); err != nil {
		t.Fatal(err)
	}
	people, _ := m.PeopleByPhone(ctx, DemoOrg, DemoResident)
	if len(people.Contacts) != 1 || people.Contacts[0].ID != "c-jane" || people.Contacts[0].UnitIDs[0] != "unit-riverside-1" {
		t.Errorf("the demo resident: got %+v, want c-jane of Riverside Flat 1", people)
	}
	people, _ = m.PeopleByPhone(ctx, DemoOrg, DemoContractor)
	if len(people.Vendors) != 1 || people.Vendors[0].ID != "v-reed" || people.Vendors[0].Name != "Reed Plumbing" {
		t.Errorf("the demo contractor: got %+v, want v-reed Reed Plumbing", people)
	}
	wos, _ := m.VendorWorkOrders(ctx, DemoOrg, "v-reed")
	if len(wos) != 2 || wos[0].Ref != "WO-2026-0042" || wos[0].VendorID != "" || wos[1].Ref != "WO-2026-0051" || wos[1].VendorID != "v-reed" {
		t.Errorf("v-reed's work orders: got %+v, want invited to 0042 and awarded 0051", wos)
	}
	demands, _ := m.Demands(ctx, DemoOrg, "unit-riverside-1")
	var open int
	for _, d := range demands {
		if d.Open() {
			open++
			if d.PaymentURL != "https://portal.example/pay/"+d.Ref {
				t.Errorf("%s's payment link: %q", d.Ref, d.PaymentURL)
			}
		}
	}
	if open == 0 {
		t.Error("Jane has no open demand")
	}
	chase, err := m.Arrears(ctx, DemoOrg, "unit-riverside-4")
	if err != nil || len(chase.Done) == 0 || chase.Next == nil || chase.Paused {
		t.Errorf("the running chase: got %+v, %v", chase, err)
	}
	paused, err := m.Arrears(ctx, DemoOrg, "unit-harbour-1")
	if err != nil || !paused.Paused || paused.PauseReason == "" {
		t.Errorf("the paused chase: got %+v, %v", paused, err)
	}
	sp, _ := m.Spend(ctx, DemoOrg, "site-riverside", "2026-03")
	if sp.BillCount != 3 || sp.BillsPence != 101075 || sp.WorkOrdersPence != 18000 || sp.BudgetPence != 250000 {
		t.Errorf("Riverside Court's spend this month: got %+v", sp)
	}
	for _, ref := range []string{"TKT-2026-0042", "TKT-2026-0107"} {
		if _, err := m.Ticket(ctx, DemoOrg, ref); err != nil {
			t.Errorf("%s: %v", ref, err)
		}
	}
	d, _ := m.Directory(ctx, DemoOrg, nil)
	if len(d.Sites) != 3 || len(d.Units) != 8 || len(d.Contacts) != 6 {
		t.Errorf("directory: %d sites, %d units, %d contacts, want 3, 8, 6", len(d.Sites), len(d.Units), len(d.Contacts))
	}
}
