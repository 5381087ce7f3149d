// Package admin holds the operator's commands: mint, list and revoke API tokens, and seed the
// demo organisation that `make dev` runs against the provider simulator.
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
	PutToken(ctx context.Context, token string, t messaging.APIToken) (messaging.APIToken, error)
}

// TokenLifetime is how long a minted token is valid: 90 days, like PropOps' bearer tokens.
const TokenLifetime = 90 * 24 * time.Hour

// MintToken creates a bearer token for p, valid for TokenLifetime from now. The token is shown
// once; only its hash is stored.
func MintToken(ctx context.Context, s TokenStore, p messaging.Principal, now time.Time) (string, error) {
	token, _, err := Mint(ctx, s, p, "", now)
	return token, err
}

// Mint creates a labelled bearer token for p, valid for TokenLifetime from now, and returns it
// with its record as administrators list it (its id revokes it). The token is shown once;
// only its hash is stored.
func Mint(ctx context.Context, s TokenStore, p messaging.Principal, label string, now time.Time) (string, messaging.APIToken, error) {
	if p.OrgID == "" || p.UserID == "" {
		return "", messaging.APIToken{}, fmt.Errorf("admin: a token needs an organisation and a user")
	}
	token, err := dynamo.NewToken(p.OrgID)
	if err != nil {
		return "", messaging.APIToken{}, fmt.Errorf("admin: new token: %w", err)
	}
	rec, err := s.PutToken(ctx, token, messaging.APIToken{OrgID: p.OrgID, UserID: p.UserID, UserName: p.Name, Label: label,
		Permissions: p.Permissions, SiteIDs: p.SiteIDs, CreatedAt: now, ExpiresAt: now.Add(TokenLifetime)})
	if err != nil {
		return "", messaging.APIToken{}, fmt.Errorf("admin: store token: %w", err)
	}
	return token, rec, nil
}

// AllPermissions are the permissions of a demo staff user.
var AllPermissions = []string{
	messaging.PermWhatsAppSend, messaging.PermWhatsAppSettings, messaging.PermJobsManage, messaging.PermCaseNotesView,
	messaging.PermTokensManage,
	messaging.PermPropertyView, messaging.PermPropertyManage,
}
