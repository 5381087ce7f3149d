//go:build integration

package dynamo

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/reminders"
)

// unprocessingAPI counts BatchGetItems and, on every other one, holds back half the keys as
// unprocessed, as DynamoDB does under throttling or past 16 MB. It fails the test on a read
// that is not strongly consistent.
type unprocessingAPI struct {
	api
	t       *testing.T
	calls   atomic.Int64
	maxKeys atomic.Int64
}

func (u *unprocessingAPI) BatchGetItem(ctx context.Context, in *ddb.BatchGetItemInput, opts ...func(*ddb.Options)) (*ddb.BatchGetItemOutput, error) {
	n := u.calls.Add(1)
	held := map[string]ddb.KeysAndAttributes{}
	req := map[string]ddb.KeysAndAttributes{}
	for table, ka := range in.RequestItems {
		if ka.ConsistentRead == nil || !*ka.ConsistentRead {
			u.t.Errorf("BatchGetItem %d: not a consistent read", n)
		}
		if k := int64(len(ka.Keys)); k > u.maxKeys.Load() {
			u.maxKeys.Store(k)
		}
		keep := ka
		if n%2 == 1 && len(ka.Keys) > 1 {
			half := len(ka.Keys) / 2
			keep.Keys = ka.Keys[:half]
			rest := ka
			rest.Keys = ka.Keys[half:]
			held[table] = rest
		}
		req[table] = keep
	}
	out, err := u.api.BatchGetItem(ctx, &ddb.BatchGetItemInput{RequestItems: req}, opts...)
	if err != nil {
		return nil, err
	}
	out.UnprocessedKeys = held
	return out, nil
}

func TestRecheck(t *testing.T) {
	cfg := moto.Config()
	table := dynamotest.CreateTable(t, cfg)
	ua := &unprocessingAPI{api: ddb.NewFromConfig(cfg), t: t}
	s := newStore(ua, table)
	ctx := context.Background()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	shared := "+447700900999" // two jobs, one number: its suppression key is read once
	var as []reminders.Appointment
	want := []reminders.Current{}
	for i := range 45 { // 45 × 3 keys, less 1 shared and 1 absent phone: two requests of up to 100
		j := messaging.Job{OrgID: "o1", ID: int64(i + 1), TenantPhone: fmt.Sprintf("+4477009%05d", i), TenantFirstName: "Ann",
			AppointmentDate: "2026-11-25", TimeWindow: "08:00-12:00", TimeZone: messaging.DefaultTimeZone}
		switch i {
		case 1, 2:
			j.TenantPhone = shared
		case 3:
			j.TenantPhone = ""
		}
		if err := s.PutJob(ctx, j); err != nil {
			t.Fatal(err)
		}
		a, _ := reminders.FromJob(j)
		c := reminders.Current{Job: j}
		switch i % 5 {
		case 1: // opted out
			if err := s.SetOptOut(ctx, "o1", a.TenantPhone, true, now); err != nil {
				t.Fatal(err)
			}
			c.OptedOut = true
		case 2: // sent
			claim(t, s, a, now)
			if err := s.MarkReminder(ctx, a, a.ReminderKey(), reminders.OutcomeEnqueued, now); err != nil {
				t.Fatal(err)
			}
			c.Done = true
		case 3: // claimed, still pending: not done
			claim(t, s, a, now)
		case 4: // opted out, then back in
			if err := s.SetOptOut(ctx, "o1", a.TenantPhone, true, now); err != nil {
				t.Fatal(err)
			}
			if err := s.SetOptOut(ctx, "o1", a.TenantPhone, false, now); err != nil {
				t.Fatal(err)
			}
		}
		if i == 44 { // the job was deleted since the index was read: a zero Job
			a.JobID = 4444
			c.Job = messaging.Job{}
		}
		as = append(as, a)
		want = append(want, c)
	}
	// Job 2 shares job 3's number, whose opt-out (i=1 → job 2) was recorded: both read it.
	want[2].OptedOut = true
	ua.calls.Store(0)
	got, err := s.Recheck(ctx, as)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Recheck (-want +got):\n%s", diff)
	}
	// 133 distinct keys: 2 requests of at most 100, each retried once for its held-back half.
	if calls, most := ua.calls.Load(), ua.maxKeys.Load(); calls != 4 || most > 100 {
		t.Errorf("BatchGetItems = %d (largest %d keys), want 4 of at most 100", calls, most)
	}
	if got, err := s.Recheck(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("Recheck of none = %v, %v; want nothing", got, err)
	}
}

// claim claims a's reminder at now, failing the test unless it wins.
func claim(t *testing.T, s *Store, a reminders.Appointment, now time.Time) {
	t.Helper()
	if ok, err := s.ClaimReminder(context.Background(), a, a.ReminderKey(), now); err != nil || !ok {
		t.Fatalf("claim job %d: %v, %v", a.JobID, ok, err)
	}
}
