// Package idempotency makes a request with an Idempotency-Key happen once: the first caller
// claims the key, later callers with the same request get the stored answer, and a different
// request under the same key is refused. It is backed by one DynamoDB item per key, with TTL.
package idempotency

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
)

// State is what a claim found.
type State int

// The states of a claim.
const (
	// Claimed: the caller owns the key and does the work, then calls Complete or Release.
	Claimed State = iota + 1
	// Replay: the same request was completed; the Outcome holds its answer.
	Replay
	// InProgress: the same request is being done by another caller under a live lease.
	InProgress
	// Mismatch: the key was used for a different request.
	Mismatch
)

// String names the state.
func (s State) String() string {
	switch s {
	case Claimed:
		return "claimed"
	case Replay:
		return "replay"
	case InProgress:
		return "in_progress"
	case Mismatch:
		return "mismatch"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// Outcome is a claim's result and, for a replay, the stored answer.
type Outcome struct {
	State      State
	StatusCode int
	Headers    map[string]string
	Body       []byte
}

// The states of the stored item.
const (
	stateInProgress = "in_progress"
	stateCompleted  = "completed"
)

// sk is the sort key of every idempotency item.
const sk = "IDEM"

// api is the part of the DynamoDB client the store uses.
type api interface {
	PutItem(ctx context.Context, in *ddb.PutItemInput, opts ...func(*ddb.Options)) (*ddb.PutItemOutput, error)
	UpdateItem(ctx context.Context, in *ddb.UpdateItemInput, opts ...func(*ddb.Options)) (*ddb.UpdateItemOutput, error)
	DeleteItem(ctx context.Context, in *ddb.DeleteItemInput, opts ...func(*ddb.Options)) (*ddb.DeleteItemOutput, error)
}

// Store keeps idempotency records for ttl; an in-progress claim is held for lease.
//
// Requests per call: Claim 1 PutItem, Complete 1 UpdateItem, Release 1 DeleteItem.
type Store struct {
	db    api
	table string
	ttl   time.Duration
	lease time.Duration
}

// New returns a store over the table.
func New(client *ddb.Client, table string, ttl time.Duration, lease time.Duration) *Store {
	return &Store{db: client, table: table, ttl: ttl, lease: lease}
}

// record is the stored item.
type record struct {
	PK          string            `dynamodbav:"PK"`
	SK          string            `dynamodbav:"SK"`
	State       string            `dynamodbav:"state"`
	Fingerprint string            `dynamodbav:"fingerprint"`
	LeaseUntil  int64             `dynamodbav:"lease_until,omitempty"` // unix ms
	ExpiresAt   int64             `dynamodbav:"expires_at"`            // unix s
	StatusCode  int               `dynamodbav:"status_code,omitempty"`
	Headers     map[string]string `dynamodbav:"headers,omitempty"`
	Body        []byte            `dynamodbav:"body,omitempty"`
	// ClaimToken marks the claim that last took the key: a claim the SDK retried after its
	// answer was lost finds its own token and is claimed, not in progress.
	ClaimToken string `dynamodbav:"claim_token,omitempty"`
}

func keyAV(k string) map[string]ddb.AttributeValue {
	return map[string]ddb.AttributeValue{
		"PK": &ddb.AttributeValueMemberS{Value: k}, "SK": &ddb.AttributeValueMemberS{Value: sk},
	}
}

func n(v int64) ddb.AttributeValue { return &ddb.AttributeValueMemberN{Value: fmt.Sprint(v)} }

// Claim takes the key for the request with this fingerprint, in one conditional PutItem. It
// succeeds when the key is new or expired, or when the same request's claim outlived its lease
// (its caller died); otherwise the item as it stood tells Replay, InProgress or Mismatch.
func (s *Store) Claim(ctx context.Context, key, fingerprint string, now time.Time) (Outcome, error) {
	token := strconv.FormatUint(rand.Uint64(), 36)
	item, err := attributevalue.MarshalMap(record{
		PK: key, SK: sk, State: stateInProgress, Fingerprint: fingerprint,
		LeaseUntil: now.Add(s.lease).UnixMilli(), ExpiresAt: now.Add(s.ttl).Unix(), ClaimToken: token,
	})
	if err != nil {
		return Outcome{}, fmt.Errorf("idempotency: claim: %w", err)
	}
	_, err = s.db.PutItem(ctx, &ddb.PutItemInput{
		TableName: aws.String(s.table),
		Item:      item,
		ConditionExpression: aws.String("attribute_not_exists(PK) OR expires_at <= :nows OR " +
			"(#state = :inprog AND lease_until <= :nowms AND fingerprint = :fp)"),
		ExpressionAttributeNames: map[string]string{"#state": "state"},
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":nows": n(now.Unix()), ":nowms": n(now.UnixMilli()),
			":inprog": &ddb.AttributeValueMemberS{Value: stateInProgress},
			":fp":     &ddb.AttributeValueMemberS{Value: fingerprint},
		},
		ReturnValuesOnConditionCheckFailure: ddb.ReturnValuesOnConditionCheckFailureAllOld,
	})
	var ccf *ddb.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		if err != nil {
			return Outcome{}, fmt.Errorf("idempotency: claim: %w", err)
		}
		return Outcome{State: Claimed}, nil
	}
	var old record
	if err := attributevalue.UnmarshalMap(ccf.Item, &old); err != nil {
		return Outcome{}, fmt.Errorf("idempotency: claim: decode prior claim: %w", err)
	}
	switch {
	case old.ClaimToken == token && old.State == stateInProgress:
		return Outcome{State: Claimed}, nil
	case old.Fingerprint != fingerprint:
		return Outcome{State: Mismatch}, nil
	case old.State == stateCompleted:
		return Outcome{State: Replay, StatusCode: old.StatusCode, Headers: old.Headers, Body: old.Body}, nil
	}
	return Outcome{State: InProgress}, nil
}

// Complete stores the answer of a claimed request, for replay until the record expires.
func (s *Store) Complete(ctx context.Context, key string, out Outcome) error {
	vals := map[string]ddb.AttributeValue{
		":done":   &ddb.AttributeValueMemberS{Value: stateCompleted},
		":status": n(int64(out.StatusCode)),
	}
	expr := "SET #state = :done, status_code = :status"
	if len(out.Headers) > 0 {
		h, err := attributevalue.Marshal(out.Headers)
		if err != nil {
			return fmt.Errorf("idempotency: complete: %w", err)
		}
		vals[":headers"] = h
		expr += ", headers = :headers"
	}
	if len(out.Body) > 0 {
		vals[":body"] = &ddb.AttributeValueMemberB{Value: out.Body}
		expr += ", body = :body"
	}
	_, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       keyAV(key),
		UpdateExpression:          aws.String(expr + " REMOVE lease_until"),
		ConditionExpression:       aws.String("attribute_exists(PK)"),
		ExpressionAttributeNames:  map[string]string{"#state": "state"},
		ExpressionAttributeValues: vals,
	})
	if err != nil {
		return fmt.Errorf("idempotency: complete: %w", err)
	}
	return nil
}

// Release forgets an in-progress claim whose work had no effect, so a retry proceeds. A
// completed record is kept.
func (s *Store) Release(ctx context.Context, key string) error {
	_, err := s.db.DeleteItem(ctx, &ddb.DeleteItemInput{
		TableName:                 aws.String(s.table),
		Key:                       keyAV(key),
		ConditionExpression:       aws.String("#state = :inprog"),
		ExpressionAttributeNames:  map[string]string{"#state": "state"},
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":inprog": &ddb.AttributeValueMemberS{Value: stateInProgress}},
	})
	var ccf *ddb.ConditionalCheckFailedException
	if err != nil && !errors.As(err, &ccf) {
		return fmt.Errorf("idempotency: release: %w", err)
	}
	return nil
}
