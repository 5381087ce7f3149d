package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/proplink/chat/shared/messaging"
)

// maxRounds bounds how often Allow re-reads the slots when others claim them first.
const maxRounds = 5

// contendedRetry is the Retry-After of a caller that lost every round to others.
const contendedRetry = time.Second

// Window admits at most Limit requests per key in any rolling Period, exactly, under any
// concurrency.
//
// A key owns Limit slot items (PK key, SK SLOT#00 …), each holding the time it was last used.
// An admission claims one slot with a conditional update that holds only if the slot is absent
// or was last used at least Period ago. Why that is exact: a slot is reusable only once Period
// has passed since its last use, so within any interval shorter than Period each slot admits at
// most once; Limit+1 admissions within one Period would need Limit+1 slots, and there are Limit.
// The conditional write is atomic, so two callers can never both claim one slot.
//
// Requests per call: 1 Query + 1 UpdateItem when uncontended; 1 Query when denied; under
// contention one more UpdateItem per slot lost to another caller, and one more Query per round
// (at most 5 rounds).
type Window struct {
	db     api
	table  string
	Limit  int
	Period time.Duration
}

// NewWindow returns a window limiter over the table.
func NewWindow(client *dynamodb.Client, table string, limit int, period time.Duration) *Window {
	return &Window{db: client, table: table, Limit: limit, Period: period}
}

// Allow admits or denies one request for key at now.
func (w *Window) Allow(ctx context.Context, key string, now time.Time) (messaging.RateDecision, error) {
	if w.Limit <= 0 || w.Period <= 0 {
		return messaging.RateDecision{}, fmt.Errorf("ratelimit: window %s: limit and period must be positive", key)
	}
	nowMs, periodMs := now.UnixMilli(), w.Period.Milliseconds()
	for range maxRounds {
		used, err := w.slots(ctx, key)
		if err != nil {
			return messaging.RateDecision{}, fmt.Errorf("ratelimit: window %s: %w", key, err)
		}
		free, oldest := freeSlots(w.Limit, used, nowMs, periodMs)
		if len(free) == 0 {
			return windowDenied(w.Limit, oldest, nowMs, periodMs), nil
		}
		// Concurrent callers spread over the free slots instead of all racing for the first.
		rand.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
		for i, slot := range free {
			ok, theirs, err := w.claim(ctx, key, slot, nowMs, periodMs)
			if err != nil {
				return messaging.RateDecision{}, fmt.Errorf("ratelimit: window %s: %w", key, err)
			}
			if ok {
				return windowAllowed(w.Limit, len(free)-i-1, oldest, nowMs, periodMs), nil
			}
			if theirs != 0 && (oldest == 0 || theirs < oldest) {
				oldest = theirs
			}
		}
	}
	return messaging.RateDecision{Limit: w.Limit, Reset: now.Add(contendedRetry), RetryAfter: contendedRetry}, nil
}

// slots reads the key's slot uses, consistently.
func (w *Window) slots(ctx context.Context, key string) (map[int]int64, error) {
	used := make(map[int]int64, w.Limit)
	p := dynamodb.NewQueryPaginator(w.db, &dynamodb.QueryInput{
		TableName:              aws.String(w.table),
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :slot)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": &types.AttributeValueMemberS{Value: key}, ":slot": &types.AttributeValueMemberS{Value: slotPrefix},
		},
		ProjectionExpression: aws.String("SK, used_at"),
		ConsistentRead:       aws.Bool(true),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("read slots: %w", err)
		}
		for _, it := range page.Items {
			sk, _ := it["SK"].(*types.AttributeValueMemberS)
			u, _ := it["used_at"].(*types.AttributeValueMemberN)
			if sk == nil || u == nil {
				continue
			}
			i, ok := parseSlotSK(sk.Value)
			ms, err := strconv.ParseInt(u.Value, 10, 64)
			if ok && err == nil {
				used[i] = ms
			}
		}
	}
	return used, nil
}

// claim takes a slot if it is still free; when another caller took it, it returns that use.
func (w *Window) claim(ctx context.Context, key string, slot int, nowMs, periodMs int64) (bool, int64, error) {
	n := func(v int64) types.AttributeValue {
		return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
	}
	_, err := w.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(w.table),
		Key: map[string]types.AttributeValue{
			"PK": &types.AttributeValueMemberS{Value: key},
			"SK": &types.AttributeValueMemberS{Value: slotSK(slot, w.Limit)},
		},
		UpdateExpression:    aws.String("SET used_at = :now, expires_at = :exp"),
		ConditionExpression: aws.String("attribute_not_exists(used_at) OR used_at <= :cutoff"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":now": n(nowMs), ":cutoff": n(nowMs - periodMs), ":exp": n((nowMs + 2*periodMs) / 1000),
		},
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		var theirs int64
		if u, ok := ccf.Item["used_at"].(*types.AttributeValueMemberN); ok {
			theirs, _ = strconv.ParseInt(u.Value, 10, 64)
		}
		return false, theirs, nil
	}
	if err != nil {
		return false, 0, fmt.Errorf("claim slot %d: %w", slot, err)
	}
	return true, 0, nil
}
