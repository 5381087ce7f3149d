package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/messaging"
)

// windowSK is the sort key of a window's one item.
const windowSK = "WINDOW"

// maxKnownWindows bounds the windows an instance remembers; a full memory starts again.
const maxKnownWindows = 10_000

// contendedRetry is the Retry-After of a caller that lost every claim to others.
const contendedRetry = time.Second

// Window admits at most Limit requests per key in any rolling Period, exactly, under any
// concurrency.
//
// A key owns one item (PK key, SK WINDOW) with Limit slot attributes (SLOT#00 …), each holding
// the time it was last used. An admission claims one slot with a conditional update that holds
// only if the slot is absent or was last used at least Period ago. Why that is exact: a slot is
// reusable only once Period has passed since its last use, so within any interval shorter than
// Period each slot admits at most once; Limit+1 admissions within one Period would need Limit+1
// slots, and there are Limit. The conditional write is atomic, so two callers can never both
// claim one slot.
//
// The window never reads: it picks a slot from what this instance last saw of the item (every
// answer, claimed or refused, returns the whole item), and a claim refused because another caller
// used the slot returns the item as it stands, to pick again. A slot's time only moves forward,
// so a slot this instance saw live is live: when every slot it saw is live, it denies without a
// request.
//
// Requests per call: 1 UpdateItem when the instance's view is current (and 0 when it shows the
// window full); one more per slot lost to another caller since.
type Window struct {
	db     api
	table  string
	Limit  int
	Period time.Duration

	mu   sync.Mutex
	seen map[string][]int64 // key → last use of each slot, unix ms (0: never seen used)
}

// NewWindow returns a window limiter over the table.
func NewWindow(client *ddb.Client, table string, limit int, period time.Duration) *Window {
	return &Window{db: client, table: table, Limit: limit, Period: period}
}

// Allow admits or denies one request for key at now.
func (w *Window) Allow(ctx context.Context, key string, now time.Time) (messaging.RateDecision, error) {
	if w.Limit <= 0 || w.Period <= 0 {
		return messaging.RateDecision{}, fmt.Errorf("ratelimit: window %s: limit and period must be positive", key)
	}
	nowMs, periodMs := now.UnixMilli(), w.Period.Milliseconds()
	// Each refused claim means another caller used a slot since this view, and at most Limit
	// can be used in a Period: Limit+1 claims settle any race.
	for range w.Limit + 1 {
		free, oldest := freeSlots(w.Limit, w.known(key), nowMs, periodMs)
		if len(free) == 0 {
			return windowDenied(w.Limit, oldest, nowMs, periodMs), nil
		}
		// Concurrent callers spread over the free slots instead of all racing for the first.
		slot := free[rand.IntN(len(free))]
		ok, item, err := w.claim(ctx, key, slot, nowMs, periodMs)
		if err != nil {
			return messaging.RateDecision{}, fmt.Errorf("ratelimit: window %s: %w", key, err)
		}
		used := w.learn(key, item)
		if ok {
			free, oldest := freeSlots(w.Limit, used, nowMs, periodMs)
			return windowAllowed(w.Limit, len(free), oldest, nowMs, periodMs), nil
		}
	}
	return messaging.RateDecision{Limit: w.Limit, Reset: now.Add(contendedRetry), RetryAfter: contendedRetry}, nil
}

// known returns what this instance last saw of key's slots.
func (w *Window) known(key string) map[int]int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	used := make(map[int]int64, w.Limit)
	for i, ms := range w.seen[key] {
		if ms != 0 {
			used[i] = ms
		}
	}
	return used
}

// learn merges an answer's item into what this instance knows of key (each slot keeps its
// latest use) and returns the merged view.
func (w *Window) learn(key string, item map[string]ddb.AttributeValue) map[int]int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.seen == nil || len(w.seen) >= maxKnownWindows {
		w.seen = map[string][]int64{}
	}
	s := w.seen[key]
	if len(s) != w.Limit {
		s = make([]int64, w.Limit)
		w.seen[key] = s
	}
	for name, av := range item {
		i, ok := parseSlotSK(name)
		n, isN := av.(*ddb.AttributeValueMemberN)
		if !ok || !isN || i >= w.Limit {
			continue
		}
		if ms, err := strconv.ParseInt(n.Value, 10, 64); err == nil && ms > s[i] {
			s[i] = ms
		}
	}
	used := make(map[int]int64, w.Limit)
	for i, ms := range s {
		if ms != 0 {
			used[i] = ms
		}
	}
	return used
}

// claim takes a slot if it is still free, and returns the item after the claim, or as it stood
// when another caller had the slot.
func (w *Window) claim(ctx context.Context, key string, slot int, nowMs, periodMs int64) (bool, map[string]ddb.AttributeValue, error) {
	n := func(v int64) ddb.AttributeValue {
		return &ddb.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
	}
	token := ddb.AttributeValue(&ddb.AttributeValueMemberS{Value: strconv.FormatUint(rand.Uint64(), 36)})
	res, err := w.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName: aws.String(w.table),
		Key: map[string]ddb.AttributeValue{
			"PK": &ddb.AttributeValueMemberS{Value: key},
			"SK": &ddb.AttributeValueMemberS{Value: windowSK},
		},
		// The claim's token marks the slot as this claim's: if the SDK retries a claim whose
		// answer was lost after it succeeded, the retry's refusal shows the token, and the
		// claim counts once instead of taking a second slot.
		UpdateExpression:         aws.String("SET #slot = :now, #claim = :token, expires_at = :exp"),
		ConditionExpression:      aws.String("attribute_not_exists(#slot) OR #slot <= :cutoff"),
		ExpressionAttributeNames: map[string]string{"#slot": slotSK(slot, w.Limit), "#claim": claimName(slot, w.Limit)},
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":now": n(nowMs), ":cutoff": n(nowMs - periodMs), ":exp": n((nowMs + 2*periodMs) / 1000), ":token": token,
		},
		ReturnValues:                        ddb.ReturnValueAllNew,
		ReturnValuesOnConditionCheckFailure: ddb.ReturnValuesOnConditionCheckFailureAllOld,
	})
	var ccf *ddb.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		mine, _ := ccf.Item[claimName(slot, w.Limit)].(*ddb.AttributeValueMemberS)
		return mine != nil && mine.Value == token.(*ddb.AttributeValueMemberS).Value, ccf.Item, nil
	}
	if err != nil {
		return false, nil, fmt.Errorf("claim slot %d: %w", slot, err)
	}
	return true, res.Attributes, nil
}
