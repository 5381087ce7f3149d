package templatesync

import (
	"context"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// The metrics a run emits (obs EMF, dimension Service=template-sync).
const (
	MetricSynced       = "TemplateSyncOrgs"     // organisations synced
	MetricFailed       = "TemplateSyncFailures" // organisations whose sync failed, any reason
	MetricProviderAuth = "ProviderAuthFailures" // the provider refused an organisation's token
	MetricRefused      = "TemplateSyncRefused"  // syncs refused for removing every approved template
)

// Store lists the configured organisations and keeps their settings and templates.
type Store interface {
	ConfiguredOrgs(ctx context.Context) ([]string, error)
	GetSettings(ctx context.Context, orgID string) (messaging.Settings, error)
	ListTemplates(ctx context.Context, orgID string) ([]messaging.Template, error)
	SyncTemplates(ctx context.Context, orgID string, fromProvider []messaging.Template) ([]messaging.Template, error)
}

// Secrets reads an organisation's secrets by name.
type Secrets interface {
	Get(ctx context.Context, name string) (string, error)
}

// Lister reads an account's templates from its provider.
type Lister interface {
	ListTemplates(ctx context.Context, acct whatsapp.Account) ([]messaging.Template, error)
}

// Metrics counts what happened.
type Metrics interface {
	Count(name string, value float64, dims map[string]string)
}
