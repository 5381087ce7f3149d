package platformevent

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"slices"
	"time"
)

// RotationOverlap is how long a rotated-out signing secret keeps signing beside the new one,
// so a receiver can switch secrets without refusing a delivery.
const RotationOverlap = 24 * time.Hour

// MaxEndpoints bounds an organisation's endpoints.
const MaxEndpoints = 5

// SecretKind ends the name of every endpoint signing secret, so a policy can grant them alone
// ("orgs/*/signing_secret").
const SecretKind = "signing_secret"

// Endpoint is one of an organisation's platform endpoints: where its events go and which.
type Endpoint struct {
	ID    string `json:"id"`
	OrgID string `json:"-"`
	URL   string `json:"url"`
	// Kinds are the kinds the endpoint receives; empty means every kind.
	Kinds       []Kind    `json:"kinds"`
	Description string    `json:"description,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	// SecretRev names the signing secret in force; PrevSecretRev the one rotated out, which
	// also signs until PrevSecretUntil.
	SecretRev       string    `json:"-"`
	PrevSecretRev   string    `json:"-"`
	PrevSecretUntil time.Time `json:"previous_secret_expires_at,omitzero"`
	RotatedAt       time.Time `json:"secret_rotated_at,omitzero"`
}

// Wants reports whether the endpoint receives events of kind k.
func (e Endpoint) Wants(k Kind) bool { return len(e.Kinds) == 0 || slices.Contains(e.Kinds, k) }

// SecretRevs returns the revisions of the secrets that sign a delivery at now: the current
// one, and the previous one while it overlaps.
func (e Endpoint) SecretRevs(now time.Time) []string {
	revs := []string{e.SecretRev}
	if e.PrevSecretRev != "" && now.Before(e.PrevSecretUntil) {
		revs = append(revs, e.PrevSecretRev)
	}
	return revs
}

// SecretName names the endpoint's signing secret of revision rev in the secret store:
// "orgs/<org>/events/<endpoint>/<rev>/signing_secret".
func SecretName(orgID, endpointID, rev string) string {
	return "orgs/" + orgID + "/events/" + endpointID + "/" + rev + "/" + SecretKind
}

// NewSecret returns a fresh signing secret: "whsec_" and 32 random bytes in URL-safe base64.
func NewSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("platformevent: signing secret: %w", err)
	}
	return "whsec_" + base64.RawURLEncoding.EncodeToString(b), nil
}
