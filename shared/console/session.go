package console

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// The lifetimes of the console's secrets.
const (
	// SignInTTL is how long a one-time sign-in link works.
	SignInTTL = 15 * time.Minute
	// SessionTTL is how long a session lasts after sign-in; staff sign in again after it.
	SessionTTL = 12 * time.Hour
)

// secretLen is the random part of a sign-in code or session id, in bytes (256 bits).
const secretLen = 32

// maxOrgLen bounds the organisation part of a code or session id.
const maxOrgLen = 128

// Session is a signed-in staff member: who they are and the CSRF token every write must carry.
type Session struct {
	Principal messaging.Principal
	CSRF      string
	ExpiresAt time.Time
}

// Active reports whether the session may still be used at now.
func (s Session) Active(now time.Time) bool { return now.Before(s.ExpiresAt) }

// NewSecret mints a sign-in code or session id for the organisation: "<org>.<43 base64url
// characters>" from crypto/rand. The organisation part scopes its storage key to the
// organisation; only the SHA-256 of the whole value is stored.
func NewSecret(orgID string) (string, error) {
	if !validOrg(orgID) {
		return "", fmt.Errorf("console: new secret: invalid organisation id %q", orgID)
	}
	b := make([]byte, secretLen)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("console: new secret: %w", err)
	}
	return orgID + "." + base64.RawURLEncoding.EncodeToString(b), nil
}

// ParseSecret returns the organisation a code or session id names, and false when it is
// malformed.
func ParseSecret(v string) (string, bool) {
	if len(v) > maxOrgLen+1+base64.RawURLEncoding.EncodedLen(secretLen) {
		return "", false
	}
	i := strings.LastIndexByte(v, '.')
	if i <= 0 {
		return "", false
	}
	org, random := v[:i], v[i+1:]
	if !validOrg(org) || len(random) != base64.RawURLEncoding.EncodedLen(secretLen) {
		return "", false
	}
	if _, err := base64.RawURLEncoding.DecodeString(random); err != nil {
		return "", false
	}
	return org, true
}

// HashSecret is the stored form of a code or session id: its hex SHA-256.
func HashSecret(v string) string {
	h := sha256.Sum256([]byte(v))
	return hex.EncodeToString(h[:])
}

// validOrg reports whether an organisation id can be part of a secret: 1 to 128 printable
// ASCII characters, none of them a space or one of / # ? & = % ; , ".
func validOrg(org string) bool {
	if org == "" || len(org) > maxOrgLen {
		return false
	}
	for i := 0; i < len(org); i++ {
		if c := org[i]; c <= ' ' || c > '~' || strings.IndexByte("/#?&=%;,\"\\", c) >= 0 {
			return false
		}
	}
	return true
}
