package templatesync

import (
	"context"
	"errors"
	"sync"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// fakeStore holds settings and synced templates per organisation.
type fakeStore struct {
	mu       sync.Mutex
	orgs     []string
	listErr  error
	settings map[string]messaging.Settings
	synced   map[string][]messaging.Template
	stored   map[string][]messaging.Template // what ListTemplates answers
}

func (f *fakeStore) ConfiguredOrgs(context.Context) ([]string, error) { return f.orgs, f.listErr }

func (f *fakeStore) GetSettings(_ context.Context, org string) (messaging.Settings, error) {
	st, ok := f.settings[org]
	if !ok {
		return messaging.Settings{}, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
	}
	return st, nil
}

func (f *fakeStore) ListTemplates(_ context.Context, org string) ([]messaging.Template, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stored[org], nil
}

func (f *fakeStore) SyncTemplates(_ context.Context, org string, ts []messaging.Template) ([]messaging.Template, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.synced == nil {
		f.synced = map[string][]messaging.Template{}
	}
	f.synced[org] = ts
	return ts, nil
}

// fakeSecrets holds secrets by name.
type fakeSecrets map[string]string

func (f fakeSecrets) Get(_ context.Context, name string) (string, error) {
	v, ok := f[name]
	if !ok {
		return "", messaging.Errorf(messaging.CodeNotConfigured, "no secret")
	}
	return v, nil
}

// fakeProvider answers per token: templates, or an error.
type fakeProvider struct {
	mu        sync.Mutex
	templates map[string][]messaging.Template
	errs      map[string]error
	asked     []whatsapp.Account
}

func (f *fakeProvider) ListTemplates(_ context.Context, acct whatsapp.Account) ([]messaging.Template, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, acct)
	if err := f.errs[acct.Token]; err != nil {
		return nil, err
	}
	return f.templates[acct.Token], nil
}

// fakeMetrics sums counts by name.
type fakeMetrics struct {
	mu     sync.Mutex
	counts map[string]float64
}

func (f *fakeMetrics) Count(name string, v float64, _ map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.counts == nil {
		f.counts = map[string]float64{}
	}
	f.counts[name] += v
}

var (
	errAuth = &whatsapp.Error{HTTPStatus: 401, Code: 190, Message: "Error validating access token"}
	errDown = errors.New("dial tcp: connection refused")
)
