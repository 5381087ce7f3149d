package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/reminders"
	"github.com/proplink/chat/shared/sqsq"
)

// fakeQueue records what reaches the queue; a batch holding a message to failTo fails as a
// whole, after taking its other messages (SQS fails entries, not batches), and a single send
// to failTo fails too.
type fakeQueue struct {
	mu      sync.Mutex
	sent    []sqsq.Message
	batches int
	singles int
	failTo  string
}

func (q *fakeQueue) Send(_ context.Context, m sqsq.Message) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.singles++
	return q.take(m)
}

func (q *fakeQueue) SendBatch(_ context.Context, ms []sqsq.Message) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.batches++
	var err error
	for _, m := range ms {
		if e := q.take(m); e != nil {
			err = e
		}
	}
	return err
}

// take keeps m unless it goes to failTo; a repeated deduplication id is dropped, as FIFO does.
func (q *fakeQueue) take(m sqsq.Message) error {
	if body, ok := m.Body.(messaging.OutboundMessage); ok && q.failTo != "" && body.Recipient == q.failTo {
		return errors.New("entry failed")
	}
	for _, s := range q.sent {
		if m.DeduplicationID != "" && s.DeduplicationID == m.DeduplicationID {
			return nil
		}
	}
	q.sent = append(q.sent, m)
	return nil
}

type fakeStore struct {
	mu        sync.Mutex
	templates []messaging.Template
	lists     int
	settings  int
	noOrg     string // GetSettings of this organisation fails
}

func (f *fakeStore) ListTemplates(context.Context, string) ([]messaging.Template, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	return f.templates, nil
}

func (f *fakeStore) GetSettings(_ context.Context, org string) (messaging.Settings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.settings++
	if org == f.noOrg {
		return messaging.Settings{}, errors.New("no settings")
	}
	return messaging.Settings{OrgID: org, PhoneNumberID: "555"}, nil
}

func TestOutboxGroupsByConversationAndDedupesByID(t *testing.T) {
	q, st := &fakeQueue{}, &fakeStore{}
	o := &outbox{queue: q, settings: st, phoneIDs: map[string]string{}}
	ms := []messaging.OutboundMessage{{ID: "msg_rem_a", OrgID: "o1", Recipient: "+447700900001"}, {ID: "msg_rem_b", OrgID: "o1", Recipient: "+447700900001"}}
	if errs := o.Enqueue(context.Background(), ms); errors.Join(errs...) != nil {
		t.Fatal(errs)
	}
	got := []string{}
	for _, m := range q.sent {
		got = append(got, m.GroupID+" "+m.DeduplicationID)
	}
	want := []string{"o1#555#447700900001 msg_rem_a", "o1#555#447700900001 msg_rem_b"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("group and dedupe ids (-want +got):\n%s", diff)
	}
	if q.batches != 1 || q.singles != 0 {
		t.Errorf("requests: %d batches, %d singles; want one batch", q.batches, q.singles)
	}
	if st.settings != 1 {
		t.Errorf("settings reads: got %d, want 1 per organisation per run", st.settings)
	}
}

func TestOutboxPerMessageErrors(t *testing.T) {
	var ms []messaging.OutboundMessage
	for i := range reminders.MaxEnqueue {
		org := "o1"
		if i == 7 {
			org = "gone"
		}
		ms = append(ms, messaging.OutboundMessage{ID: fmt.Sprintf("msg_rem_%d", i), OrgID: org, Recipient: fmt.Sprintf("+44770090000%d", i)})
	}
	q, st := &fakeQueue{failTo: "+447700900003"}, &fakeStore{noOrg: "gone"}
	o := &outbox{queue: q, settings: st, phoneIDs: map[string]string{}}
	errs := o.Enqueue(context.Background(), ms)
	var failed []int
	for i, err := range errs {
		if err != nil {
			failed = append(failed, i)
		}
	}
	if diff := cmp.Diff([]int{3, 7}, failed); diff != "" {
		t.Errorf("failed messages (-want +got):\n%s", diff)
	}
	if got := len(q.sent); got != 8 {
		t.Errorf("messages on the queue = %d, want 8, each once", got)
	}
	if q.batches != 1 || q.singles != 9 {
		t.Errorf("requests: %d batches, %d singles; want one batch, then each of its 9 alone", q.batches, q.singles)
	}
}

func TestRender(t *testing.T) {
	reminder := messaging.Template{ID: 3, Name: reminders.TemplateName, Language: "en_GB", Status: messaging.TemplateApproved,
		Components: []messaging.Component{{Type: "BODY", Text: "Hi {{tenant_first_name}}, see you {{appointment_date}} {{time_window}} at {{property_address}}."}}}
	pending := reminder
	pending.ID, pending.Status = 2, "PENDING"
	job := messaging.Job{OrgID: "o1", ID: 7, TenantFirstName: "Sam", TenantPhone: "+447700900001", AppointmentDate: "2026-11-25", TimeWindow: "08:00-12:00", PropertyAddress: "1 High St"}
	appt, _ := reminders.FromJob(job)
	tests := []struct {
		name      string
		templates []messaging.Template
		wantID    int
		wantErr   string
	}{
		{"approved template", []messaging.Template{pending, reminder}, 3, ""},
		{"no approved template", []messaging.Template{pending}, 0, "no approved appointment_reminder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &fakeStore{templates: tt.templates}
			r := &renderer{store: st, templates: map[string]templateOrErr{}}
			var wg sync.WaitGroup
			for range 8 { // workers render at once; the organisation's templates are listed once
				wg.Go(func() {
					id, lang, out, err := r.render(context.Background(), appt, job)
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
