package platformhttp

import (
	"context"
	"fmt"
	"net/http"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/ssm"
)

// SecretToken names the organisation's platform token among its secrets (ssm.OrgSecret).
const SecretToken = ssm.PlatformToken

// Secrets reads an organisation's secrets.
type Secrets interface {
	Get(ctx context.Context, name string) (string, error)
}

// Connector opens the HTTP adapter for an organisation: its token from the secret store, the
// egress client for every call. It is property.Platforms' HTTP constructor.
type Connector struct {
	HTTP    *http.Client
	Secrets Secrets
}

// Open returns a client of the organisation's platform at st.PlatformURL, with the token of
// the secrets revision in force.
func (c Connector) Open(ctx context.Context, st messaging.Settings) (property.Platform, error) {
	orgID, baseURL := st.OrgID, st.PlatformURL
	token, err := c.Secrets.Get(ctx, ssm.OrgSecret(orgID, st.SecretsRev, SecretToken))
	if err != nil {
		if messaging.ErrorCode(err) == messaging.CodeNotConfigured {
			return nil, messaging.Wrap(messaging.CodeUnavailable, MsgUnavailable, fmt.Errorf("platformhttp: %s has a platform_url but no platform token", orgID))
		}
		return nil, fmt.Errorf("platformhttp: token of %s: %w", orgID, err)
	}
	return New(c.HTTP, baseURL, token)
}

func invalidMonth() error {
	return messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: month (YYYY-MM)")
}
