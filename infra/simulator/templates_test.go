package simulator

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGraphTemplateListing(t *testing.T) {
	sim := New(Options{})
	h := sim.Handler()
	var names []string
	target := "/v21.0/102290129340398/message_templates?fields=name,status&limit=2"
	for page := 0; target != ""; page++ {
		if page > 5 {
			t.Fatal("paging does not end")
		}
		a := call(t, h, "GET", target, bearer, "")
		if a.Status != 200 {
			t.Fatalf("page %d: %s", page, a.Raw)
		}
		data := a.Body["data"].([]any)
		if len(data) > 2 {
			t.Errorf("page %d: got %d templates, want at most 2", page, len(data))
		}
		for _, d := range data {
			m := d.(map[string]any)
			names = append(names, m["name"].(string))
			if _, ok := m["components"]; ok {
				t.Errorf("components listed although fields left them out: %v", m)
			}
			if m["id"] == "" {
				t.Errorf("no id: %v", m)
			}
		}
		paging := a.Body["paging"].(map[string]any)
		if _, ok := paging["cursors"].(map[string]any)["after"]; !ok {
			t.Errorf("page %d: no cursors: %v", page, paging)
		}
		target = ""
		if next, ok := paging["next"].(string); ok {
			u, err := url.Parse(next)
			if err != nil || u.Scheme != "http" || u.Host != "example.com" {
				t.Fatalf("next: got %q, want an absolute link on the simulator's host", next)
			}
			target = u.RequestURI()
		}
	}
	want := []string{"job_created", "contractor_assigned", "appointment_reminder", "job_completed", "gas_safety_notice", "ticket_update", "work_order_invitation"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
}

func TestTemplateListingAuth(t *testing.T) {
	h := New(Options{}).Handler()
	tests := []struct {
		name, target string
		header       map[string]string
		wantStatus   int
	}{
		{"wrong token", "/v21.0/102290129340398/message_templates", map[string]string{"Authorization": "Bearer x"}, 401},
		{"unknown WABA", "/v21.0/1/message_templates", bearer, 400},
		{"360dialog wrong key", "/v1/configs/templates", map[string]string{"D360-API-KEY": "x"}, 401},
		{"360dialog", "/v1/configs/templates?limit=2&offset=3", map[string]string{"D360-API-KEY": DefaultAccount.Token}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a := call(t, h, "GET", tt.target, tt.header, ""); a.Status != tt.wantStatus {
				t.Errorf("got %d %s, want %d", a.Status, a.Raw, tt.wantStatus)
			}
		})
	}
}

func TestSeedTemplates(t *testing.T) {
	want := map[string][]string{
		"job_created":          {"job_ref", "property_address", "job_type"},
		"contractor_assigned":  {"contractor_name", "contractor_phone", "scheduled_date"},
		"appointment_reminder": {"tenant_first_name", "appointment_date", "time_window"},
		"job_completed":        {"job_ref", "completion_date"},
		// The assistant's: a staff reply on a ticket, a work order invitation.
		"ticket_update":         {"ticket_ref", "excerpt"},
		"work_order_invitation": {"work_order_ref", "title", "site", "deadline"},
	}
	for _, tpl := range SeedTemplates() {
		vars, seed := want[tpl.Name]
		if !seed {
			if tpl.Status == "APPROVED" {
				t.Errorf("%s: extra template is APPROVED, want it not approved", tpl.Name)
			}
			continue
		}
		if !slices.Equal(tpl.Variables, vars) || tpl.Status != "APPROVED" || tpl.Language != "en_GB" || tpl.Category != "UTILITY" || tpl.ParameterFormat != "NAMED" {
			t.Errorf("%s: got %+v", tpl.Name, tpl)
		}
		if !strings.Contains(tpl.Components[0].Text, "{{") {
			t.Errorf("%s: body without placeholders", tpl.Name)
		}
		delete(want, tpl.Name)
	}
	if len(want) != 0 {
		t.Errorf("seed templates missing: %v", want)
	}
}
