package messaging

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// seedBodies are the BODY texts of infra/simulator's SeedTemplates (copied, not imported, so the
// domain package's tests depend on nothing outside it), with the variables the seed lists.
var seedBodies = []struct {
	name, body string
	vars       []string
}{
	{"job_created", "A new job, reference {{job_ref}}, has been raised for {{property_address}}: {{job_type}}. We will be in touch to arrange a visit.",
		[]string{"job_ref", "property_address", "job_type"}},
	{"contractor_assigned", "{{contractor_name}} will attend your repair. You can reach them on {{contractor_phone}}. The visit is scheduled for {{scheduled_date}}.",
		[]string{"contractor_name", "contractor_phone", "scheduled_date"}},
	{"appointment_reminder", "Hi {{tenant_first_name}}, a reminder of your appointment on {{appointment_date}} between {{time_window}}. Reply to this message if you need to rearrange.",
		[]string{"tenant_first_name", "appointment_date", "time_window"}},
	{"job_completed", "Your repair {{job_ref}} was completed on {{completion_date}}. Thank you for your patience.",
		[]string{"job_ref", "completion_date"}},
}

func TestDeriveVariablesSeed(t *testing.T) {
	for _, s := range seedBodies {
		t.Run(s.name, func(t *testing.T) {
			got := DeriveVariables([]Component{{Type: "BODY", Text: s.body}, {Type: "FOOTER", Text: "{{not_a_var}}"}})
			if diff := cmp.Diff(s.vars, got); diff != "" {
				t.Errorf("DeriveVariables (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDeriveVariables(t *testing.T) {
	tests := []struct {
		name       string
		components []Component
		want       []string
	}{
		{name: "none", components: nil, want: []string{}},
		{name: "header before body whatever the component order", components: []Component{
			{Type: "BUTTONS", Buttons: []Button{{Type: "URL", URL: "https://x/{{u}}"}, {Type: "QUICK_REPLY", Text: "{{q}}"}}},
			{Type: "BODY", Text: "{{b}} {{h}}"},
			{Type: "HEADER", Format: "TEXT", Text: "{{h}}"},
		}, want: []string{"h", "b", "u"}},
		{name: "media headers", components: []Component{{Type: "HEADER", Format: "VIDEO"}, {Type: "BODY", Text: "{{1}}"}}, want: []string{"header_video", "1"}},
		{name: "location header needs nothing", components: []Component{{Type: "HEADER", Format: "LOCATION"}}, want: []string{}},
		{name: "spaces inside braces", components: []Component{{Type: "BODY", Text: "{{ a }} {{a}} {{b-c}}"}}, want: []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, DeriveVariables(tt.components)); diff != "" {
				t.Errorf("DeriveVariables (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSendable(t *testing.T) {
	for _, s := range []string{TemplateApproved, TemplatePending, TemplateRejected, TemplatePaused, TemplateDisabled, ""} {
		t.Run(s, func(t *testing.T) {
			if got, want := (Template{Status: s}).Sendable(), s == TemplateApproved; got != want {
				t.Errorf("Sendable() = %v, want %v", got, want)
			}
		})
	}
}

func TestSeedRendersFromJob(t *testing.T) {
	j := Job{ID: 1050, Ref: "JOB-001", PropertyAddress: "Flat 1, 2 High St", JobType: "Plumbing",
		TenantFirstName: "Ann", ContractorName: "Bob's Plumbing", ContractorPhone: "+447700900456",
		AppointmentDate: "2026-11-25", TimeWindow: "08:00-12:00", ScheduledDate: "2026-11-25", CompletionDate: "2026-11-26"}
	for _, s := range seedBodies {
		t.Run(s.name, func(t *testing.T) {
			r, err := tpl(FormatNamed, Component{Type: "BODY", Text: s.body}).Render(j.Variables())
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if got := len(r.Components[0].Parameters); got != len(s.vars) {
				t.Errorf("parameters = %d, want %d", got, len(s.vars))
			}
		})
	}
}
