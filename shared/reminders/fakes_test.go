package reminders

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"sync"
	"time"

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
	var out []Appointment
	for _, a := range s.appts {
		if pk, _ := IndexKeys(a); pk == IndexPK(date, shard) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { _, a := IndexKeys(out[i]); _, b := IndexKeys(out[j]); return a < b })
	return out, nil
}

func (s *fakeStore) ClaimReminder(_ context.Context, _ Appointment, key string, now time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
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

func (s *fakeStore) OptedOut(_ context.Context, orgID, phone string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.optedOut[orgID+"#"+phone], nil
}

func (s *fakeStore) QuietHours(_ context.Context, orgID string) (QuietHours, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if q, ok := s.quiet[orgID]; ok {
		return q, nil
	}
	return DefaultQuietHours(), nil
}

// fakeOutbox records every enqueue, and the sends the sender makes: one per message id.
type fakeOutbox struct {
	mu        sync.Mutex
	enqueued  []messaging.OutboundMessage
	sent      map[string]messaging.OutboundMessage
	sentAt    map[string]time.Time // when each id was first enqueued
	failsLeft int                  // the next failsLeft enqueues fail
	clock     func() time.Time
}

func newFakeOutbox(clock func() time.Time) *fakeOutbox {
	return &fakeOutbox{sent: map[string]messaging.OutboundMessage{}, sentAt: map[string]time.Time{}, clock: clock}
}

func (o *fakeOutbox) Enqueue(_ context.Context, m messaging.OutboundMessage) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.failsLeft > 0 {
		o.failsLeft--
		return errInjected
	}
	o.enqueued = append(o.enqueued, m)
	if _, ok := o.sent[m.ID]; !ok {
		o.sent[m.ID] = m
		o.sentAt[m.ID] = o.clock()
	}
	return nil
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
func fakeRender(_ context.Context, a Appointment) (int, string, messaging.Rendered, error) {
	v := a.Variables()
	return 3, "en_GB", messaging.Rendered{Text: "Hi " + v["tenant_first_name"] + ", see you " + v["appointment_date"] + " " + v["time_window"]}, nil
}

// clock is a settable time source for the service and fakes.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

// rig is one service over fresh fakes.
type rig struct {
	store  *fakeStore
	outbox *fakeOutbox
	notes  *fakeNotes
	clock  *fakeClock
	svc    *Service
}

func newRig(now time.Time, appts ...Appointment) *rig {
	c := &fakeClock{now: now}
	r := &rig{store: newFakeStore(appts...), outbox: newFakeOutbox(c.Now), notes: newFakeNotes(), clock: c}
	r.svc = &Service{Store: r.store, Outbox: r.outbox, Notes: r.notes, Render: fakeRender, Now: c.Now}
	return r
}
