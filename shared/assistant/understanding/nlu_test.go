package understanding

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/property"
)

var now = time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)

// demo is a staff member's directory of the demo organisation (part of it).
var demo = property.Directory{
	Sites: []property.Site{{ID: "site-riverside", Name: "Riverside Court", Aliases: []string{"Riverside Ct"}}, {ID: "site-harbour", Name: "Harbour View"}},
	Units: []property.Unit{{ID: "unit-riverside-1", SiteID: "site-riverside", Label: "Flat 1"}, {ID: "unit-riverside-2", SiteID: "site-riverside", Label: "Flat 2"},
		{ID: "unit-riverside-3", SiteID: "site-riverside", Label: "Flat 3"}, {ID: "unit-harbour-12", SiteID: "site-harbour", Label: "Apartment 12"}},
	Contacts: []property.Contact{{ID: "c-jane", Name: "Jane Smith", UnitIDs: []string{"unit-riverside-1"}},
		{ID: "c-john", Name: "John Smith", UnitIDs: []string{"unit-riverside-2"}}, {ID: "c-priya", Name: "Priya Patel", UnitIDs: []string{"unit-riverside-3"}}},
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, text   string
		role         assistant.Role
		intent       string
		ents         map[string]string
		contactCands []string
	}{
		{"balance by full name", "what's Jane Smith's balance?", assistant.RoleStaff, assistant.IntentBalance, map[string]string{assistant.EntContact: "c-jane"}, nil},
		{"balance by ambiguous surname", "balance for Smith", assistant.RoleStaff, assistant.IntentBalance, nil, []string{"c-jane", "c-john"}},
		{"alias of a site", "spend at Riverside Ct this month", assistant.RoleStaff, assistant.IntentSiteSpend,
			map[string]string{assistant.EntSite: "site-riverside", assistant.EntPeriod: "2026-03"}, nil},
		{"ticket reference", "any news on tkt 2026 42?", assistant.RoleResident, assistant.IntentTicketStatus, map[string]string{assistant.EntTicket: "TKT-2026-0042"}, nil},
		{"role bounds the intent", "balance for Smith", assistant.RoleContractor, assistant.IntentUnknown, nil, []string{"c-jane", "c-john"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := NLU{}.Parse(tt.text, tt.role, demo, now)
			if u.Intent != tt.intent {
				t.Fatalf("intent: got %q, want %q (trace %q)", u.Intent, tt.intent, u.Trace)
			}
			for k, want := range tt.ents {
				if got := u.Entities[k]; got != want {
					t.Errorf("entity %s: got %q, want %q (all %v)", k, got, want, u.Entities)
				}
			}
			var got []string
			for _, c := range u.Candidates[assistant.EntContact] {
				got = append(got, c.ID)
			}
			if diff := cmp.Diff(tt.contactCands, got); diff != "" {
				t.Errorf("contact candidates (-want +got):\n%s", diff)
			}
			if len(u.Trace) == 0 {
				t.Error("no trace: a reply could not be explained")
			}
		})
	}
}

func TestFill(t *testing.T) {
	tests := []struct {
		name, text, want string
		intent           string
		ents             map[string]string
	}{
		{"numbered choice", "2", assistant.EntContact, assistant.IntentChoose, map[string]string{assistant.EntChoice: "2"}},
		{"a unit by name", "flat 3", assistant.EntUnit, assistant.IntentChoose, map[string]string{assistant.EntUnit: "unit-riverside-3"}},
		{"cancel", "cancel", assistant.EntContact, assistant.IntentConfirmNo, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := NLU{}.Fill(tt.text, tt.want, assistant.RoleStaff, demo, now)
			if u.Intent != tt.intent {
				t.Fatalf("intent: got %q, want %q (trace %q)", u.Intent, tt.intent, u.Trace)
			}
			for k, want := range tt.ents {
				if got := u.Entities[k]; got != want {
					t.Errorf("entity %s: got %q, want %q (all %v)", k, got, want, u.Entities)
				}
			}
		})
	}
}

func TestVocabularyKeepsAliases(t *testing.T) {
	v := Vocabulary(demo)
	if len(v.Sites) != 2 || v.Sites[0].Aliases[0] != "Riverside Ct" || len(v.Units) != 4 || len(v.Contacts) != 3 || v.Contacts[1].UnitIDs[0] != "unit-riverside-2" {
		t.Errorf("vocabulary: got %+v", v)
	}
}
