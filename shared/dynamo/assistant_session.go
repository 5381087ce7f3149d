package dynamo

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/messaging"
)

// skSession is the sort key of a conversation's assistant session. The session lives apart
// from the conversation's partition (ORG#<org>#CONV#<id>), whose every other item is a message.
const skSession = "SESSION"

func sessionKey(org, conv string) key { return key{orgPK(org) + "#ASST#" + conv, skSession} }

// sessionItem is a stored session: the state as one JSON document, its version and its TTL.
type sessionItem struct {
	key
	State     string `dynamodbav:"state"`
	Version   int64  `dynamodbav:"version"`
	ExpiresAt int64  `dynamodbav:"expires_at"`
}

// Sessions keeps the assistant's conversation sessions (assistant.Sessions).
type Sessions struct{ s *Store }

var _ assistant.Sessions = (*Sessions)(nil)

// Sessions returns the store's assistant sessions.
func (s *Store) Sessions() *Sessions { return &Sessions{s} }

// Load returns the conversation's session (one consistent GetItem), or a new empty one with
// Version 0 when there is none (never saved, or deleted by TTL).
func (ss *Sessions) Load(ctx context.Context, orgID, conversationID string) (assistant.Session, error) {
	var it sessionItem
	found, err := ss.s.get(ctx, sessionKey(orgID, conversationID), true, &it)
	if err != nil {
		return assistant.Session{}, fmt.Errorf("dynamo: load session of %s in %s: %w", conversationID, orgID, err)
	}
	if !found {
		return assistant.Session{OrgID: orgID, ConversationID: conversationID}, nil
	}
	var sess assistant.Session
	if err := json.Unmarshal([]byte(it.State), &sess); err != nil {
		return assistant.Session{}, fmt.Errorf("dynamo: load session of %s in %s: decode: %w", conversationID, orgID, err)
	}
	sess.OrgID, sess.ConversationID, sess.Version = orgID, conversationID, it.Version
	return sess, nil
}

// Save stores sess as Version+1 with a TTL of assistant.SessionTTL from now, in one conditional
// PutItem: only if the stored version is still sess.Version (absent for Version 0). Otherwise
// nothing is written and the error is a *messaging.Error with CodeConflict.
func (ss *Sessions) Save(ctx context.Context, sess assistant.Session, now time.Time) error {
	if sess.OrgID == "" || sess.ConversationID == "" {
		return fmt.Errorf("dynamo: save session: organisation and conversation are required")
	}
	next := sess
	next.Version = sess.Version + 1
	state, err := json.Marshal(next)
	if err != nil {
		return fmt.Errorf("dynamo: save session of %s in %s: %w", sess.ConversationID, sess.OrgID, err)
	}
	k := sessionKey(sess.OrgID, sess.ConversationID)
	token := strconv.FormatUint(rand.Uint64(), 36)
	in := &ddb.PutItemInput{
		TableName: aws.String(ss.s.table),
		Item: map[string]ddb.AttributeValue{
			"PK": sv(k.PK), "SK": sv(k.SK), "state": sv(string(state)),
			"version": nv(next.Version), "expires_at": nv(now.Add(assistant.SessionTTL).Unix()),
			attrWriteToken: sv(token),
		},
		ConditionExpression: aws.String("attribute_not_exists(PK)"),
		// A refusal brings the stored item, so a save the SDK retried after its answer was lost
		// (the item holds this save's token) counts as done, not as a rival's: a rival that
		// wrote the very same state still loses.
		ReturnValuesOnConditionCheckFailure: ddb.ReturnValuesOnConditionCheckFailureAllOld,
	}
	if sess.Version > 0 {
		in.ConditionExpression = aws.String("version = :v")
		in.ExpressionAttributeValues = map[string]ddb.AttributeValue{":v": &ddb.AttributeValueMemberN{Value: strconv.FormatInt(sess.Version, 10)}}
	}
	_, err = ss.s.db.PutItem(ctx, in)
	if found, failed := conditionFailed(err); failed {
		if mine, _ := found[attrWriteToken].(*ddb.AttributeValueMemberS); mine != nil && mine.Value == token {
			return nil
		}
		return messaging.Wrap(messaging.CodeConflict, "The conversation's assistant state changed at the same time",
			fmt.Errorf("dynamo: save session of %s in %s: version %d is stale", sess.ConversationID, sess.OrgID, sess.Version))
	}
	if err != nil {
		return fmt.Errorf("dynamo: save session of %s in %s: %w", sess.ConversationID, sess.OrgID, err)
	}
	return nil
}
