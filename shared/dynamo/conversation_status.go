package dynamo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// A message status lives beside the conversation's messages, under the message's id:
//
//	message status  ORG#<org>#CONV#<conv id>  STATUS#<our message id>  -
//
// A status webhook knows the message's id but not its time (which the message's sort key
// starts with), so the status is its own item, in the partition the thread's one Query reads
// whole. Its sort key orders after every MSG# key.
const skConvStatusPrefix = "STATUS#"

// convStatusItem is the furthest status of one of our messages in a conversation.
type convStatusItem struct {
	key
	MessageID       string            `dynamodbav:"msg_id"`
	ProviderMessage string            `dynamodbav:"provider_message_id"`
	Status          string            `dynamodbav:"status"`
	StatusRank      int               `dynamodbav:"status_rank"`
	Errors          []statusErrorItem `dynamodbav:"errors,omitempty"`
	UpdatedAt       time.Time         `dynamodbav:"updated_at"`
}

// SetMessageStatus records a provider status of our message messageID in the conversation
// convID: forward-only (a status that does not advance the stored one changes nothing), with
// the failure's reasons. One UpdateItem; safe to repeat.
func (s *Store) SetMessageStatus(ctx context.Context, orgID, convID, messageID, wamid string, st messaging.Status, at time.Time, errs []messaging.StatusError) error {
	rank := st.Rank()
	if messageID == "" || rank == 0 {
		return fmt.Errorf("dynamo: status of a message of conversation %s: message id and a known status are required", convID)
	}
	u := newUpdate()
	u.set("msg_id", sv(messageID))
	u.set("status", sv(string(st)))
	u.set("status_rank", nv(rank))
	u.set("updated_at", timeAV(at))
	if wamid != "" {
		u.set("provider_message_id", sv(wamid))
	}
	if len(errs) > 0 {
		items := make([]statusErrorItem, 0, len(errs))
		for _, e := range errs {
			items = append(items, statusErrorItem{Code: e.Code, Title: e.Title, Details: e.Details})
		}
		list, err := attributevalue.Marshal(items)
		if err != nil {
			return fmt.Errorf("dynamo: status of message %s: %w", messageID, err)
		}
		u.set("errors", list)
	} else {
		u.remove("errors")
	}
	u.condition("attribute_not_exists(#status_rank) OR #status_rank < :status_rank")
	_, err := s.db.UpdateItem(ctx, u.input(s.table, key{convPK(orgID, convID), skConvStatusPrefix + messageID}))
	if _, stale := conditionFailed(err); stale {
		return nil
	}
	if err != nil {
		return fmt.Errorf("dynamo: status of message %s of conversation %s: %w", messageID, convID, err)
	}
	return nil
}

// apply puts the recorded status on the message it belongs to when it is further on.
func (it convStatusItem) apply(m *messaging.ConversationMessage) {
	if messaging.Status(it.Status).Rank() <= m.Status.Rank() {
		return
	}
	m.Status = messaging.Status(it.Status)
	if m.ProviderMessage == "" {
		m.ProviderMessage = it.ProviderMessage
	}
	m.Errors = nil
	for _, e := range it.Errors {
		m.Errors = append(m.Errors, messaging.StatusError{Code: e.Code, Title: e.Title, Details: e.Details})
	}
}

// isConvStatus reports whether a conversation partition's item is a message status.
func isConvStatus(sk *ddb.AttributeValueMemberS) bool {
	return strings.HasPrefix(sk.Value, skConvStatusPrefix)
}
