//go:build integration

package idempotency

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
)

func newStore(t *testing.T) *Store {
	t.Helper()
	cfg := motoserver.MustStart(t).Config()
	return New(ddb.NewFromConfig(cfg), dynamotest.CreateTable(t, cfg), 24*time.Hour, 30*time.Second)
}

func TestIdempotency(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	key := "ORG#o1#IDEM#u1#abc"

	t.Run("concurrent claims: exactly one wins", func(t *testing.T) {
		counts := map[State]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range 32 {
			wg.Go(func() {
				out, err := s.Claim(ctx, key, "fp1", t0)
				if err != nil {
					t.Errorf("Claim: %v", err)
					return
				}
				mu.Lock()
				counts[out.State]++
				mu.Unlock()
			})
		}
		wg.Wait()
		if diff := cmp.Diff(map[State]int{Claimed: 1, InProgress: 31}, counts); diff != "" {
			t.Errorf("states (-want +got):\n%s", diff)
		}
	})
	t.Run("completed answer replays", func(t *testing.T) {
		done := Outcome{StatusCode: 201, Headers: map[string]string{"Content-Type": "application/json"}, Body: []byte(`{"success":true}`)}
		if err := s.Complete(ctx, key, done); err != nil {
			t.Fatalf("Complete: %v", err)
		}
		got, err := s.Claim(ctx, key, "fp1", t0.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		done.State = Replay
		if diff := cmp.Diff(done, got); diff != "" {
			t.Errorf("replay (-want +got):\n%s", diff)
		}
	})
	t.Run("other request under the key is a mismatch", func(t *testing.T) {
		got, err := s.Claim(ctx, key, "fp2", t0.Add(time.Minute))
		if err != nil || got.State != Mismatch {
			t.Errorf("got %v, %v; want mismatch", got.State, err)
		}
	})
	t.Run("release keeps a completed record", func(t *testing.T) {
		if err := s.Release(ctx, key); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Claim(ctx, key, "fp1", t0.Add(time.Minute)); got.State != Replay {
			t.Errorf("after release of completed: %v, want replay", got.State)
		}
	})
	t.Run("expired record is claimed anew", func(t *testing.T) {
		if got, err := s.Claim(ctx, key, "fp2", t0.Add(25*time.Hour)); err != nil || got.State != Claimed {
			t.Errorf("got %v, %v; want claimed", got.State, err)
		}
	})
}

func TestStaleLeaseAndRelease(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	key := "ORG#o1#IDEM#u1#stale"
	steps := []struct {
		name string
		fp   string
		at   time.Duration
		want State
	}{
		{"first claim", "fp1", 0, Claimed},
		{"inside the lease", "fp1", 29 * time.Second, InProgress},
		{"other request after the lease", "fp2", 31 * time.Second, Mismatch},
		{"same request after the lease takes over", "fp1", 31 * time.Second, Claimed},
		{"the taker holds a fresh lease", "fp1", 40 * time.Second, InProgress},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			got, err := s.Claim(ctx, key, st.fp, t0.Add(st.at))
			if err != nil || got.State != st.want {
				t.Errorf("got %v, %v; want %v", got.State, err, st.want)
			}
		})
	}
	t.Run("released claim lets a retry proceed", func(t *testing.T) {
		if err := s.Release(ctx, key); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Claim(ctx, key, "fp2", t0.Add(41*time.Second)); err != nil || got.State != Claimed {
			t.Errorf("got %v, %v; want claimed", got.State, err)
		}
	})
}

// lostAnswer answers every PutItem as the SDK does when a request's answer is lost after it
// succeeded and the retry is sent: the write happens, then the same write is sent again.
type lostAnswer struct{ api }

func (l lostAnswer) PutItem(ctx context.Context, in *ddb.PutItemInput, opts ...func(*ddb.Options)) (*ddb.PutItemOutput, error) {
	if _, err := l.api.PutItem(ctx, in, opts...); err != nil {
		return nil, err
	}
	return l.api.PutItem(ctx, in, opts...)
}

// A claim whose answer was lost and whose retry was refused is claimed, not "in progress" (which
// would answer the caller 409 for a request nobody is serving); another caller's claim of the
// same request while it runs is still in progress.
func TestClaimRetriedAfterALostAnswerIsClaimed(t *testing.T) {
	s := newStore(t)
	s.db = lostAnswer{s.db}
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	key := "ORG#o1#IDEM#u1#lost"
	if out, err := s.Claim(ctx, key, "fp1", t0); err != nil || out.State != Claimed {
		t.Fatalf("claim: %v, %v; want claimed", out.State, err)
	}
	if out, err := s.Claim(ctx, key, "fp1", t0.Add(time.Second)); err != nil || out.State != InProgress {
		t.Fatalf("the same request again while the first runs: %v, %v; want in progress", out.State, err)
	}
}
