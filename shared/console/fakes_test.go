package console

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
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

// memConvs is an organisation's conversations, latest activity first.
type memConvs map[string][]messaging.Conversation

func (c memConvs) ListConversations(_ context.Context, org string, _, _ int) ([]messaging.Conversation, int, error) {
	return c[org], len(c[org]), nil
}

func (c memConvs) GetConversation(_ context.Context, org, id string) (messaging.Conversation, error) {
	for _, conv := range c[org] {
		if conv.ID == id {
			return conv, nil
		}
	}
	return messaging.Conversation{}, messaging.Errorf(messaging.CodeNotFound, messaging.MsgConversationAbsent)
}

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
