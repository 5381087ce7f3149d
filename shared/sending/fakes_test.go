package sending

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// seedSettings, seedJob and seedTemplate are the seed's example: job 1050, template 3.
var (
	seedSettings = messaging.Settings{OrgID: "org1", Provider: messaging.ProviderMeta, APIURL: "https://graph.example.com/",
		PhoneNumberID: "1055", WABAID: "2001", APITokenSet: true,
		TokenProvider: messaging.ProviderMeta, TokenURL: "https://graph.example.com/"}
	seedJob = messaging.Job{OrgID: "org1", ID: 1050, Ref: "JOB-001", TenantFirstName: "Ann",
		AppointmentDate: "2026-11-25", TimeWindow: "08:00-12:00"}
	seedTemplate = func() messaging.Template {
		c := []messaging.Component{{Type: "BODY", Text: "Hi {{tenant_first_name}}, a reminder of your appointment on {{appointment_date}} between {{time_window}}."}}
		return messaging.Template{ID: 3, Name: "appointment_reminder", Language: "en_GB", Status: messaging.TemplateApproved,
			ParameterFormat: messaging.FormatNamed, Components: c, Variables: messaging.DeriveVariables(c)}
	}()
)

// fakeStore holds the send path's table in memory.
type fakeStore struct {
	mu        sync.Mutex
	settings  messaging.Settings
	job       messaging.Job
	template  messaging.Template
	loadErr   error
	optedOut  bool // the recipient's suppression record
	getErr    error
	upsertErr error
	notes     []messaging.CaseNote
}

func (f *fakeStore) LoadSendTo(_ context.Context, orgID string, jobID int64, templateID int, recipient string) (messaging.SendLoad, error) {
	if f.loadErr != nil {
		return messaging.SendLoad{}, f.loadErr
	}
	if orgID != f.settings.OrgID || jobID != f.job.ID || templateID != f.template.ID {
		return messaging.SendLoad{}, messaging.Errorf(messaging.CodeNotFound, "not found")
	}
	return messaging.SendLoad{Settings: f.settings, Job: f.job, Template: f.template, Suppression: messaging.Suppression{Phone: recipient, OptedOut: f.optedOut}}, nil
}

func (f *fakeStore) LoadTextSend(ctx context.Context, orgID, recipient string) (messaging.Settings, messaging.Suppression, error) {
	st, err := f.GetSettings(ctx, orgID)
	return st, messaging.Suppression{Phone: recipient}, err
}

func (f *fakeStore) GetSuppression(_ context.Context, _, phone string) (messaging.Suppression, error) {
	return messaging.Suppression{Phone: phone, OptedOut: f.optedOut}, nil
}

func (f *fakeStore) RecordOutbound(context.Context, string, string, string, messaging.ConversationMessage) error {
	return nil
}

func (f *fakeStore) GetSettings(_ context.Context, orgID string) (messaging.Settings, error) {
	if f.getErr != nil {
		return messaging.Settings{}, f.getErr
	}
	return f.settings, nil
}

func (f *fakeStore) UpsertCaseNote(_ context.Context, n messaging.CaseNote) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.upsertErr != nil {
		return f.upsertErr
	}
	f.notes = append(f.notes, n)
	return nil
}

// fakeProvider answers sends with its send func and records every call.
type fakeProvider struct {
	mu    sync.Mutex
	send  func(msg whatsapp.TemplateSend) (string, error)
	calls []whatsapp.TemplateSend
	accts []whatsapp.Account
}

func (f *fakeProvider) SendTemplate(_ context.Context, acct whatsapp.Account, msg whatsapp.TemplateSend) (string, error) {
	f.mu.Lock()
	f.calls = append(f.calls, msg)
	f.accts = append(f.accts, acct)
	f.mu.Unlock()
	if f.send == nil {
		return "wamid.ok", nil
	}
	return f.send(msg)
}

func (f *fakeProvider) SendText(context.Context, whatsapp.Account, string, string, string) (string, error) {
	return "", errors.New("fake: SendText not used by the send path")
}

func (f *fakeProvider) ListTemplates(context.Context, whatsapp.Account) ([]messaging.Template, error) {
	return nil, errors.New("fake: ListTemplates not used by the send path")
}

// fakeSecrets is an in-memory secret store.
type fakeSecrets map[string]string

func (f fakeSecrets) Get(_ context.Context, name string) (string, error) {
	v, ok := f[name]
	if !ok {
		return "", errors.New("fake: no secret " + name)
	}
	return v, nil
}

// fakePacer answers every reservation with decide (allowed when nil) and records the keys.
type fakePacer struct {
	decide func(key string) messaging.RateDecision
	keys   []string
}

func (f *fakePacer) Reserve(_ context.Context, key string, _ time.Time) (messaging.RateDecision, error) {
	f.keys = append(f.keys, key)
	if f.decide == nil {
		return messaging.RateDecision{Allowed: true}, nil
	}
	return f.decide(key), nil
}

// fakeLimiter answers every Allow with d and records the keys.
type fakeLimiter struct {
	d    messaging.RateDecision
	err  error
	keys []string
}

func (f *fakeLimiter) Allow(_ context.Context, key string, _ time.Time) (messaging.RateDecision, error) {
	f.keys = append(f.keys, key)
	return f.d, f.err
}

// fakeQueue records what was put on it.
type fakeQueue struct {
	mu   sync.Mutex
	err  error
	sent []messaging.QueueMessage
}

func (f *fakeQueue) Send(_ context.Context, m messaging.QueueMessage) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.sent = append(f.sent, m)
	return nil
}

// noteEvents returns the case-note events on the queue.
func (f *fakeQueue) noteEvents() []messaging.CaseNoteEvent {
	var out []messaging.CaseNoteEvent
	for _, m := range f.sent {
		out = append(out, m.Body.(messaging.CaseNoteEvent))
	}
	return out
}

// fakeMetrics counts by metric name.
type fakeMetrics struct {
	mu     sync.Mutex
	counts map[string]float64
}

func (f *fakeMetrics) Count(name string, value float64, _ map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.counts == nil {
		f.counts = map[string]float64{}
	}
	f.counts[name] += value
}

// fakeClaims is the sender's claim record in memory, with an injectable claim answer.
type fakeClaims struct {
	claim    func(messageID string) (messaging.SendClaim, error)
	claimed  []string
	sent     map[string]string
	released []string
	failed   map[string]string
	unknown  map[string]time.Time // message id → until
	sentErr  error
}

func (f *fakeClaims) RecordUnknown(_ context.Context, _, messageID, _ string, _, until time.Time) error {
	if f.unknown == nil {
		f.unknown = map[string]time.Time{}
	}
	f.unknown[messageID] = until
	return nil
}

// memClaims is the message record's state machine in memory, as dynamo.Store keeps it:
// acquired when absent or pending, or unknown with its wait over; resolve plays a status
// webhook (dynamo.Store.ResolveSend).
type memClaims struct {
	state map[string]string
	until map[string]time.Time
	wamid map[string]string
}

func newMemClaims() *memClaims {
	return &memClaims{state: map[string]string{}, until: map[string]time.Time{}, wamid: map[string]string{}}
}

func (m *memClaims) ClaimSend(_ context.Context, _, id string, now time.Time, _ time.Duration) (messaging.SendClaim, error) {
	switch st := m.state[id]; {
	case st == "sent":
		return messaging.SendClaim{Sent: true, WAMID: m.wamid[id]}, nil
	case st == "failed":
		return messaging.SendClaim{Failed: true}, nil
	case st == "unknown" && now.Before(m.until[id]):
		return messaging.SendClaim{Unknown: true, Until: m.until[id]}, nil
	case st == "sending":
		return messaging.SendClaim{Busy: true}, nil
	}
	m.state[id] = "sending"
	return messaging.SendClaim{Acquired: true}, nil
}

func (m *memClaims) RecordSent(_ context.Context, _, id, wamid string, _ time.Time) error {
	m.state[id], m.wamid[id] = "sent", wamid
	return nil
}

func (m *memClaims) ReleaseSend(_ context.Context, _, id, _ string) error {
	if m.state[id] == "sending" {
		m.state[id] = "pending"
	}
	return nil
}

func (m *memClaims) RecordFailed(_ context.Context, _, id, _ string) error {
	if m.state[id] != "sent" {
		m.state[id] = "failed"
	}
	return nil
}

func (m *memClaims) RecordUnknown(_ context.Context, _, id, _ string, _, until time.Time) error {
	if st := m.state[id]; st == "" || st == "sending" || st == "pending" {
		m.state[id], m.until[id] = "unknown", until
	}
	return nil
}

func (m *memClaims) resolve(id, wamid string) {
	if st := m.state[id]; st != "sent" && st != "failed" {
		m.state[id], m.wamid[id] = "sent", wamid
	}
}

func (f *fakeClaims) ClaimSend(_ context.Context, _, messageID string, _ time.Time, _ time.Duration) (messaging.SendClaim, error) {
	f.claimed = append(f.claimed, messageID)
	if f.claim == nil {
		return messaging.SendClaim{Acquired: true}, nil
	}
	return f.claim(messageID)
}

func (f *fakeClaims) RecordSent(_ context.Context, _, messageID, wamid string, _ time.Time) error {
	if f.sentErr != nil {
		return f.sentErr
	}
	if f.sent == nil {
		f.sent = map[string]string{}
	}
	f.sent[messageID] = wamid
	return nil
}

func (f *fakeClaims) ReleaseSend(_ context.Context, _, messageID, _ string) error {
	f.released = append(f.released, messageID)
	return nil
}

func (f *fakeClaims) RecordFailed(_ context.Context, _, messageID, reason string) error {
	if f.failed == nil {
		f.failed = map[string]string{}
	}
	f.failed[messageID] = reason
	return nil
}

// rig is a send path wired to fakes.
type rig struct {
	store     *fakeStore
	provider  *fakeProvider
	pair, num *fakePacer
	limiter   *fakeLimiter
	outbound  *fakeQueue
	notes     *fakeQueue
	metrics   *fakeMetrics
	claims    *fakeClaims
}

func newRig() *rig {
	return &rig{
		store:    &fakeStore{settings: seedSettings, job: seedJob, template: seedTemplate},
		provider: &fakeProvider{},
		pair:     &fakePacer{}, num: &fakePacer{},
		limiter:  &fakeLimiter{d: messaging.RateDecision{Allowed: true, Limit: 20, Remaining: 19, Reset: t0.Add(time.Minute)}},
		outbound: &fakeQueue{}, notes: &fakeQueue{}, metrics: &fakeMetrics{}, claims: &fakeClaims{},
	}
}

func (r *rig) deps() Deps {
	return Deps{
		Store: r.store, Provider: r.provider, Reach: r.store,
		Secrets:   fakeSecrets{messaging.OrgSecret("org1", "", messaging.SecretAPIToken): "EAAtoken1234"},
		PairPacer: r.pair, NumPacer: r.num, Outbound: r.outbound, CaseNotes: r.notes, Metrics: r.metrics,
		Now: func() time.Time { return t0 }, NewID: func() string { return "01MSG" }, Sends: r.claims,
	}
}

func (r *rig) service() *Service { return &Service{Deps: r.deps(), Limit: r.limiter} }

func (r *rig) sender() *Sender {
	return &Sender{Deps: r.deps(), Claims: r.claims, Lease: 30 * time.Second, MaxWait: 2 * time.Second,
		Sleep: func(context.Context, time.Duration) error { return nil }}
}
