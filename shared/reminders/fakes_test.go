package reminders

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/messaging"
)

// errInjected is the failure the fakes inject once.
var errInjected = errors.New("injected failure")

type claim struct {
	outcome Outcome // "" while pending
	at      time.Time
}

// fakeStore is an in-memory Store whose claim is atomic like a conditional put.
type fakeStore struct {
	mu        sync.Mutex
	appts     map[string]Appointment // by org#job, as the job table holds them
	claims    map[string]claim
	optedOut  map[string]bool // org#phone
	quiet     map[string]QuietHours
	markFails int // the next markFails marks fail
	// lagging holds what the eventually consistent index still shows for some jobs (org#job);
	// a zero appts entry is a deleted job.
	lagging map[string]Appointment
	// claimFails makes every claim of these jobs fail.
	claimFails map[int64]bool
	// recheckFails makes the next recheckFails rechecks fail; rechecks records each one's size.
	recheckFails int
	rechecks     []int
	// queryFails makes every query of the index fail.
	queryFails bool
}

func newFakeStore(appts ...Appointment) *fakeStore {
	s := &fakeStore{appts: map[string]Appointment{}, claims: map[string]claim{}, optedOut: map[string]bool{}, quiet: map[string]QuietHours{}}
	for _, a := range appts {
		s.put(a)
	}
	return s
}

// put stores an appointment as PUT /api/jobs/{id} would, replacing the job's previous one.
func (s *fakeStore) put(a Appointment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.appts[a.OrgID+"#"+strconv.FormatInt(a.JobID, 10)] = a
}

func (s *fakeStore) DueAppointments(_ context.Context, date string, shard int) ([]Appointment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.queryFails {
		return nil, errInjected
	}
	var out []Appointment
	for k, a := range s.appts {
		if old, ok := s.lagging[k]; ok {
			a = old
		}
		if a.OrgID == "" {
			continue
		}
		if pk, _ := IndexKeys(a); pk == IndexPK(date, shard) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { _, a := IndexKeys(out[i]); _, b := IndexKeys(out[j]); return a < b })
	return out, nil
}

func (s *fakeStore) ClaimReminder(_ context.Context, a Appointment, key string, now time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.claimFails[a.JobID] {
		return false, errInjected
	}
	if c, ok := s.claims[key]; ok && (c.outcome != "" || !c.at.Before(now.Add(-ClaimLease))) {
		return false, nil
	}
	s.claims[key] = claim{at: now}
	return true, nil
}

func (s *fakeStore) MarkReminder(_ context.Context, _ Appointment, key string, outcome Outcome, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.markFails > 0 {
		s.markFails--
		return errInjected
	}
	s.claims[key] = claim{outcome: outcome, at: now}
	return nil
}

func (s *fakeStore) Recheck(_ context.Context, as []Appointment) ([]Current, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rechecks = append(s.rechecks, len(as))
	if s.recheckFails > 0 {
		s.recheckFails--
		return nil, errInjected
	}
	out := make([]Current, len(as))
	for i, a := range as {
		if now, ok := s.appts[a.OrgID+"#"+strconv.FormatInt(a.JobID, 10)]; ok {
			out[i].Job = jobOf(now)
		}
		out[i].OptedOut = a.TenantPhone != "" && s.optedOut[a.OrgID+"#"+a.TenantPhone]
		out[i].Done = s.claims[a.ReminderKey()].outcome != ""
	}
	return out, nil
}

// jobOf returns the job that carries the appointment, as the job table holds it.
func jobOf(a Appointment) messaging.Job {
	j := messaging.Job{OrgID: a.OrgID, ID: a.JobID, AppointmentDate: a.Date, TimeWindow: a.TimeWindow, TimeZone: a.TimeZone,
		TenantPhone: a.TenantPhone, TenantFirstName: a.TenantFirstName}
	if a.Cancelled {
		j.AppointmentState = "cancelled"
	}
	return j
}

// GetSettings returns settings holding the organisation's quiet hours, none for an
// organisation without.
func (s *fakeStore) GetSettings(_ context.Context, orgID string) (messaging.Settings, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if q, ok := s.quiet[orgID]; ok {
		return messaging.Settings{OrgID: orgID, QuietHours: q.String()}, nil
	}
	return messaging.Settings{}, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
}

// fakeOutbox records every enqueue, and the sends the sender makes: one per message id.
type fakeOutbox struct {
	mu        sync.Mutex
	enqueued  []messaging.OutboundMessage
	sent      map[string]messaging.OutboundMessage
	sentAt    map[string]time.Time // when each id was first enqueued
	failsLeft int                  // the next failsLeft messages fail
	failJobs  map[int64]bool       // every message to these jobs fails
	batches   []int                // the size of each Enqueue call
	after     func()               // called after each Enqueue call, under the lock
	clock     func() time.Time
}

func newFakeOutbox(clock func() time.Time) *fakeOutbox {
	return &fakeOutbox{sent: map[string]messaging.OutboundMessage{}, sentAt: map[string]time.Time{}, clock: clock}
}

func (o *fakeOutbox) Enqueue(_ context.Context, ms []messaging.OutboundMessage) []error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.batches = append(o.batches, len(ms))
	errs := make([]error, len(ms))
	for i, m := range ms {
		fail := o.failJobs[m.JobID]
		if !fail && o.failsLeft > 0 {
			o.failsLeft--
			fail = true
		}
		if fail {
			errs[i] = errInjected
			continue
		}
		o.enqueued = append(o.enqueued, m)
		if _, ok := o.sent[m.ID]; !ok {
			o.sent[m.ID] = m
			o.sentAt[m.ID] = o.clock()
		}
	}
	if o.after != nil {
		o.after()
	}
	return errs
}

// sendsTo returns how many distinct reminders reached the sender for one job.
func (o *fakeOutbox) sendsTo(jobID int64) []messaging.OutboundMessage {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []messaging.OutboundMessage
	for _, m := range o.sent {
		if m.JobID == jobID {
			out = append(out, m)
		}
	}
	return out
}

// fakeNotes records case notes by id, as the case-note store does.
type fakeNotes struct {
	mu    sync.Mutex
	notes map[string]messaging.CaseNote
	calls int
}

func newFakeNotes() *fakeNotes { return &fakeNotes{notes: map[string]messaging.CaseNote{}} }

func (n *fakeNotes) Note(_ context.Context, c messaging.CaseNote) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.calls++
	if _, ok := n.notes[c.ID]; !ok {
		n.notes[c.ID] = c
	}
	return nil
}

// fakeRender fills a fixed template (id 3, en_GB) from the appointment.
func fakeRender(_ context.Context, a Appointment, _ messaging.Job) (int, string, messaging.Rendered, error) {
	v := a.Variables()
	return 3, "en_GB", messaging.Rendered{Text: "Hi " + v["tenant_first_name"] + ", see you " + v["appointment_date"] + " " + v["time_window"]}, nil
}

// fakeTemplates lists the same templates for every organisation and counts the listings.
type fakeTemplates struct {
	mu        sync.Mutex
	templates []messaging.Template
	lists     int
}

func (f *fakeTemplates) ListTemplates(context.Context, string) ([]messaging.Template, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	return f.templates, nil
}

// rig is one service over fresh fakes.
type rig struct {
	store  *fakeStore
	outbox *fakeOutbox
	notes  *fakeNotes
	clock  *fakes.Clock
	svc    *Service
}

func newRig(now time.Time, appts ...Appointment) *rig {
	c := fakes.NewClock(now)
	r := &rig{store: newFakeStore(appts...), outbox: newFakeOutbox(c.Now), notes: newFakeNotes(), clock: c}
	r.svc = &Service{Store: r.store, Outbox: r.outbox, Notes: r.notes, Render: fakeRender, Now: c.Now}
	return r
}
