package reminders

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/proplink/chat/shared/messaging"
)

// reminderTemplate is an approved appointment_reminder template (id 3, en_GB).
var reminderTemplate = messaging.Template{ID: 3, Name: TemplateName, Language: "en_GB", Status: messaging.TemplateApproved,
	Components: []messaging.Component{{Type: "BODY", Text: "Hi {{tenant_first_name}}, see you {{appointment_date}} {{time_window}} at {{property_address}}."}}}

func TestRender(t *testing.T) {
	pending := reminderTemplate
	pending.ID, pending.Status = 2, "PENDING"
	job := messaging.Job{OrgID: "o1", ID: 7, TenantFirstName: "Sam", TenantPhone: "+447700900001", AppointmentDate: "2026-11-25", TimeWindow: "08:00-12:00", PropertyAddress: "1 High St"}
	appt, _ := FromJob(job)
	tests := []struct {
		name      string
		templates []messaging.Template
		wantID    int
		wantErr   string
	}{
		{"approved template", []messaging.Template{pending, reminderTemplate}, 3, ""},
		{"no approved template", []messaging.Template{pending}, 0, "no approved appointment_reminder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &fakeTemplates{templates: tt.templates}
			r := NewRenderer(st)
			var wg sync.WaitGroup
			for range 8 { // workers render at once; the organisation's templates are listed once
				wg.Go(func() {
					id, lang, out, err := r.Render(context.Background(), appt, job)
					if tt.wantErr != "" {
						if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
							t.Errorf("got %v, want an error containing %q", err, tt.wantErr)
						}
						return
					}
					if err != nil {
						t.Error(err)
						return
					}
					if id != tt.wantID || lang != "en_GB" || out.Text != "Hi Sam, see you Wednesday 25 November 2026 08:00-12:00 at 1 High St." {
						t.Errorf("got %d %s %q", id, lang, out.Text)
					}
				})
			}
			wg.Wait()
			if st.lists != 1 {
				t.Errorf("template lists = %d, want one per organisation per run", st.lists)
			}
		})
	}
}
