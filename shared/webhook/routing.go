package webhook

import (
	"context"
	"errors"
	"fmt"

	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// errBadBody is a body that cannot be routed: not JSON, or naming too many numbers.
var errBadBody = errors.New("webhook: unroutable body")

// routing is what one body's numbers and accounts resolve to.
type routing struct {
	phones   map[string]string // phone_number_id -> organisation ("" unknown)
	wabas    map[string]string // WABA id -> organisation ("" unknown)
	unknown  []string          // phone_number_ids and WABA ids no organisation uses
	distinct []string          // organisations, in order of appearance
}

// route resolves the numbers (and, with a WABA lookup, the accounts) a body names.
func (s *Service) route(ctx context.Context, body []byte) (routing, error) {
	rt := routing{phones: map[string]string{}, wabas: map[string]string{}}
	phones, err := meta.RoutingInfo(body)
	if err != nil {
		return rt, fmt.Errorf("%w: %w", errBadBody, err)
	}
	var wabas []string
	if s.wabas != nil {
		wabas, _ = meta.RoutingWABAIDs(body)
	}
	if len(phones)+len(wabas) > MaxRoutes {
		return rt, fmt.Errorf("%w: %d numbers and accounts, over %d", errBadBody, len(phones)+len(wabas), MaxRoutes)
	}
	for _, id := range phones {
		org, err := s.phones.org(ctx, id)
		if err != nil {
			return rt, err
		}
		rt.add(rt.phones, id, org)
	}
	for _, id := range wabas {
		org, err := s.wabas.org(ctx, id)
		if err != nil {
			return rt, err
		}
		rt.add(rt.wabas, id, org)
	}
	return rt, nil
}

func (rt *routing) add(m map[string]string, id, org string) {
	m[id] = org
	if org == "" {
		rt.unknown = append(rt.unknown, id)
		return
	}
	for _, o := range rt.distinct {
		if o == org {
			return
		}
	}
	rt.distinct = append(rt.distinct, org)
}

// orgs returns the organisations the body names; its signature must verify for each.
func (rt routing) orgs() []string { return rt.distinct }

// orgOf returns the organisation an event belongs to: its number's, or for an event without a
// number its account's; "" when neither is known.
func (rt routing) orgOf(ev whatsapp.Event) string {
	if ev.PhoneNumberID != "" {
		return rt.phones[ev.PhoneNumberID]
	}
	return rt.wabas[ev.WABAID]
}
