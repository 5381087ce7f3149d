package meta

import (
	"encoding/json"
	"fmt"
)

type wireRouting struct {
	Entry []struct {
		ID      flexString `json:"id"`
		Changes []struct {
			Value struct {
				Metadata struct {
					PhoneNumberID string `json:"phone_number_id"`
				} `json:"metadata"`
			} `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

// RoutingInfo returns the distinct metadata.phone_number_id values of a webhook body, in order
// of appearance, cheaply and before any signature check, to find the organisation whose app
// secret should verify the body. The organisation so found is trusted only after the signature
// verifies with THAT organisation's secret; a body naming numbers of two organisations must
// verify with each one's secret, or be refused. Fields without a number (template updates)
// route by RoutingWABAIDs.
func RoutingInfo(body []byte) ([]string, error) {
	r, err := parseRouting(body)
	if err != nil {
		return nil, err
	}
	var ids []string
	seen := map[string]bool{}
	for _, e := range r.Entry {
		for _, c := range e.Changes {
			id := c.Value.Metadata.PhoneNumberID
			if id != "" && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}

// RoutingWABAIDs returns the distinct entry ids (WhatsApp Business Account ids) of a webhook
// body, with the same trust rule as RoutingInfo.
func RoutingWABAIDs(body []byte) ([]string, error) {
	r, err := parseRouting(body)
	if err != nil {
		return nil, err
	}
	var ids []string
	seen := map[string]bool{}
	for _, e := range r.Entry {
		if id := string(e.ID); id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, nil
}

func parseRouting(body []byte) (wireRouting, error) {
	var r wireRouting
	if len(body) > MaxWebhookBody {
		return r, ErrBodyTooLarge
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return r, fmt.Errorf("meta: routing info: %w", err)
	}
	return r, nil
}
