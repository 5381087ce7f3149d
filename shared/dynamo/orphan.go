package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// OrphanTTL is how long a status for a message we do not know is kept.
const OrphanTTL = 30 * 24 * time.Hour

// orphanItem is the delivery status of a message no note of ours knows (sent from outside the
// product, or with callback data that names no job), kept by wamid for OrphanTTL so that an
// operator can look it up: ORG#<org>#ORPHAN#<wamid> / ORPHAN, with a TTL.
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
