package dynamo

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// tokenPrefix starts every API token.
const tokenPrefix = "plk_"

// tokenRandomLen is the length of a token's random part: 32 bytes as hex.
const tokenRandomLen = 64

// tokenItem is an API token as stored: only its hash, never the token.
type tokenItem struct {
	key
	GSI1PK      string   `dynamodbav:"GSI1PK"`
	GSI1SK      string   `dynamodbav:"GSI1SK"`
	TokenHash   string   `dynamodbav:"token_hash"`
	OrgID       string   `dynamodbav:"org_id"`
	UserID      string   `dynamodbav:"user_id"`
	Name        string   `dynamodbav:"name"`
	Permissions []string `dynamodbav:"permissions,stringset,omitempty"`
	SiteIDs     []string `dynamodbav:"site_ids,stringset,omitempty"`
	ExpiresAt   int64    `dynamodbav:"expires_at"`
}

// NewToken mints an API token for the organisation: "plk_<orgID>_<64 hex characters>" from
// crypto/rand; every character is URL-safe.
func NewToken(orgID string) (string, error) {
	if orgID == "" || strings.ContainsAny(orgID, " /#?&=%") {
		return "", fmt.Errorf("dynamo: new token: invalid organisation id %q", orgID)
	}
	b := make([]byte, tokenRandomLen/2)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("dynamo: new token: %w", err)
	}
	return tokenPrefix + orgID + "_" + hex.EncodeToString(b), nil
}

// parseToken returns the organisation a token names, and false when the token is malformed.
func parseToken(token string) (string, bool) {
	rest, ok := strings.CutPrefix(token, tokenPrefix)
	if !ok {
		return "", false
	}
	i := strings.LastIndexByte(rest, '_')
	if i <= 0 {
		return "", false
	}
	org, random := rest[:i], rest[i+1:]
	if len(random) != tokenRandomLen {
		return "", false
	}
	if _, err := hex.DecodeString(random); err != nil {
		return "", false
	}
	return org, true
}

// hashToken returns the hex SHA-256 of the token.
func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// PutToken stores the hash of token for the principal until expires. The token must belong to
// the principal's organisation.
func (s *Store) PutToken(ctx context.Context, token string, p messaging.Principal, expires time.Time) error {
	org, ok := parseToken(token)
	if !ok {
		return errors.New("dynamo: put token: malformed token")
	}
	if org != p.OrgID {
		return fmt.Errorf("dynamo: put token: token is for another organisation than %s", p.OrgID)
	}
	hash := hashToken(token)
	it := tokenItem{
		key:         tokenKey(org, hash),
		GSI1PK:      tokenGSI1PK(org, p.UserID),
		GSI1SK:      "TOKEN#" + expires.UTC().Format(time.RFC3339),
		TokenHash:   hash,
		OrgID:       p.OrgID,
		UserID:      p.UserID,
		Name:        p.Name,
		Permissions: p.Permissions,
		SiteIDs:     p.SiteIDs,
		ExpiresAt:   expires.Unix(),
	}
	if err := s.put(ctx, it); err != nil {
		return fmt.Errorf("dynamo: put token for user %s of %s: %w", p.UserID, org, err)
	}
	return nil
}

// Authenticate returns the principal a token stands for. A malformed, unknown or expired token
// is an unauthenticated error.
func (s *Store) Authenticate(ctx context.Context, token string, now time.Time) (messaging.Principal, error) {
	denied := messaging.Errorf(messaging.CodeUnauthenticated, messaging.MsgAuthRequired)
	org, ok := parseToken(token)
	if !ok {
		return messaging.Principal{}, denied
	}
	hash := hashToken(token)
	var it tokenItem
	found, err := s.get(ctx, tokenKey(org, hash), true, &it)
	if err != nil {
		return messaging.Principal{}, fmt.Errorf("dynamo: authenticate: %w", err)
	}
	if !found {
		return messaging.Principal{}, denied
	}
	if subtle.ConstantTimeCompare([]byte(it.TokenHash), []byte(hash)) != 1 || it.OrgID != org {
		return messaging.Principal{}, denied
	}
	if now.Unix() >= it.ExpiresAt {
		return messaging.Principal{}, denied
	}
	return messaging.Principal{OrgID: it.OrgID, UserID: it.UserID, Name: it.Name, Permissions: it.Permissions, SiteIDs: it.SiteIDs}, nil
}
