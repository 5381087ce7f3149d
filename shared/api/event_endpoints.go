package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

// EventEndpoints keeps an organisation's platform event endpoints and reads their delivery
// logs (dynamo.Store is one). GetEndpoint, RotateEndpointSecret and DeleteEndpoint answer an
// endpoint of another organisation, an unknown and a deleted one alike: CodeNotFound.
type EventEndpoints interface {
	ListEndpoints(ctx context.Context, orgID string) ([]platformevent.Endpoint, error)
	GetEndpoint(ctx context.Context, orgID, id string) (platformevent.Endpoint, error)
	PutEndpoint(ctx context.Context, ep platformevent.Endpoint) error
	// RotateEndpointSecret switches to rev if oldRev is still in force (CodeConflict
	// otherwise), keeping oldRev signing until prevUntil.
	RotateEndpointSecret(ctx context.Context, orgID, id, oldRev, rev string, now, prevUntil time.Time) (platformevent.Endpoint, error)
	DeleteEndpoint(ctx context.Context, orgID, id string) error
	ListAttempts(ctx context.Context, orgID, endpointID string, limit, offset int) ([]platformevent.Attempt, error)
}

// endpointBody is POST /api/admin/events/endpoints's body; the raw fields tell null from
// absent.
type endpointBody struct {
	URL         json.RawMessage `json:"url"`
	Kinds       json.RawMessage `json:"kinds"`
	Description json.RawMessage `json:"description"`
	apigw.CSRF
}

// rotateBody is POST .../rotate-secret's optional body. RevokePrevious stops the previous
// secret signing at once (a leaked secret) instead of after platformevent.RotationOverlap.
type rotateBody struct {
	RevokePrevious json.RawMessage `json:"revoke_previous"`
	apigw.CSRF
}

// The bounds of an endpoint body, as the document states them.
const (
	maxEndpointURL         = 2000
	maxEndpointDescription = 200
)

// ParseEndpointBody validates a new endpoint's body as the document writes it (400 when it
// does not): a url of 1-2000 characters, kinds as a list of at most 8 known event kinds,
// a description of at most 200 characters, none of them null; any other field is refused.
// What the URL means (https, not a private address) is checked by the handler (422).
func ParseEndpointBody(r apigw.Request) (url string, kinds []platformevent.Kind, description string, err error) {
	var b endpointBody
	if err := decodeStrict(r, &b); err != nil {
		return "", nil, "", err
	}
	url, given, err := optionalString(b.URL, "url")
	if err != nil || !given || url == "" || utf8.RuneCountInString(url) > maxEndpointURL {
		return "", nil, "", messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: url (1-%d characters)", maxEndpointURL)
	}
	description, _, err = optionalString(b.Description, "description")
	if err != nil || utf8.RuneCountInString(description) > maxEndpointDescription {
		return "", nil, "", messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: description (at most %d characters)", maxEndpointDescription)
	}
	kinds = []platformevent.Kind{}
	if b.Kinds != nil {
		var raw []platformevent.Kind
		if string(bytes.TrimSpace(b.Kinds)) == "null" || json.Unmarshal(b.Kinds, &raw) != nil || len(raw) > len(platformevent.Kinds) {
			return "", nil, "", messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: kinds (a list of event kinds)")
		}
		for _, k := range raw {
			if !k.Known() {
				return "", nil, "", messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: kinds (%q is not an event kind)", k)
			}
			if !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
	}
	return url, kinds, strings.TrimSpace(description), nil
}

// parseRotateBody reads the rotation's optional body: whether to revoke the previous secret.
func parseRotateBody(r apigw.Request) (revoke bool, err error) {
	if strings.TrimSpace(r.Body) == "" {
		return false, nil
	}
	var b rotateBody
	if err := decodeStrict(r, &b); err != nil {
		return false, err
	}
	if b.RevokePrevious != nil && json.Unmarshal(b.RevokePrevious, &revoke) != nil { // null is false, like absent
		return false, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: revoke_previous (true or false)")
	}
	return revoke, nil
}

// endpointWithSecret is an endpoint with its signing secret, in the one answer that shows it.
type endpointWithSecret struct {
	platformevent.Endpoint
	SigningSecret string `json:"signing_secret"`
}

// eventEndpoints is GET and POST /api/admin/events/endpoints: the organisation's endpoints,
// or a new one with its signing secret, shown in this answer only.
func (a *API) eventEndpoints(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	eps, err := a.Events.ListEndpoints(ctx, p.OrgID)
	if err != nil {
		return a.fail(ctx, err)
	}
	if apigw.Method(r) == "GET" {
		return apigw.List(eps, len(eps), "")
	}
	u, kinds, description, err := ParseEndpointBody(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	ep, err := newEndpoint(p.OrgID, u, kinds, description, lambdaenv.IsLocal(a.Stage))
	if err != nil {
		return a.fail(ctx, err)
	}
	if len(eps) >= platformevent.MaxEndpoints {
		return a.fail(ctx, messaging.Errorf(messaging.CodeUnprocessable, "An organisation has at most %d event endpoints; delete one first", platformevent.MaxEndpoints))
	}
	now := a.Now().UTC()
	ep.ID, ep.SecretRev, ep.CreatedAt = ulid.Make().String(), a.newRev(), now
	secret, err := platformevent.NewSecret()
	if err != nil {
		return a.fail(ctx, err)
	}
	name := platformevent.SecretName(p.OrgID, ep.ID, ep.SecretRev)
	if err := a.Secrets.Put(ctx, name, secret); err != nil {
		return a.fail(ctx, err)
	}
	if err := a.Events.PutEndpoint(ctx, ep); err != nil {
		_ = a.Secrets.Delete(ctx, name) // nothing half-written: the secret goes with the endpoint
		return a.fail(ctx, err)
	}
	return apigw.OK(endpointWithSecret{ep, secret}, "Event endpoint created; store the signing secret now, it is not shown again")
}

// newEndpoint returns the endpoint a valid body asks for, if its URL is one to deliver to:
// https without credentials or fragment, whose host is not a private or special address (in
// the local stage, also http on a loopback address). Otherwise it is unprocessable (422).
func newEndpoint(orgID, raw string, kinds []platformevent.Kind, description string, local bool) (platformevent.Endpoint, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" {
		return platformevent.Endpoint{}, messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: url (an https URL without credentials)")
	}
	host := u.Hostname()
	loopback := isLoopback(host)
	switch {
	case u.Scheme != "https" && !(local && u.Scheme == "http" && loopback):
		return platformevent.Endpoint{}, messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: url (https only)")
	case (loopback || privateAddr(host)) && !local:
		return platformevent.Endpoint{}, messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: url (a private, loopback or link-local address is refused)")
	}
	return platformevent.Endpoint{OrgID: orgID, URL: raw, Description: description, Kinds: kinds}, nil
}

// privateAddr reports whether host is an IP literal the egress guard would refuse outside the
// local stage (the guard checks every resolved address again when the delivery dials).
func privateAddr(host string) bool {
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	return ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsMulticast() ||
		ip.IsUnspecified() || !ip.IsGlobalUnicast()
}

// eventEndpoint is GET and DELETE /api/admin/events/endpoints/{endpoint_id}. A delete removes
// the endpoint's signing secrets too; its deliveries still queued are dropped unsent.
func (a *API) eventEndpoint(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	ep, err := a.Events.GetEndpoint(ctx, p.OrgID, r.PathParameters["endpoint_id"])
	if err != nil {
		return a.fail(ctx, err)
	}
	if apigw.Method(r) == "GET" {
		return apigw.OK(ep, "")
	}
	if err := a.Events.DeleteEndpoint(ctx, p.OrgID, ep.ID); err != nil {
		return a.fail(ctx, err)
	}
	var names []string
	for _, rev := range []string{ep.SecretRev, ep.PrevSecretRev} {
		if rev != "" {
			names = append(names, platformevent.SecretName(p.OrgID, ep.ID, rev))
		}
	}
	if err := a.Secrets.Delete(ctx, names...); err != nil {
		return a.fail(ctx, err)
	}
	return apigw.OK(ep, "Event endpoint deleted")
}

// rotateEventSecret is POST /api/admin/events/endpoints/{endpoint_id}/rotate-secret: a new
// signing secret, shown in this answer only. Deliveries carry a signature by each secret in
// force: the new one, and the previous one for platformevent.RotationOverlap (unless
// revoke_previous), so a receiver can switch without refusing a delivery. The secret rotated
// out before that one is deleted.
func (a *API) rotateEventSecret(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	revoke, err := parseRotateBody(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	ep, err := a.Events.GetEndpoint(ctx, p.OrgID, r.PathParameters["endpoint_id"])
	if err != nil {
		return a.fail(ctx, err)
	}
	now := a.Now().UTC()
	until := now.Add(platformevent.RotationOverlap)
	if revoke {
		until = now
	}
	rev := a.newRev()
	secret, err := platformevent.NewSecret()
	if err != nil {
		return a.fail(ctx, err)
	}
	name := platformevent.SecretName(p.OrgID, ep.ID, rev)
	if err := a.Secrets.Put(ctx, name, secret); err != nil {
		return a.fail(ctx, err)
	}
	rotated, err := a.Events.RotateEndpointSecret(ctx, p.OrgID, ep.ID, ep.SecretRev, rev, now, until)
	if err != nil {
		_ = a.Secrets.Delete(ctx, name)
		return a.fail(ctx, err)
	}
	if ep.PrevSecretRev != "" {
		// Out of use now; a failure leaves an unused parameter, never a wrong signature.
		_ = a.Secrets.Delete(ctx, platformevent.SecretName(p.OrgID, ep.ID, ep.PrevSecretRev))
	}
	return apigw.OK(endpointWithSecret{rotated, secret}, "Signing secret rotated; store it now, it is not shown again")
}

// eventDeliveries is GET /api/admin/events/endpoints/{endpoint_id}/deliveries: the endpoint's
// delivery log, newest attempt first, paginated with limit and offset.
func (a *API) eventDeliveries(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	limit, offset, err := page(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	ep, err := a.Events.GetEndpoint(ctx, p.OrgID, r.PathParameters["endpoint_id"])
	if err != nil {
		return a.fail(ctx, err)
	}
	list, err := a.Events.ListAttempts(ctx, p.OrgID, ep.ID, limit, offset)
	if err != nil {
		return a.fail(ctx, err)
	}
	return apigw.List(list, len(list), "")
}
