package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/messaging"
)

// pacerSK is the sort key of a pacer's one item.
const pacerSK = "PACER"

// Pacer spaces admissions per key by Interval, allowing a burst of Burst, with the generic cell
// rate algorithm on one item holding the theoretical arrival time (tat). It never reads: each
// step is a conditional update, and a failed condition returns the tat it saw.
//
// Which update to try first (an idle key's, or one inside the burst allowance) comes from the
// tat this instance last saw for the key. A tat only moves forward, so a tat seen too far ahead
// is still too far ahead: the pacer then denies without a request.
//
// Requests per call: 1 UpdateItem when the instance's view of the key is current (or the key is
// new to it and idle); 0 when it saw the tat too far ahead; one more when its view was stale.
type Pacer struct {
	db       api
	table    string
	Interval time.Duration
	Burst    int

	mu   sync.Mutex
	seen map[string]int64 // key → the tat last seen, unix ms
}

// maxKnownPacers bounds the keys a pacer remembers; a full memory starts again.
const maxKnownPacers = 10_000

// NewPacer returns a pacer over the table.
func NewPacer(client *ddb.Client, table string, interval time.Duration, burst int) *Pacer {
	return &Pacer{db: client, table: table, Interval: interval, Burst: burst}
}

// Reserve admits or denies one request for key at now, on the key's own item (which expires a
// minute after its tat).
func (p *Pacer) Reserve(ctx context.Context, key string, now time.Time) (messaging.RateDecision, error) {
	exp := (now.UnixMilli()+int64(p.Burst)*p.Interval.Milliseconds())/1000 + 60
	return p.ReserveOn(ctx, key, Carrier{
		Key: map[string]ddb.AttributeValue{
			"PK": &ddb.AttributeValueMemberS{Value: key}, "SK": &ddb.AttributeValueMemberS{Value: pacerSK},
		},
		Attr:   "tat",
		Set:    "expires_at = :exp",
		Values: map[string]ddb.AttributeValue{":exp": &ddb.AttributeValueMemberN{Value: strconv.FormatInt(exp, 10)}},
	}, now)
}

// Carrier is an item that keeps a pacer's tat beside data of its own (no expiry): an admitted
// reservation also applies Set, its extra SET clauses, in the same conditional write, and a
// denied one changes nothing.
type Carrier struct {
	Key  map[string]ddb.AttributeValue
	Attr string // the tat's attribute
	// Set is extra SET clauses ("" for none) with their placeholders, which must not be #tat,
	// :newtat, :i, :now or :maxtat.
	Set    string
	Names  map[string]string
	Values map[string]ddb.AttributeValue
}

// ReserveOn admits or denies one request for key at now, with the tat kept on c's item.
func (p *Pacer) ReserveOn(ctx context.Context, key string, c Carrier, now time.Time) (messaging.RateDecision, error) {
	if p.Interval <= 0 || p.Burst <= 0 {
		return messaging.RateDecision{}, fmt.Errorf("ratelimit: pacer %s: interval and burst must be positive", key)
	}
	nowMs, iMs := now.UnixMilli(), p.Interval.Milliseconds()
	maxTat := nowMs + int64(p.Burst-1)*iMs
	tat, known := p.known(key)
	// An idle key is the first guess for a key this instance has not seen; each refused update
	// returns the tat as it stands, so the third attempt settles any race the second lost.
	for range 3 {
		if known && !gcraBurstRoom(tat, nowMs, iMs, p.Burst) {
			return gcraDenied(tat, nowMs, iMs, p.Burst), nil
		}
		var ok bool
		var err error
		if !known || tat <= nowMs {
			// The idle key: the tat is absent or in the past.
			ok, tat, err = p.update(ctx, c, "#tat = :newtat", "attribute_not_exists(#tat) OR #tat <= :now",
				map[string]int64{":newtat": nowMs + iMs, ":now": nowMs})
		} else {
			// The tat is ahead of now but within the burst allowance.
			ok, tat, err = p.update(ctx, c, "#tat = #tat + :i", "#tat > :now AND #tat <= :maxtat",
				map[string]int64{":i": iMs, ":now": nowMs, ":maxtat": maxTat})
		}
		if err != nil {
			return messaging.RateDecision{}, fmt.Errorf("ratelimit: pacer %s: %w", key, err)
		}
		p.learn(key, tat)
		known = true
		if ok {
			return gcraAllowed(tat, nowMs, iMs, p.Burst), nil
		}
	}
	return gcraDenied(tat, nowMs, iMs, p.Burst), nil
}

// known returns the tat this instance last saw for key.
func (p *Pacer) known(key string) (int64, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	tat, ok := p.seen[key]
	return tat, ok
}

// learn keeps the latest tat seen for key.
func (p *Pacer) learn(key string, tat int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen == nil || len(p.seen) >= maxKnownPacers {
		p.seen = map[string]int64{}
	}
	if tat > p.seen[key] {
		p.seen[key] = tat
	}
}

// update runs one conditional update of c's item (the tat's step, then c's own clauses) and
// returns the tat after it (when the condition held) or before it (when it failed; 0 when the
// item or its tat was absent).
func (p *Pacer) update(ctx context.Context, c Carrier, step, cond string, vals map[string]int64) (bool, int64, error) {
	names := map[string]string{"#tat": c.Attr}
	for k, v := range c.Names {
		names[k] = v
	}
	av := make(map[string]ddb.AttributeValue, len(vals)+len(c.Values))
	for k, v := range c.Values {
		av[k] = v
	}
	for k, v := range vals {
		av[k] = &ddb.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
	}
	expr := "SET " + step
	if c.Set != "" {
		expr += ", " + c.Set
	}
	res, err := p.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName:                           aws.String(p.table),
		Key:                                 c.Key,
		UpdateExpression:                    aws.String(expr),
		ConditionExpression:                 aws.String(cond),
		ExpressionAttributeNames:            names,
		ExpressionAttributeValues:           av,
		ReturnValues:                        ddb.ReturnValueUpdatedNew,
		ReturnValuesOnConditionCheckFailure: ddb.ReturnValuesOnConditionCheckFailureAllOld,
	})
	var ccf *ddb.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		if _, ok := ccf.Item[c.Attr]; !ok {
			return false, 0, nil // no item (gone with its TTL) or no tat on it: the key is idle
		}
		tat, err := tatOf(ccf.Item, c.Attr)
		return false, tat, err
	}
	if err != nil {
		return false, 0, err
	}
	tat, err := tatOf(res.Attributes, c.Attr)
	return true, tat, err
}

func tatOf(item map[string]ddb.AttributeValue, attr string) (int64, error) {
	n, ok := item[attr].(*ddb.AttributeValueMemberN)
	if !ok {
		return 0, errors.New("tat missing from the answer")
	}
	return strconv.ParseInt(n.Value, 10, 64)
}
