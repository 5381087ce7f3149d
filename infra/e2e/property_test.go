//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/property"
)

// TestPropertyAPI fills the built-in store through the API as a platform would — a site and a
// contact — reads them back, and finds the contact by number the way the assistant will.
func TestPropertyAPI(t *testing.T) {
	phone := newPhone()
	site := fmt.Sprintf("site-e2e-%d", time.Now().UnixNano()) // not the phone: paths are logged
	contact := "c-" + site
	tok := e.demo.StaffToken

	r := call(t, "PUT", "/api/property/sites/"+site, tok, `{"name":"Canal Wharf","aliases":["The Wharf"]}`)
	if r.Status != http.StatusOK {
		t.Fatalf("PUT site: got %d %s", r.Status, r.Raw)
	}
	body := fmt.Sprintf(`{"name":"Olu Ade","phone":%q,"unit_ids":["unit-riverside-2"]}`, phone)
	if r = call(t, "PUT", "/api/property/contacts/"+contact, tok, body); r.Status != http.StatusOK {
		t.Fatalf("PUT contact: got %d %s", r.Status, r.Raw)
	}
	if r = call(t, "PUT", "/api/property/contacts/"+contact, tok, `{"name":"Olu Ade","favourite":"tea"}`); r.Status != http.StatusBadRequest {
		t.Errorf("an unknown field: got %d %s, want 400", r.Status, r.Raw)
	}

	r = call(t, "GET", "/api/property/sites/"+site, tok, "")
	if data, _ := r.Body["data"].(map[string]any); r.Status != http.StatusOK || data["name"] != "Canal Wharf" {
		t.Errorf("GET site: got %d %s", r.Status, r.Raw)
	}
	r = call(t, "GET", "/api/property/contacts/"+contact, tok, "")
	if data, _ := r.Body["data"].(map[string]any); r.Status != http.StatusOK || data["phone"] != phone || data["name"] != "Olu Ade" {
		t.Errorf("GET contact: got %d %s", r.Status, r.Raw)
	}
	r = call(t, "GET", "/api/property/sites?limit=200", tok, "")
	if r.Status != http.StatusOK || !strings.Contains(r.Raw, `"id":"`+site+`"`) || !strings.Contains(r.Raw, `"id":"site-riverside"`) {
		t.Errorf("GET sites: got %d %s, want the new site beside the demo's", r.Status, r.Raw)
	}
	r = call(t, "GET", "/api/property/tickets/TKT-2026-0042", tok, "")
	if r.Status != http.StatusOK || !strings.Contains(r.Raw, "dripping through my bathroom ceiling") {
		t.Errorf("GET the demo's ticket: got %d %s", r.Status, r.Raw)
	}

	// What DynamoDB holds: the contact is in the phone index the assistant looks people up by.
	people, err := e.store.PeopleByPhone(context.Background(), e.demo.OrgID, phone)
	if err != nil {
		t.Fatal(err)
	}
	want := property.Contact{ID: contact, Name: "Olu Ade", Phone: phone, UnitIDs: []string{"unit-riverside-2"}}
	if len(people.Contacts) != 1 || fmt.Sprint(people.Contacts[0]) != fmt.Sprint(want) {
		t.Errorf("people by phone: got %+v, want %+v", people, want)
	}
	// The demo's seeded contractor is there too.
	if p, _ := e.store.PeopleByPhone(context.Background(), e.demo.OrgID, e.demo.ContractorPhone); len(p.Vendors) != 1 || p.Vendors[0].ID != "v-reed" {
		t.Errorf("the demo contractor: got %+v", p)
	}
}
