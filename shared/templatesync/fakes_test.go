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

// byToken answers a template listing per account token: templates, or an error.
func byToken(templates map[string][]messaging.Template, errs map[string]error) func(whatsapp.Account) ([]messaging.Template, error) {
	return func(acct whatsapp.Account) ([]messaging.Template, error) {
		if err := errs[acct.Token]; err != nil {
			return nil, err
		}
		return templates[acct.Token], nil
	}
}

var (
	errAuth = &whatsapp.Error{HTTPStatus: 401, Code: 190, Message: "Error validating access token"}
	errDown = errors.New("dial tcp: connection refused")
)
