// Package admin holds the operator's commands: mint an API token for a user, and seed the demo
// organisation that `make dev` runs against the provider simulator.
package admin

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/messaging"
)

// TokenStore keeps API tokens (hashed).
type TokenStore interface {
	PutToken(ctx context.Context, token string, p messaging.Principal, expires time.Time) error
}

// TokenLifetime is how long a minted token is valid: 90 days, like PropOps' bearer tokens.
const TokenLifetime = 90 * 24 * time.Hour

// MintToken creates a bearer token for p, valid for TokenLifetime from now. The token is shown
// once; only its hash is stored.
func MintToken(ctx context.Context, s TokenStore, p messaging.Principal, now time.Time) (string, error) {
	if p.OrgID == "" || p.UserID == "" {
		return "", fmt.Errorf("admin: a token needs an organisation and a user")
	}
	token, err := dynamo.NewToken(p.OrgID)
	if err != nil {
		return "", fmt.Errorf("admin: new token: %w", err)
	}
	if err := s.PutToken(ctx, token, p, now.Add(TokenLifetime)); err != nil {
		return "", fmt.Errorf("admin: store token: %w", err)
	}
	return token, nil
}

// AllPermissions are the permissions of a demo staff user.
var AllPermissions = []string{
	messaging.PermWhatsAppSend, messaging.PermWhatsAppSettings, messaging.PermJobsManage, messaging.PermCaseNotesView,
	messaging.PermPropertyView, messaging.PermPropertyManage,
}
