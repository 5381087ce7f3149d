package console

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// memStore is an in-memory Store for the console's unit tests.
type memStore struct {
	mu       sync.Mutex
	signIns  map[string]signInRec
	sessions map[string]Session
	ended    map[string]bool
	reads    map[string]time.Time // org|user|conv
	inbound  map[string][]time.Time
}

type signInRec struct {
	p       messaging.Principal
	expires time.Time
	used    bool
}

func newMemStore() *memStore {
	return &memStore{signIns: map[string]signInRec{}, sessions: map[string]Session{}, ended: map[string]bool{},
		reads: map[string]time.Time{}, inbound: map[string][]time.Time{}}
}

func (m *memStore) PutSignIn(_ context.Context, org, hash string, p messaging.Principal, expires time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.signIns[org+"|"+hash] = signInRec{p: p, expires: expires}
	return nil
}

func (m *memStore) TakeSignIn(_ context.Context, org, hash string, now time.Time) (messaging.Principal, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	rec, ok := m.signIns[org+"|"+hash]
	if !ok || rec.used || !now.Before(rec.expires) {
		return messaging.Principal{}, denied()
	}
	rec.used = true
	m.signIns[org+"|"+hash] = rec
	return rec.p, nil
}

func (m *memStore) PutSession(_ context.Context, org, hash string, s Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sessions[org+"|"+hash] = s
	return nil
}

func (m *memStore) Session(_ context.Context, org, hash string) (Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[org+"|"+hash]
	if !ok || m.ended[org+"|"+hash] {
		return Session{}, denied()
	}
	return s, nil
}

func (m *memStore) EndSession(_ context.Context, org, hash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ended[org+"|"+hash] = true
	return nil
}

func (m *memStore) MarkRead(_ context.Context, org, user, conv string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := org + "|" + user + "|" + conv
	if at.After(m.reads[k]) {
		m.reads[k] = at
	}
	return nil
}

func (m *memStore) ReadMarks(_ context.Context, org, user string) (map[string]time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]time.Time{}
	for k, v := range m.reads {
		if rest, ok := strings.CutPrefix(k, org+"|"+user+"|"); ok {
			out[rest] = v
		}
	}
	return out, nil
}

func (m *memStore) CountInbound(_ context.Context, org, conv string, since time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, at := range m.inbound[org+"|"+conv] {
		if at.After(since) {
			n++
		}
	}
	return n, nil
}

// memConvs is each organisation's conversations, latest activity first, and their messages.
type memConvs struct {
	convs map[string][]messaging.Conversation
	msgs  map[string][]messaging.ConversationMessage // by conversation id
}

func (c memConvs) ListConversations(_ context.Context, org string, _, _ int) ([]messaging.Conversation, int, error) {
	return c.convs[org], len(c.convs[org]), nil
}

func (c memConvs) GetConversation(_ context.Context, org, id string) (messaging.Conversation, error) {
	for _, conv := range c.convs[org] {
		if conv.ID == id {
			return conv, nil
		}
	}
	return messaging.Conversation{}, messaging.Errorf(messaging.CodeNotFound, messaging.MsgConversationAbsent)
}

func (c memConvs) ConversationWithMessages(ctx context.Context, org, id string, _, _ int) (messaging.Conversation, []messaging.ConversationMessage, int, error) {
	conv, err := c.GetConversation(ctx, org, id)
	if err != nil {
		return conv, nil, 0, err
	}
	return conv, c.msgs[id], len(c.msgs[id]), nil
}

// fakeReceipts is a provider's read receipts: what it was asked, and what it answers.
type fakeReceipts struct {
	marked []string
	err    error
}

func (f *fakeReceipts) MarkRead(_ context.Context, _ whatsapp.Account, wamid string) error {
	f.marked = append(f.marked, wamid)
	return f.err
}

// fakeSettings is one configured organisation's settings and token.
type fakeSettings struct{}

func (fakeSettings) GetSettings(_ context.Context, org string) (messaging.Settings, error) {
	return messaging.Settings{OrgID: org, Provider: messaging.ProviderMeta, PhoneNumberID: "1055", WABAID: "2001", APIURL: "https://graph.facebook.com",
		TokenURL: "https://graph.facebook.com", TokenProvider: messaging.ProviderMeta}, nil
}

func (fakeSettings) Get(context.Context, string) (string, error) { return "tok", nil }

// recordingAPI records the requests the console hands to the platform API.
type recordingAPI struct {
	calls []apiCall
}

type apiCall struct {
	p messaging.Principal
	r apigw.Request
}

func (a *recordingAPI) HandleAs(_ context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	a.calls = append(a.calls, apiCall{p, r})
	return apigw.OK(map[string]string{"route": r.RouteKey}, "")
}
