package templatesync

import (
	"context"
	"errors"
	"sync"

	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// fakeStore is memstore.Store's settings with the organisations to sync, and what was synced
// apart from what ListTemplates answers (stored).
type fakeStore struct {
	*memstore.Store
	mu      sync.Mutex
	orgs    []string
	listErr error
	synced  map[string][]messaging.Template
	stored  map[string][]messaging.Template // what ListTemplates answers
}

func newFakeStore(settings ...messaging.Settings) *fakeStore {
	f := &fakeStore{Store: memstore.New()}
	for _, st := range settings {
		_ = f.PutSettings(context.Background(), st)
	}
	return f
}

func (f *fakeStore) ConfiguredOrgs(context.Context) ([]string, error) { return f.orgs, f.listErr }

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
