package webhook

import (
	"context"
	"errors"
	"fmt"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// errBadBody is a body that cannot be routed: not JSON, or naming too many numbers.
var errBadBody = errors.New("webhook: unroutable body")

// signatureError is a body whose signature does not verify for an organisation it names.
type signatureError struct {
	reason string // "mismatch", "no_app_secret" or "no_header_secret"
	org    string
	err    error
}

func (e *signatureError) Error() string {
	return "webhook: signature for " + e.org + ": " + e.err.Error()
}
func (e *signatureError) Unwrap() error { return e.err }

// routing is what one body's numbers and accounts resolve to.
type routing struct {
	phones   map[string]string // phone_number_id -> organisation ("" unknown)
	wabas    map[string]string // WABA id -> organisation ("" unknown)
	unknown  []string          // phone_number_ids and WABA ids no organisation uses
	distinct []string          // organisations the signature verified for, in order of appearance
}

// verifier checks that a body comes from the provider for the organisation of a route; a nil
// verifier trusts every organisation (the body was signed for all of them at once).
type verifier func(ctx context.Context, r messaging.Route) error

// route resolves the numbers a body names and, with a WABA lookup, the accounts of its changes
// that name no number. check is run for each organisation as soon as it is found, so a forged
// body costs one lookup per number up to its first known one, and at most MaxRoutes in all.
func (s *Service) route(ctx context.Context, body []byte, check verifier) (routing, error) {
	phones, err := meta.RoutingInfo(body)
	if err != nil {
		return routing{phones: map[string]string{}, wabas: map[string]string{}}, fmt.Errorf("%w: %w", errBadBody, err)
	}
	wabas, _ := meta.RoutingWABAIDs(body)
	return s.routeIDs(ctx, phones, wabas, check)
}

// routeIDs is route over the numbers and accounts a body names (meta.RoutingInfo and
// meta.RoutingWABAIDs, or the same ids from meta.ParseWebhook's pass).
func (s *Service) routeIDs(ctx context.Context, phones, wabas []string, check verifier) (routing, error) {
	rt := routing{phones: map[string]string{}, wabas: map[string]string{}}
	if s.wabas == nil {
		wabas = nil
	}
	if len(phones)+len(wabas) > MaxRoutes {
		return rt, fmt.Errorf("%w: %d numbers and accounts, over %d", errBadBody, len(phones)+len(wabas), MaxRoutes)
	}
	for _, id := range phones {
		if err := s.resolve(ctx, &rt, rt.phones, s.phones, id, check); err != nil {
			return rt, err
		}
	}
	for _, id := range wabas {
		if err := s.resolve(ctx, &rt, rt.wabas, s.wabas, id, check); err != nil {
			return rt, err
		}
	}
	return rt, nil
}

// resolve looks id up in c, records its organisation in m and, for an organisation not yet
// checked, runs check.
func (s *Service) resolve(ctx context.Context, rt *routing, m map[string]string, c *routeCache, id string, check verifier) error {
	r, err := c.route(ctx, id)
	if err != nil {
		return err
	}
	m[id] = r.OrgID
	if r.OrgID == "" {
		rt.unknown = append(rt.unknown, id)
		return nil
	}
	for _, o := range rt.distinct {
		if o == r.OrgID {
			return nil
		}
	}
	if check != nil {
		if err := check(ctx, r); err != nil {
			return err
		}
	}
	rt.distinct = append(rt.distinct, r.OrgID)
	return nil
}

// appSignature checks a body's X-Hub-Signature-256 with the app secret of the route's
// organisation, in the secrets revision the route names.
func (s *Service) appSignature(body []byte, signature string) verifier {
	return func(ctx context.Context, r messaging.Route) error { return s.verifyApp(ctx, r, body, signature) }
}

// verifyApp checks the body's signature with the app secret of the route's organisation.
func (s *Service) verifyApp(ctx context.Context, r messaging.Route, body []byte, signature string) error {
	secret, err := s.secrets.Get(ctx, messaging.OrgSecret(r.OrgID, r.SecretsRev, messaging.SecretAppSecret))
	if messaging.ErrorCode(err) == messaging.CodeNotConfigured {
		return &signatureError{reason: "no_app_secret", org: r.OrgID, err: err}
	}
	if err != nil {
		return fmt.Errorf("webhook: app secret of %s: %w", r.OrgID, err)
	}
	if err := meta.VerifySignature([]byte(secret), body, signature); err != nil {
		return &signatureError{reason: "mismatch", org: r.OrgID, err: err}
	}
	return nil
}

// orgs returns the organisations the body names; its signature verified for each.
func (rt routing) orgs() []string { return rt.distinct }

// orgOf returns the organisation an event belongs to: its number's, or for an event without a
// number its account's; "" when neither is known.
func (rt routing) orgOf(ev whatsapp.Event) string {
	if ev.PhoneNumberID != "" {
		return rt.phones[ev.PhoneNumberID]
	}
	return rt.wabas[ev.WABAID]
}
