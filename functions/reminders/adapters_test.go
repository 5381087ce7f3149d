package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/reminders"
	"github.com/proplink/chat/shared/sqsq"
)

type fakeQueue struct{ sent []sqsq.Message }

func (q *fakeQueue) Send(_ context.Context, m sqsq.Message) error {
	q.sent = append(q.sent, m)
	return nil
}

type fakeStore struct {
	jobs      map[int64]messaging.Job
	templates []messaging.Template
	lists     int
	settings  int
}

func (f *fakeStore) GetJob(_ context.Context, _ string, id int64) (messaging.Job, error) {
	j, ok := f.jobs[id]
	if !ok {
		return messaging.Job{}, errors.New("not found")
	}
	return j, nil
}

func (f *fakeStore) ListTemplates(context.Context, string) ([]messaging.Template, error) {
	f.lists++
	return f.templates, nil
}

func (f *fakeStore) GetSettings(_ context.Context, org string) (messaging.Settings, error) {
	f.settings++
	return messaging.Settings{OrgID: org, PhoneNumberID: "555"}, nil
}

func TestOutboxGroupsByConversationAndDedupesByID(t *testing.T) {
	q, st := &fakeQueue{}, &fakeStore{}
	o := &outbox{queue: q, settings: st, phoneIDs: map[string]string{}}
	for _, id := range []string{"msg_rem_a", "msg_rem_b"} {
		if err := o.Enqueue(context.Background(), messaging.OutboundMessage{ID: id, OrgID: "o1", Recipient: "+447700900001"}); err != nil {
			t.Fatal(err)
		}
	}
	got := []string{}
	for _, m := range q.sent {
		got = append(got, m.GroupID+" "+m.DeduplicationID)
	}
	want := []string{"o1#555#447700900001 msg_rem_a", "o1#555#447700900001 msg_rem_b"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("group and dedupe ids (-want +got):\n%s", diff)
	}
	if st.settings != 1 {
		t.Errorf("settings reads: got %d, want 1 per organisation per run", st.settings)
	}
}

func TestRender(t *testing.T) {
	reminder := messaging.Template{ID: 3, Name: reminders.TemplateName, Language: "en_GB", Status: messaging.TemplateApproved,
		Components: []messaging.Component{{Type: "BODY", Text: "Hi {{tenant_first_name}}, see you {{appointment_date}} {{time_window}}."}}}
	pending := reminder
	pending.ID, pending.Status = 2, "PENDING"
	job := messaging.Job{OrgID: "o1", ID: 7, TenantFirstName: "Sam", TenantPhone: "+447700900001", AppointmentDate: "2026-11-25", TimeWindow: "08:00-12:00"}
	appt, _ := reminders.FromJob(job)
	moved := job
	moved.AppointmentDate = "2026-11-26"
	cancelled := job
	cancelled.AppointmentState = "cancelled"
	tests := []struct {
		name      string
		job       messaging.Job
		templates []messaging.Template
		wantID    int
		wantErr   string
	}{
		{"approved template", job, []messaging.Template{pending, reminder}, 3, ""},
		{"no approved template", job, []messaging.Template{pending}, 0, "no approved appointment_reminder"},
		{"moved since the index was read", moved, []messaging.Template{reminder}, 0, "changed"},
		{"cancelled since the index was read", cancelled, []messaging.Template{reminder}, 0, "changed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &fakeStore{jobs: map[int64]messaging.Job{7: tt.job}, templates: tt.templates}
			r := &renderer{store: st, templates: map[string]templateOrErr{}}
			id, lang, out, err := r.render(context.Background(), appt)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if id != tt.wantID || lang != "en_GB" || !strings.Contains(out.Text, "Hi Sam, see you Wednesday 25 November 2026 08:00-12:00.") {
				t.Errorf("got %d %s %q", id, lang, out.Text)
			}
			if _, _, _, err := r.render(context.Background(), appt); err != nil || st.lists != 1 {
				t.Errorf("second render: err %v, template lists %d, want one list per organisation per run", err, st.lists)
			}
		})
	}
}
