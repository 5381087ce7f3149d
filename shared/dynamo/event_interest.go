package dynamo

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/platformevent"
)

// skEventInterest is the sort key of an organisation's event interest: one item holding, per
// endpoint, the kinds it wants, kept by PutEndpoint and DeleteEndpoint in their transactions,
// so the emitters learn whether anyone wants an event with one GetItem.
const skEventInterest = "EVENTINTEREST"

// interestAttrPfx starts the interest item's attribute of each endpoint ("ep_<id>": the list of
// its kinds, empty for every kind).
const interestAttrPfx = "ep_"

func interestKey(org string) key { return key{orgPK(org), skEventInterest} }

func interestAttr(endpointID string) string { return interestAttrPfx + endpointID }

// EventInterest returns what the organisation's endpoints want, as endpoints holding only
// their id and kinds (none when it has no endpoint), from one eventually consistent GetItem.
func (s *Store) EventInterest(ctx context.Context, orgID string) ([]platformevent.Endpoint, error) {
	res, err := s.db.GetItem(ctx, &ddb.GetItemInput{TableName: aws.String(s.table), Key: interestKey(orgID).av()})
	if err != nil {
		return nil, fmt.Errorf("dynamo: event interest of %s: %w", orgID, err)
	}
	eps := []platformevent.Endpoint{}
	for name, v := range res.Item {
		id, ok := strings.CutPrefix(name, interestAttrPfx)
		if !ok {
			continue
		}
		var kinds []string
		if err := attributevalue.Unmarshal(v, &kinds); err != nil {
			return nil, fmt.Errorf("dynamo: event interest of %s: decode %s: %w", orgID, name, err)
		}
		ep := platformevent.Endpoint{ID: id, OrgID: orgID, Kinds: []platformevent.Kind{}}
		for _, k := range kinds {
			ep.Kinds = append(ep.Kinds, platformevent.Kind(k))
		}
		eps = append(eps, ep)
	}
	sort.Slice(eps, func(i, j int) bool { return eps[i].ID < eps[j].ID })
	return eps, nil
}
