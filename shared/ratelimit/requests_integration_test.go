//go:build integration

package ratelimit

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/proplink/chat/shared/ddb"
)

// countingDB is the limiters' DynamoDB client, counting the requests they make (of every kind
// they have ever made: reads too).
type countingDB struct {
	client *ddb.Client
	mu     sync.Mutex
	ops    map[string]int
}

func (c *countingDB) count(op string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ops == nil {
		c.ops = map[string]int{}
	}
	c.ops[op]++
}

func (c *countingDB) UpdateItem(ctx context.Context, in *ddb.UpdateItemInput, opts ...func(*ddb.Options)) (*ddb.UpdateItemOutput, error) {
	c.count("UpdateItem")
	return c.client.UpdateItem(ctx, in, opts...)
}

func (c *countingDB) Query(ctx context.Context, in *ddb.QueryInput, opts ...func(*ddb.Options)) (*ddb.QueryOutput, error) {
	c.count("Query")
	return c.client.Query(ctx, in, opts...)
}

// total returns the requests made since the last call, and forgets them.
func (c *countingDB) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.ops {
		n += v
	}
	c.ops = nil
	return n
}

func TestWindowRequests(t *testing.T) {
	client, table := newTable(t)
	db := &countingDB{client: client}
	w := &Window{db: db, table: table, Limit: 20, Period: time.Minute}
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	key := "ORG#o1#RL#SEND#u-requests"
	for i := range 20 {
		d, err := w.Allow(ctx, key, t0.Add(time.Duration(i)*time.Second))
		if err != nil || !d.Allowed {
			t.Fatalf("admission %d: %+v, %v", i, d, err)
		}
		if got := db.total(); got != 1 {
			t.Errorf("admission %d made %d requests, want 1 (one UpdateItem, no read)", i, got)
		}
	}
	d, err := w.Allow(ctx, key, t0.Add(30*time.Second))
	if err != nil || d.Allowed || d.RetryAfter != 30*time.Second {
		t.Fatalf("21st: %+v, %v; want denied with RetryAfter 30s", d, err)
	}
	if got := db.total(); got != 0 {
		t.Errorf("denial of a full window this instance saw made %d requests, want 0", got)
	}
	// Another instance, which has never seen the window, learns it from its first refused claim.
	other := &Window{db: db, table: table, Limit: 20, Period: time.Minute}
	d, err = other.Allow(ctx, key, t0.Add(31*time.Second))
	if err != nil || d.Allowed || d.RetryAfter != 29*time.Second {
		t.Fatalf("other instance: %+v, %v; want denied with RetryAfter 29s", d, err)
	}
	if got := db.total(); got != 1 {
		t.Errorf("other instance's denial made %d requests, want 1 (the refused claim returns the item)", got)
	}
}

func TestPacerRequests(t *testing.T) {
	client, table := newTable(t)
	db := &countingDB{client: client}
	// The number pacer's shape: a burst of 4 every 100 ms apart.
	p := &Pacer{db: db, table: table, Interval: 100 * time.Millisecond, Burst: 4}
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	key := "ORG#o1#PACE#NUM#requests"
	steps := []struct {
		name     string
		at       time.Duration
		allowed  bool
		requests int
	}{
		{"idle key", 0, true, 1},
		{"inside the burst", 0, true, 1},
		{"inside the burst again", 10 * time.Millisecond, true, 1},
		{"last of the burst", 10 * time.Millisecond, true, 1},
		{"burst used: denied from what it saw", 20 * time.Millisecond, false, 0},
		{"room again", 120 * time.Millisecond, true, 1},
		{"idle again", 5 * time.Second, true, 1},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			d, err := p.Reserve(ctx, key, t0.Add(st.at))
			if err != nil || d.Allowed != st.allowed {
				t.Fatalf("Reserve: %+v, %v; want allowed %v", d, err, st.allowed)
			}
			if got := db.total(); got != st.requests {
				t.Errorf("requests = %d, want %d", got, st.requests)
			}
		})
	}
	// Another instance's stale view costs one more request, never a wrong answer.
	other := &Pacer{db: db, table: table, Interval: 100 * time.Millisecond, Burst: 4}
	if d, err := other.Reserve(ctx, key, t0.Add(5*time.Second)); err != nil || !d.Allowed {
		t.Fatalf("other instance: %+v, %v; want allowed (inside the burst)", d, err)
	}
	if got := db.total(); got != 2 {
		t.Errorf("other instance's first reservation made %d requests, want 2 (idle guess refused, then the burst update)", got)
	}
}

// lostAnswerDB answers every UpdateItem as the SDK does when a request's answer is lost after it
// succeeded and the retry is refused: the write happens, then the same write is sent again.
type lostAnswerDB struct{ countingDB }

func (l *lostAnswerDB) UpdateItem(ctx context.Context, in *ddb.UpdateItemInput, opts ...func(*ddb.Options)) (*ddb.UpdateItemOutput, error) {
	if _, err := l.countingDB.UpdateItem(ctx, in, opts...); err != nil {
		return nil, err
	}
	return l.countingDB.UpdateItem(ctx, in, opts...)
}

// A claim whose answer was lost and whose retry was refused counts once: twenty admissions fill
// a limit of twenty, no fewer.
func TestWindowClaimRetriedAfterALostAnswerCountsOnce(t *testing.T) {
	client, table := newTable(t)
	w := &Window{db: &lostAnswerDB{countingDB{client: client}}, table: table, Limit: 20, Period: time.Minute}
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	key := "ORG#o1#RL#SEND#u-lost-answers"
	for i := range 20 {
		d, err := w.Allow(context.Background(), key, t0.Add(time.Duration(i)*time.Second))
		if err != nil || !d.Allowed || d.Remaining != 19-i {
			t.Fatalf("admission %d: %+v, %v; want allowed with %d remaining", i, d, err, 19-i)
		}
	}
	if d, err := w.Allow(context.Background(), key, t0.Add(30*time.Second)); err != nil || d.Allowed {
		t.Fatalf("21st: %+v, %v; want denied", d, err)
	}
}
