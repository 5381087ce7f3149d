package inbound

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// fakeStore is an in-memory Store with the table's semantics: claims, forward-only notes.
type fakeStore struct {
	mu          sync.Mutex
	claims      map[string]string // key → pending/done
	notes       map[string]messaging.CaseNote
	orphans     map[string]messaging.Status
	convs       map[string]messaging.Conversation
	msgs        map[string][]messaging.ConversationMessage // conv id → messages
	optOut      map[string]bool
	optOutAt    map[string]time.Time
	marketing   map[string]string
	templates   map[string]string // name/lang → status
	settings    messaging.Settings
	failNote    func(n messaging.CaseNote) error // fails chosen note writes
	inboundRecs int
	resolved    map[string]string // org|message id → wamid
}

func (f *fakeStore) ResolveSend(_ context.Context, org, id, wamid string, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.resolved == nil {
		f.resolved = map[string]string{}
	}
	if _, ok := f.resolved[org+"|"+id]; !ok {
		f.resolved[org+"|"+id] = wamid
	}
	return nil
}

func newFakeStore() *fakeStore {
	return &fakeStore{
		claims: map[string]string{}, notes: map[string]messaging.CaseNote{}, orphans: map[string]messaging.Status{},
		convs: map[string]messaging.Conversation{}, msgs: map[string][]messaging.ConversationMessage{},
		optOut: map[string]bool{}, optOutAt: map[string]time.Time{}, marketing: map[string]string{}, templates: map[string]string{"welcome/en_GB": "PENDING"},
		settings: messaging.Settings{OrgID: "o1", Provider: messaging.ProviderMeta, APIURL: "http://sim", PhoneNumberID: "pn1", APITokenSet: true,
			TokenProvider: messaging.ProviderMeta, TokenURL: "http://sim"},
	}
}

func (f *fakeStore) ClaimEvent(_ context.Context, org, key string, _ time.Time, _ time.Duration) (messaging.EventClaim, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch f.claims[org+"|"+key] {
	case "done":
		return messaging.EventClaim{Done: true}, nil
	case "pending":
		return messaging.EventClaim{Busy: true}, nil
	}
	f.claims[org+"|"+key] = "pending"
	return messaging.EventClaim{Acquired: true}, nil
}

func (f *fakeStore) CompleteEvent(_ context.Context, org, key string, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.claims[org+"|"+key] = "done"
	return nil
}

func (f *fakeStore) ReleaseEvent(_ context.Context, org, key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.claims[org+"|"+key] == "pending" {
		delete(f.claims, org+"|"+key)
	}
	return nil
}

func (f *fakeStore) UpsertCaseNote(_ context.Context, n messaging.CaseNote) error {
	if f.failNote != nil {
		if err := f.failNote(n); err != nil {
			return err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	k := n.OrgID + "|" + n.ID
	old, ok := f.notes[k]
	if !ok {
		f.notes[k] = n
		return nil
	}
	if n.Status.Rank() > old.Status.Rank() {
		old.Status = n.Status
		old.StatusHistory = append(old.StatusHistory, n.StatusHistory...)
		old.Errors = append(old.Errors, n.Errors...)
	}
	if old.Text == "" {
		old.Text = n.Text
	}
	f.notes[k] = old
	return nil
}

func (f *fakeStore) KeepOrphanStatus(_ context.Context, org, wamid, _, _ string, st messaging.Status, _ time.Time, _ []messaging.StatusError) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if st.Rank() > f.orphans[wamid].Rank() {
		f.orphans[wamid] = st
	}
	return nil
}

func (f *fakeStore) RecordInbound(_ context.Context, in messaging.InboundRecord) (messaging.Conversation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inboundRecs++
	id := messaging.ConversationID(in.OrgID, in.PhoneNumberID, in.Phone)
	c, ok := f.convs[id]
	if !ok {
		c = messaging.Conversation{ID: id, OrgID: in.OrgID, PhoneNumberID: in.PhoneNumberID, Phone: in.Phone, OptedInAt: in.Message.At}
	}
	if in.Message.At.Before(c.LastInboundAt) {
		// Like the store: a late older message is kept but moves nothing back.
		f.putMsg(id, in.Message)
		return c, nil
	}
	c.LastInboundAt, c.ProfileName = in.Message.At, in.ProfileName
	if in.OptOut != nil {
		c.OptedOut = *in.OptOut
	}
	f.convs[id] = c
	f.putMsg(id, in.Message)
	return c, nil
}

func (f *fakeStore) putMsg(id string, m messaging.ConversationMessage) {
	for i, old := range f.msgs[id] {
		if old.ID == m.ID {
			f.msgs[id][i] = m
			return
		}
	}
	f.msgs[id] = append(f.msgs[id], m)
}

func (f *fakeStore) RecordOutbound(_ context.Context, org, pnid, phone string, m messaging.ConversationMessage) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.putMsg(messaging.ConversationID(org, pnid, phone), m)
	return nil
}

func (f *fakeStore) SetOptOut(_ context.Context, _, phone string, out bool, at time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if at.Before(f.optOutAt[phone]) {
		return nil // like the store: an older keyword changes nothing
	}
	f.optOut[phone], f.optOutAt[phone] = out, at
	return nil
}

func (f *fakeStore) SetMarketingStop(_ context.Context, _, phone string, stopped bool, reason string, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if stopped {
		f.marketing[phone] = reason
	} else {
		delete(f.marketing, phone)
	}
	return nil
}

func (f *fakeStore) SetTemplateStatus(_ context.Context, _, name, lang, status string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.templates[name+"/"+lang]; !ok {
		return false, nil
	}
	f.templates[name+"/"+lang] = status
	return true, nil
}

func (f *fakeStore) GetSettings(_ context.Context, _ string) (messaging.Settings, error) {
	return f.settings, nil
}

// linkJob makes the conversation with phone know job.
func (f *fakeStore) linkJob(org, phone string, job int64) {
	id := messaging.ConversationID(org, "pn1", phone)
	c := f.convs[id]
	c.ID, c.OrgID, c.PhoneNumberID, c.Phone, c.LastJobID = id, org, "pn1", phone, job
	f.convs[id] = c
}

// fakeProvider records text sends and answers with err when set.
type fakeProvider struct {
	mu    sync.Mutex
	sent  []string // to + ": " + text
	err   error
	calls int
}

func (p *fakeProvider) SendText(_ context.Context, _ whatsapp.Account, to, text, _ string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.err != nil {
		return "", p.err
	}
	p.sent = append(p.sent, to+": "+text)
	return "wamid.reply", nil
}

type fakeSecrets struct{}

func (fakeSecrets) Get(context.Context, string) (string, error) { return "tok", nil }

// fakeMetrics sums counts by name.
type fakeMetrics struct {
	mu     sync.Mutex
	counts map[string]float64
}

func (m *fakeMetrics) Count(name string, v float64, _ map[string]string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.counts == nil {
		m.counts = map[string]float64{}
	}
	m.counts[name] += v
}

var errBoom = errors.New("boom")

var t0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func newProcessor() (*Processor, *fakeStore, *fakeProvider, *fakeMetrics) {
	st, pr, m := newFakeStore(), &fakeProvider{}, &fakeMetrics{}
	return &Processor{Store: st, Provider: pr, Secrets: fakeSecrets{}, Metrics: m, Now: func() time.Time { return t0 }}, st, pr, m
}
