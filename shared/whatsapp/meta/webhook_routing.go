package meta

import (
	"encoding/json"
	"fmt"
)

// RoutingInfo returns the distinct metadata.phone_number_id values of a webhook body, in order
// of appearance, cheaply and before any signature check, to find the organisation whose app
// secret should verify the body. The organisation so found is trusted only after the signature
// verifies with THAT organisation's secret; a body naming numbers of two organisations must
// verify with each one's secret, or be refused. Like ParseWebhook it skips malformed entries and
// changes, and it names every number an event of ParseWebhook can carry. Fields without a number
// (template updates) route by RoutingWABAIDs; an event with a number routes by its number alone.
func RoutingInfo(body []byte) ([]string, error) {
	phones, _, err := parseRouting(body)
	return phones, err
}

// RoutingWABAIDs returns the distinct entry ids (WhatsApp Business Account ids) of the entries
// holding a change that names no number, under the same trust rule as RoutingInfo. Entries whose
// changes all name a number are left out: their events route by number, so whoever claims
// their account has no say in them.
func RoutingWABAIDs(body []byte) ([]string, error) {
	_, wabas, err := parseRouting(body)
	return wabas, err
}

type routingChange struct {
	Value struct {
		Metadata struct {
			PhoneNumberID string `json:"phone_number_id"`
		} `json:"metadata"`
	} `json:"value"`
}

type routingEntry struct {
	ID      flexString      `json:"id"`
	Changes []routingChange `json:"changes"`
}

type routingEntryRaw struct {
	ID      flexString        `json:"id"`
	Changes []json.RawMessage `json:"changes"`
}

// parseRouting decodes the ids in one pass when the body is well formed, else level by level.
func parseRouting(body []byte) (phones, wabas []string, err error) {
	if len(body) > MaxWebhookBody {
		return nil, nil, ErrBodyTooLarge
	}
	var s routingSet
	var fast struct {
		Entry []routingEntry `json:"entry"`
	}
	if json.Unmarshal(body, &fast) == nil {
		for _, e := range fast.Entry {
			for _, c := range e.Changes {
				s.phone(c.Value.Metadata.PhoneNumberID)
				if c.Value.Metadata.PhoneNumberID == "" {
					s.waba(string(e.ID))
				}
			}
		}
		return s.phones, s.wabas, nil
	}
	var env struct {
		Entry json.RawMessage `json:"entry"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, nil, fmt.Errorf("meta: routing info: %w", err)
	}
	var entries []json.RawMessage
	_ = json.Unmarshal(env.Entry, &entries) // not a list: nothing to route, as ParseWebhook finds no events
	for _, raw := range entries {
		var e routingEntryRaw
		if json.Unmarshal(raw, &e) != nil {
			continue
		}
		for _, rc := range e.Changes {
			var c routingChange
			_ = json.Unmarshal(rc, &c) // a change whose number cannot be read routes by its account
			s.phone(c.Value.Metadata.PhoneNumberID)
			if c.Value.Metadata.PhoneNumberID == "" {
				s.waba(string(e.ID))
			}
		}
	}
	return s.phones, s.wabas, nil
}

// routingPhone reads a change value's metadata.phone_number_id as parseRouting does: "" when it
// cannot be read.
func routingPhone(value json.RawMessage) string {
	var c routingChange
	_ = json.Unmarshal(value, &c.Value)
	return c.Value.Metadata.PhoneNumberID
}

// routingSet collects distinct ids in order of appearance.
type routingSet struct {
	phones, wabas []string
}

func (s *routingSet) phone(id string) { s.phones = addDistinct(s.phones, id) }
func (s *routingSet) waba(id string)  { s.wabas = addDistinct(s.wabas, id) }

func addDistinct(ids []string, id string) []string {
	if id == "" {
		return ids
	}
	for _, have := range ids {
		if have == id {
			return ids
		}
	}
	return append(ids, id)
}
