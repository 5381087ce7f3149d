package webhook

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// Dialog360PartnerSecretName is the stage's 360dialog partner platform secret, which signs every
// webhook 360dialog sends the partner (x-360dialog-signature), under the SSM prefix
// (/proplink/<stage>/webhook/360dialog-partner-secret). The operator copies it from the
// 360dialog Partner Hub (Integration › platform secret).
const Dialog360PartnerSecretName = "webhook/360dialog-partner-secret"

// Dialog360HeaderSecretHeader is the custom header an organisation sets on its 360dialog
// webhook URL with the value of its messaging.SecretDialog360HeaderSecret.
const Dialog360HeaderSecretHeader = "X-PropLink-Webhook-Secret"

// Dialog360Credentials are what a POST to /webhooks/360dialog carries to prove it is 360dialog's.
type Dialog360Credentials struct {
	Signature    string // x-360dialog-signature: HMAC-SHA256 of the body under the partner secret
	HeaderSecret string // the organisation's custom header (Dialog360HeaderSecretHeader)
}

// Errors of a 360dialog delivery's credentials.
var (
	errNoDialog360Credentials = errors.New("webhook: neither x-360dialog-signature nor " + Dialog360HeaderSecretHeader)
	errHeaderSecretMismatch   = errors.New("webhook: custom header secret does not match")
)

// DeliverDialog360 handles one webhook POST to /webhooks/360dialog. The body is accepted when
// its x-360dialog-signature verifies with the stage's partner platform secret (then it is
// 360dialog's for every organisation it names), or else when its custom header matches the
// header secret of every organisation it names (checked as each is found). Otherwise the
// answer is 401 and nothing is enqueued; the rest is as Deliver.
func (s *Service) DeliverDialog360(ctx context.Context, body []byte, c Dialog360Credentials) apigw.Response {
	l := deliveryLog{base: obs.Logger(ctx), provider: messaging.ProviderDialog360, bytes: len(body)}
	if c.Signature == "" && c.HeaderSecret == "" {
		return s.reject(l.tagged(), "missing", errNoDialog360Credentials)
	}
	if c.Signature != "" {
		secret, err := s.secrets.Get(ctx, Dialog360PartnerSecretName)
		switch {
		case err == nil && meta.VerifyDialog360Signature([]byte(secret), body, c.Signature) == nil:
			return s.deliver(ctx, l, messaging.ProviderDialog360, body, nil)
		case err != nil && messaging.ErrorCode(err) != messaging.CodeNotConfigured:
			l.tagged().Error("webhook not accepted: 360dialog partner secret unavailable", "error", err)
			return answerRetry
		case c.HeaderSecret == "" && err != nil:
			return s.reject(l.tagged(), "no_partner_secret", err)
		case c.HeaderSecret == "":
			return s.reject(l.tagged(), "mismatch", meta.ErrBadSignature)
		}
	}
	return s.deliver(ctx, l, messaging.ProviderDialog360, body, s.headerSecret(c.HeaderSecret))
}

// headerSecret checks the custom header against the route's organisation's header secret, in
// the secrets revision the route names, in constant time.
func (s *Service) headerSecret(got string) verifier {
	return func(ctx context.Context, r messaging.Route) error {
		want, err := s.secrets.Get(ctx, messaging.OrgSecret(r.OrgID, r.SecretsRev, messaging.SecretDialog360HeaderSecret))
		if messaging.ErrorCode(err) == messaging.CodeNotConfigured {
			return &signatureError{reason: "no_header_secret", org: r.OrgID, err: err}
		}
		if err != nil {
			return fmt.Errorf("webhook: 360dialog header secret of %s: %w", r.OrgID, err)
		}
		if !equalSecret(want, got) {
			return &signatureError{reason: "mismatch", org: r.OrgID, err: errHeaderSecretMismatch}
		}
		return nil
	}
}

// equalSecret compares a stored secret with a presented one in time independent of both
// (their digests are compared); an empty stored secret matches nothing.
func equalSecret(want, got string) bool {
	if want == "" {
		return false
	}
	a, b := sha256.Sum256([]byte(want)), sha256.Sum256([]byte(got))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
