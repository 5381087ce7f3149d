package dynamo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// convMessageItem is one message of a conversation. The typed parts travel as one JSON
// document: they are read back whole and never queried.
type convMessageItem struct {
	key
	ID              string    `dynamodbav:"msg_id"`
	Direction       string    `dynamodbav:"direction"`
	Type            string    `dynamodbav:"type"`
	Text            string    `dynamodbav:"text,omitempty"`
	Parts           string    `dynamodbav:"parts,omitempty"`
	Template        string    `dynamodbav:"template,omitempty"`
	ProviderMessage string    `dynamodbav:"provider_message_id,omitempty"`
	Status          string    `dynamodbav:"status,omitempty"`
	JobID           int64     `dynamodbav:"job_id,omitempty"`
	AuthorName      string    `dynamodbav:"author_name,omitempty"`
	At              time.Time `dynamodbav:"at"`
}

// convParts are a message's structured parts.
type convParts struct {
	Media    *messaging.MediaRef    `json:"media,omitempty"`
	Location *messaging.Place       `json:"location,omitempty"`
	Contacts json.RawMessage        `json:"contacts,omitempty"`
	Reply    *messaging.ReplyRef    `json:"reply,omitempty"`
	Reaction *messaging.ReactionRef `json:"reaction,omitempty"`
	ReplyTo  string                 `json:"reply_to,omitempty"`
}

func (p convParts) empty() bool {
	return p.Media == nil && p.Location == nil && len(p.Contacts) == 0 && p.Reply == nil && p.Reaction == nil && p.ReplyTo == ""
}

// convMessageSK orders a conversation's messages by the provider's time, then by id.
func convMessageSK(m messaging.ConversationMessage) string {
	return skConvMsgPrefix + convTime(m.At) + "#" + m.ID
}

func (s *Store) putConvMessage(ctx context.Context, orgID, convID string, m messaging.ConversationMessage) error {
	it, err := convMessageOf(orgID, convID, m)
	if err != nil {
		return err
	}
	if err := s.put(ctx, it); err != nil {
		return fmt.Errorf("dynamo: put message %s of conversation %s: %w", m.ID, convID, err)
	}
	return nil
}

// convMessageOf is the item of message m in conversation convID.
func convMessageOf(orgID, convID string, m messaging.ConversationMessage) (convMessageItem, error) {
	if m.ID == "" || m.At.IsZero() {
		return convMessageItem{}, fmt.Errorf("dynamo: put message of conversation %s: id and time are required", convID)
	}
	it := convMessageItem{
		key: key{convPK(orgID, convID), convMessageSK(m)}, ID: m.ID, Direction: m.Direction, Type: m.Type,
		Text: m.Text, Template: m.Template, ProviderMessage: m.ProviderMessage, Status: string(m.Status),
		JobID: m.JobID, AuthorName: m.AuthorName, At: m.At.UTC(),
	}
	parts := convParts{Media: m.Media, Location: m.Location, Contacts: m.Contacts, Reply: m.Reply, Reaction: m.Reaction, ReplyTo: m.ReplyTo}
	if !parts.empty() {
		b, err := json.Marshal(parts)
		if err != nil {
			return convMessageItem{}, fmt.Errorf("dynamo: put message %s of conversation %s: %w", m.ID, convID, err)
		}
		it.Parts = string(b)
	}
	return it, nil
}

func (it convMessageItem) message() (messaging.ConversationMessage, error) {
	m := messaging.ConversationMessage{
		ID: it.ID, Direction: it.Direction, Type: it.Type, Text: it.Text, Template: it.Template,
		ProviderMessage: it.ProviderMessage, Status: messaging.Status(it.Status), JobID: it.JobID,
		AuthorName: it.AuthorName, At: it.At,
	}
	if it.Parts == "" {
		return m, nil
	}
	var p convParts
	if err := json.Unmarshal([]byte(it.Parts), &p); err != nil {
		return m, fmt.Errorf("decode parts of message %s: %w", it.ID, err)
	}
	m.Media, m.Location, m.Contacts, m.Reply, m.Reaction, m.ReplyTo = p.Media, p.Location, p.Contacts, p.Reply, p.Reaction, p.ReplyTo
	return m, nil
}

// ConversationWithMessages returns a conversation and a page of its messages in the order they
// were sent (oldest first), with how many messages it holds: one Query per MB. Our messages
// carry their furthest recorded status (SetMessageStatus).
func (s *Store) ConversationWithMessages(ctx context.Context, orgID, id string, limit, offset int) (messaging.Conversation, []messaging.ConversationMessage, int, error) {
	var (
		conv     *conversationItem
		items    []convMessageItem
		statuses = map[string]convStatusItem{}
	)
	p := ddb.NewQueryPaginator(s.db, &ddb.QueryInput{
		TableName:                 aws.String(s.table),
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":pk": sv(convPK(orgID, id))},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return messaging.Conversation{}, nil, 0, fmt.Errorf("dynamo: read conversation %s of %s: %w", id, orgID, err)
		}
		for _, av := range page.Items {
			sk, _ := av["SK"].(*ddb.AttributeValueMemberS)
			switch {
			case sk == nil:
			case sk.Value == skConversation:
				conv = &conversationItem{}
				if err := attributevalue.UnmarshalMap(av, conv); err != nil {
					return messaging.Conversation{}, nil, 0, fmt.Errorf("dynamo: read conversation %s of %s: %w", id, orgID, err)
				}
			case isConvStatus(sk):
				var it convStatusItem
				if err := attributevalue.UnmarshalMap(av, &it); err != nil {
					return messaging.Conversation{}, nil, 0, fmt.Errorf("dynamo: read conversation %s of %s: %w", id, orgID, err)
				}
				statuses[it.MessageID] = it
			default:
				var it convMessageItem
				if err := attributevalue.UnmarshalMap(av, &it); err != nil {
					return messaging.Conversation{}, nil, 0, fmt.Errorf("dynamo: read conversation %s of %s: %w", id, orgID, err)
				}
				items = append(items, it)
			}
		}
	}
	if conv == nil {
		return messaging.Conversation{}, nil, 0, messaging.Errorf(messaging.CodeNotFound, messaging.MsgConversationAbsent)
	}
	lo, hi := convPage(len(items), limit, offset)
	out := make([]messaging.ConversationMessage, 0, hi-lo)
	for _, it := range items[lo:hi] {
		m, err := it.message()
		if err != nil {
			return messaging.Conversation{}, nil, 0, fmt.Errorf("dynamo: read conversation %s of %s: %w", id, orgID, err)
		}
		if st, ok := statuses[m.ID]; ok && m.Direction == messaging.DirectionOutbound {
			st.apply(&m)
		}
		out = append(out, m)
	}
	return conv.conversation(), out, len(items), nil
}
