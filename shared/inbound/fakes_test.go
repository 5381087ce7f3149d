package inbound

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
)

// fakeStore is the processor's table in memory: memstore.Store for settings, event claims,
// case notes and send records, and the conversation side here. written records every note
// write, before the store's rules apply.
type fakeStore struct {
	*memstore.Store
	mu          sync.Mutex
	written     []messaging.CaseNote
	orphans     map[string]messaging.Status
	msgStatus   map[string]messaging.Status // by conversation id|message id
	convs       map[string]messaging.Conversation
	msgs        map[string][]messaging.ConversationMessage // conv id → messages
	optOut      map[string]bool
	optOutAt    map[string]time.Time
	marketing   map[string]string
	templates   map[string]string // name/lang → status
	inboundRecs int
}

func newFakeStore() *fakeStore {
	f := &fakeStore{
		Store: memstore.New(), orphans: map[string]messaging.Status{}, msgStatus: map[string]messaging.Status{},
		convs: map[string]messaging.Conversation{}, msgs: map[string][]messaging.ConversationMessage{},
		optOut: map[string]bool{}, optOutAt: map[string]time.Time{}, marketing: map[string]string{}, templates: map[string]string{"welcome/en_GB": "PENDING"},
	}
	_ = f.PutSettings(context.Background(), messaging.Settings{OrgID: "o1", Provider: messaging.ProviderMeta, APIURL: "http://sim", PhoneNumberID: "pn1", APITokenSet: true,
		TokenProvider: messaging.ProviderMeta, TokenURL: "http://sim"})
	return f
}

func (f *fakeStore) UpsertCaseNote(ctx context.Context, n messaging.CaseNote) error {
	f.mu.Lock()
	f.written = append(f.written, n)
	f.mu.Unlock()
	return f.Store.UpsertCaseNote(ctx, n)
}

// editSettings changes o1's settings.
func (f *fakeStore) editSettings(edit func(*messaging.Settings)) {
	st, _ := f.GetSettings(context.Background(), "o1")
	edit(&st)
	_ = f.PutSettings(context.Background(), st)
}

// note returns o1's note id.
func (f *fakeStore) note(id string) messaging.CaseNote { n, _ := f.Note("o1", id); return n }

func (f *fakeStore) SetMessageStatus(_ context.Context, _, conv, id, _ string, st messaging.Status, _ time.Time, _ []messaging.StatusError) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if st.Rank() > f.msgStatus[conv+"|"+id].Rank() {
		f.msgStatus[conv+"|"+id] = st
	}
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

// inboundKey names a message's claim by its conversation, time and wamid, like the store's key.
func inboundKey(in messaging.InboundRecord) string {
	return "inbound|" + messaging.ConversationID(in.OrgID, in.PhoneNumberID, in.Phone) + "|" + in.Message.At.Format(time.RFC3339Nano) + "|" + in.Message.ID
}

// ClaimInbound keeps the message's claim as memstore's event claim and writes the message
// when the claim is taken.
func (f *fakeStore) ClaimInbound(ctx context.Context, in messaging.InboundRecord, now time.Time, lease time.Duration) (messaging.EventClaim, error) {
	c, err := f.ClaimEvent(ctx, in.OrgID, inboundKey(in), now, lease)
	if err != nil || !c.Acquired {
		return c, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.putMsg(messaging.ConversationID(in.OrgID, in.PhoneNumberID, in.Phone), in.Message)
	return c, nil
}

func (f *fakeStore) AdvanceConversation(_ context.Context, in messaging.InboundRecord) (messaging.Conversation, error) {
	if err := f.fail("AdvanceConversation", in.Message.ID); err != nil {
		return messaging.Conversation{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inboundRecs++
	id := messaging.ConversationID(in.OrgID, in.PhoneNumberID, in.Phone)
	c, ok := f.convs[id]
	if !ok {
		c = messaging.Conversation{ID: id, OrgID: in.OrgID, PhoneNumberID: in.PhoneNumberID, Phone: in.Phone, OptedInAt: in.Message.At}
	}
	if in.Message.At.Before(c.LastInboundAt) {
		// Like the store: a late older message moves nothing back.
		return c, nil
	}
	c.LastInboundAt, c.ProfileName = in.Message.At, in.ProfileName
	if in.OptOut != nil {
		c.OptedOut = *in.OptOut
	}
	f.convs[id] = c
	return c, nil
}

// CompleteInbound writes the note and marks the claim done, or, when it fails, neither.
func (f *fakeStore) CompleteInbound(ctx context.Context, in messaging.InboundRecord, note *messaging.CaseNote, now time.Time) error {
	if err := f.fail("CompleteInbound", in.Message.ID); err != nil {
		return err
	}
	if note != nil {
		if err := f.UpsertCaseNote(ctx, *note); err != nil {
			return err
		}
	}
	return f.CompleteEvent(ctx, in.OrgID, inboundKey(in), now)
}

func (f *fakeStore) ReleaseInbound(ctx context.Context, in messaging.InboundRecord) error {
	return f.ReleaseEvent(ctx, in.OrgID, inboundKey(in))
}

// fail asks the memstore's failure hook about method.
func (f *fakeStore) fail(method, id string) error {
	if f.Fail == nil {
		return nil
	}
	return f.Fail(method, id)
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

// linkJob makes the conversation with phone know job.
func (f *fakeStore) linkJob(org, phone string, job int64) {
	id := messaging.ConversationID(org, "pn1", phone)
	c := f.convs[id]
	c.ID, c.OrgID, c.PhoneNumberID, c.Phone, c.LastJobID = id, org, "pn1", phone, job
	f.convs[id] = c
}

var errBoom = errors.New("boom")

var t0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// secrets holds o1's provider token.
var secrets = fakes.Secrets{messaging.OrgSecret("o1", "", messaging.SecretAPIToken): "tok"}

func newProcessor() (*Processor, *fakeStore, *fakes.Provider, *fakes.Metrics) {
	st, pr, m := newFakeStore(), &fakes.Provider{WAMID: "wamid.reply"}, &fakes.Metrics{}
	return &Processor{Store: st, Provider: pr, Secrets: secrets, Metrics: m, Now: func() time.Time { return t0 }}, st, pr, m
}
