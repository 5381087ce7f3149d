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
const SecretToken = "platform-token"

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

// Open returns a client of the organisation's platform at baseURL.
func (c Connector) Open(ctx context.Context, orgID, baseURL string) (property.Platform, error) {
	token, err := c.Secrets.Get(ctx, ssm.OrgSecret(orgID, SecretToken))
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
