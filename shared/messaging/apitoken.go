package messaging

import "time"

// The states of an API token, as its organisation's administrators see them.
const (
	TokenActive  = "active"
	TokenRevoked = "revoked"
	TokenExpired = "expired"
)

// MsgTokenAbsent is the one answer for a token that does not exist, has gone, or belongs to
// another organisation.
const MsgTokenAbsent = "API token not found"

// APIToken is an API token as its organisation's administrators see it: who it stands for,
// its label and dates, and its last four characters — never the token nor its hash.
type APIToken struct {
	ID          string   `json:"id"`
	OrgID       string   `json:"-"`
	Label       string   `json:"label"`
	UserID      string   `json:"user_id"`
	UserName    string   `json:"user_name"`
	Permissions []string `json:"permissions"`
	// SiteIDs is the user's site scope (empty: every site), carried into the assistant.
	SiteIDs   []string   `json:"site_ids,omitempty"`
	Last4     string     `json:"last4"`
	Status    string     `json:"status"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt time.Time  `json:"expires_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// Principal is the caller the token authenticates.
func (t APIToken) Principal() Principal {
	return Principal{OrgID: t.OrgID, UserID: t.UserID, Name: t.UserName, Permissions: t.Permissions, SiteIDs: t.SiteIDs}
}

// StatusAt returns the token's state at now: revoked wins over expired.
func (t APIToken) StatusAt(now time.Time) string {
	switch {
	case t.RevokedAt != nil:
		return TokenRevoked
	case !now.Before(t.ExpiresAt):
		return TokenExpired
	}
	return TokenActive
}
