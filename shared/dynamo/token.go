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

// maxTokenOrgLen bounds the organisation id a token names, so that a token's key stays far
// inside DynamoDB's 2048-byte partition key limit whatever a caller sends.
const maxTokenOrgLen = 128

// tokenItem is an API token as stored: only its hash, never the token. GSI1 lists the
// organisation's tokens by id (a ULID, so in the order they were minted).
type tokenItem struct {
	key
	GSI1PK      string   `dynamodbav:"GSI1PK"`
	GSI1SK      string   `dynamodbav:"GSI1SK"`
	TokenHash   string   `dynamodbav:"token_hash"`
	TokenID     string   `dynamodbav:"token_id"`
	OrgID       string   `dynamodbav:"org_id"`
	UserID      string   `dynamodbav:"user_id"`
	Name        string   `dynamodbav:"name"`
	Label       string   `dynamodbav:"label,omitempty"`
	Last4       string   `dynamodbav:"last4"`
	Permissions []string `dynamodbav:"permissions,stringset,omitempty"`
	SiteIDs     []string `dynamodbav:"site_ids,stringset,omitempty"`
	CreatedAt   string   `dynamodbav:"created_at"`
	RevokedAt   string   `dynamodbav:"revoked_at,omitempty"`
	ExpiresAt   int64    `dynamodbav:"expires_at"`
}

// view is the token as its administrators see it at now: no token, no hash.
func (it tokenItem) view(now time.Time) messaging.APIToken {
	t := messaging.APIToken{
		ID: it.TokenID, OrgID: it.OrgID, Label: it.Label, UserID: it.UserID, UserName: it.Name,
		Permissions: it.Permissions, SiteIDs: it.SiteIDs, Last4: it.Last4, ExpiresAt: time.Unix(it.ExpiresAt, 0).UTC(),
	}
	if t.Permissions == nil {
		t.Permissions = []string{}
	}
	t.CreatedAt, _ = time.Parse(time.RFC3339Nano, it.CreatedAt)
	if it.RevokedAt != "" {
		at, _ := time.Parse(time.RFC3339Nano, it.RevokedAt)
		t.RevokedAt = &at
	}
	t.Status = t.StatusAt(now)
	return t
}

// validTokenOrg reports whether an organisation id can be part of a token: 1 to 128 printable
// ASCII characters, none of them a space or one of / # ? & = %.
func validTokenOrg(org string) bool {
	if org == "" || len(org) > maxTokenOrgLen {
		return false
	}
	for i := 0; i < len(org); i++ {
		if c := org[i]; c <= ' ' || c > '~' || strings.IndexByte("/#?&=%", c) >= 0 {
			return false
		}
	}
	return true
}

// NewToken mints an API token for the organisation: "plk_<orgID>_<64 hex characters>" from
// crypto/rand; every character is URL-safe.
func NewToken(orgID string) (string, error) {
	if !validTokenOrg(orgID) {
		return "", fmt.Errorf("dynamo: new token: invalid organisation id %q", orgID)
	}
	b := make([]byte, tokenRandomLen/2)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("dynamo: new token: %w", err)
	}
	return tokenPrefix + orgID + "_" + hex.EncodeToString(b), nil
}

// parseToken returns the organisation a token names, and false when the token is malformed:
// another prefix, an organisation id NewToken would refuse (too long, not ASCII, a reserved
// character), or a random part that is not 64 hex characters.
func parseToken(token string) (string, bool) {
	if len(token) > len(tokenPrefix)+maxTokenOrgLen+1+tokenRandomLen {
		return "", false
	}
	rest, ok := strings.CutPrefix(token, tokenPrefix)
	if !ok {
		return "", false
	}
	i := strings.LastIndexByte(rest, '_')
	if i <= 0 {
		return "", false
	}
	org, random := rest[:i], rest[i+1:]
	if len(random) != tokenRandomLen || !validTokenOrg(org) {
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

// PutToken stores the hash of token for t's user, label and dates, and returns the token as
// its administrators see it: with its new id and last four characters. The token must belong
// to t's organisation.
func (s *Store) PutToken(ctx context.Context, token string, t messaging.APIToken) (messaging.APIToken, error) {
	org, ok := parseToken(token)
	if !ok {
		return messaging.APIToken{}, errors.New("dynamo: put token: malformed token")
	}
	if org != t.OrgID {
		return messaging.APIToken{}, fmt.Errorf("dynamo: put token: token is for another organisation than %s", t.OrgID)
	}
	id, err := newTokenID(t.CreatedAt)
	if err != nil {
		return messaging.APIToken{}, fmt.Errorf("dynamo: put token: %w", err)
	}
	hash := hashToken(token)
	it := tokenItem{
		key:         tokenKey(org, hash),
		GSI1PK:      tokenListPK(org),
		GSI1SK:      id,
		TokenHash:   hash,
		TokenID:     id,
		OrgID:       t.OrgID,
		UserID:      t.UserID,
		Name:        t.UserName,
		Label:       t.Label,
		Last4:       token[len(token)-4:],
		Permissions: t.Permissions,
		SiteIDs:     t.SiteIDs,
		CreatedAt:   t.CreatedAt.UTC().Format(time.RFC3339Nano),
		ExpiresAt:   t.ExpiresAt.Unix(),
	}
	if err := s.put(ctx, it); err != nil {
		return messaging.APIToken{}, fmt.Errorf("dynamo: put token for user %s of %s: %w", t.UserID, org, err)
	}
	return it.view(t.CreatedAt), nil
}

// Authenticate returns the principal a token stands for. A malformed, unknown, revoked or
// expired token is an unauthenticated error. It reads the token's record with a strongly
// consistent GetItem on every call (nothing is cached), so a revocation holds from the next
// request on.
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
	if it.RevokedAt != "" || now.Unix() >= it.ExpiresAt {
		return messaging.Principal{}, denied
	}
	return messaging.Principal{OrgID: it.OrgID, UserID: it.UserID, Name: it.Name, Permissions: it.Permissions, SiteIDs: it.SiteIDs}, nil
}
