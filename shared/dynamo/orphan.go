package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/proplink/chat/shared/messaging"
)

// OrphanTTL is how long a status for a message we do not know is kept for matching.
const OrphanTTL = 30 * 24 * time.Hour

// OrphanStatus is the delivery status of a message no note of ours knows (sent from outside the
// product, or with foreign callback data), kept by wamid for later matching.
type OrphanStatus struct {
	WAMID        string                  `json:"wamid"`
	Recipient    string                  `json:"recipient,omitempty"`
	CallbackData string                  `json:"callback_data,omitempty"`
	Status       messaging.Status        `json:"status"`
	History      []messaging.StatusEvent `json:"status_history,omitempty"`
	Errors       []messaging.StatusError `json:"errors,omitempty"`
	UpdatedAt    time.Time               `json:"updated_at"`
}

// orphanItem is the stored OrphanStatus: ORG#<org>#ORPHAN#<wamid> / ORPHAN, listed through GSI1
// (ORG#<org>#ORPHANS, <time>#<wamid>), with a TTL.
type orphanItem struct {
	key
	WAMID        string            `dynamodbav:"wamid"`
	Recipient    string            `dynamodbav:"recipient"`
	CallbackData string            `dynamodbav:"callback_data"`
	Status       string            `dynamodbav:"status"`
	History      []statusEventItem `dynamodbav:"status_history"`
	Errors       []statusErrorItem `dynamodbav:"errors"`
	UpdatedAt    time.Time         `dynamodbav:"updated_at"`
}

func orphanKey(org, wamid string) key { return key{orgPK(org) + "#ORPHAN#" + wamid, "ORPHAN"} }

func (it orphanItem) orphan() OrphanStatus {
	o := OrphanStatus{WAMID: it.WAMID, Recipient: it.Recipient, CallbackData: it.CallbackData, Status: messaging.Status(it.Status), UpdatedAt: it.UpdatedAt}
	for _, e := range it.History {
		o.History = append(o.History, messaging.StatusEvent{Status: messaging.Status(e.Status), At: e.At})
	}
	for _, e := range it.Errors {
		o.Errors = append(o.Errors, messaging.StatusError(e))
	}
	return o
}

// KeepOrphanStatus records a status of an unknown message, forward-only like a case note: one
// conditional UpdateItem; a status that does not advance is ignored without error.
func (s *Store) KeepOrphanStatus(ctx context.Context, orgID, wamid, recipient, callbackData string, st messaging.Status, at time.Time, errs []messaging.StatusError) error {
	ev, err := attributevalue.Marshal([]statusEventItem{{Status: string(st), At: at.UTC()}})
	if err != nil {
		return fmt.Errorf("dynamo: keep orphan status %s: %w", wamid, err)
	}
	u := newUpdate()
	u.set("wamid", sv(wamid))
	u.setIfNotExists("recipient", sv(recipient))
	u.setIfNotExists("callback_data", sv(callbackData))
	u.set("status", sv(string(st)))
	u.set("status_rank", nv(st.Rank()))
	u.set("updated_at", timeAV(at))
	u.set("GSI1PK", sv(orgPK(orgID)+"#ORPHANS"))
	u.set("GSI1SK", sv(convTime(at)+"#"+wamid))
	u.set("expires_at", nv(at.Add(OrphanTTL).Unix()))
	u.appendList("status_history", ev)
	if len(errs) > 0 {
		list, err := marshalErrors(errs)
		if err != nil {
			return fmt.Errorf("dynamo: keep orphan status %s: %w", wamid, err)
		}
		u.appendList("errors", list)
	}
	u.condition("attribute_not_exists(#status_rank) OR #status_rank < :status_rank")
	_, err = s.db.UpdateItem(ctx, u.input(s.table, orphanKey(orgID, wamid)))
	if _, failed := conditionFailed(err); err != nil && !failed {
		return fmt.Errorf("dynamo: keep orphan status %s of %s: %w", wamid, orgID, err)
	}
	return nil
}

// GetOrphanStatus returns the kept status of a message by wamid, and whether there is one.
func (s *Store) GetOrphanStatus(ctx context.Context, orgID, wamid string) (OrphanStatus, bool, error) {
	var it orphanItem
	found, err := s.get(ctx, orphanKey(orgID, wamid), false, &it)
	if err != nil {
		return OrphanStatus{}, false, fmt.Errorf("dynamo: get orphan status %s of %s: %w", wamid, orgID, err)
	}
	return it.orphan(), found, nil
}

// ListOrphanStatuses returns up to limit kept statuses of the organisation, latest first.
func (s *Store) ListOrphanStatuses(ctx context.Context, orgID string, limit int) ([]OrphanStatus, error) {
	res, err := s.db.Query(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.table),
		IndexName:                 aws.String("GSI1"),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": sv(orgPK(orgID) + "#ORPHANS")},
		ScanIndexForward:          aws.Bool(false),
		Limit:                     aws.Int32(int32(min(max(limit, 1), 1000))),
	})
	if err != nil {
		return nil, fmt.Errorf("dynamo: list orphan statuses of %s: %w", orgID, err)
	}
	var items []orphanItem
	if err := attributevalue.UnmarshalListOfMaps(res.Items, &items); err != nil {
		return nil, fmt.Errorf("dynamo: list orphan statuses of %s: decode: %w", orgID, err)
	}
	out := make([]OrphanStatus, 0, len(items))
	for _, it := range items {
		out = append(out, it.orphan())
	}
	return out, nil
}
