//go:build integration

package dynamo

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/reminders"
)

// pagingAPI counts the store's Queries and caps every page at limit items, so a handful of
// appointments spans several pages.
type pagingAPI struct {
	api
	limit   int32
	queries atomic.Int64
}

func (p *pagingAPI) Query(ctx context.Context, in *ddb.QueryInput, opts ...func(*ddb.Options)) (*ddb.QueryOutput, error) {
	p.queries.Add(1)
	in.Limit = aws.Int32(p.limit)
	return p.api.Query(ctx, in, opts...)
}

// indexed returns the (org, job) of every appointment of date, across all shards.
func indexed(t *testing.T, s *Store, date string) []string {
	t.Helper()
	var out []string
	for shard := range reminders.IndexShards {
		appts, err := s.DueAppointments(context.Background(), date, shard)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range appts {
			if got := reminders.Shard(a.OrgID, a.JobID); got != shard {
				t.Errorf("job %d of %s found in shard %d, belongs in %d", a.JobID, a.OrgID, shard, got)
			}
			out = append(out, fmt.Sprintf("%s/%d %s %s", a.OrgID, a.JobID, a.TimeWindow, a.TenantPhone))
		}
	}
	sort.Strings(out)
	return out
}

func TestPutJobAppointmentIndex(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	job := messaging.Job{OrgID: "o1", ID: 7, TenantPhone: "+447700900001", TenantFirstName: "Ann",
		AppointmentDate: "2026-03-29", TimeWindow: "08:00-12:00"}
	steps := []struct {
		name   string
		change func(j *messaging.Job)
		want   map[string][]string // date -> indexed appointments
	}{
		{"new appointment is indexed", func(j *messaging.Job) {},
			map[string][]string{"2026-03-29": {"o1/7 08:00-12:00 +447700900001"}, "2026-03-30": nil}},
		{"re-push keeps one entry", func(j *messaging.Job) {},
			map[string][]string{"2026-03-29": {"o1/7 08:00-12:00 +447700900001"}}},
		{"changed window is re-indexed in place", func(j *messaging.Job) { j.TimeWindow = "13:00-17:00" },
			map[string][]string{"2026-03-29": {"o1/7 13:00-17:00 +447700900001"}}},
		{"moved date moves the entry", func(j *messaging.Job) { j.AppointmentDate = "2026-03-30" },
			map[string][]string{"2026-03-29": nil, "2026-03-30": {"o1/7 13:00-17:00 +447700900001"}}},
		{"cancelled appointment leaves the index", func(j *messaging.Job) { j.AppointmentState = "Cancelled" },
			map[string][]string{"2026-03-29": nil, "2026-03-30": nil}},
		{"rebooked appointment returns", func(j *messaging.Job) { j.AppointmentState = "booked" },
			map[string][]string{"2026-03-30": {"o1/7 13:00-17:00 +447700900001"}}},
		{"appointment removed leaves the index", func(j *messaging.Job) { j.AppointmentDate = "" },
			map[string][]string{"2026-03-30": nil}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.change(&job)
			if err := s.PutJob(ctx, job); err != nil {
				t.Fatal(err)
			}
			for date, want := range st.want {
				if diff := cmp.Diff(want, indexed(t, s, date)); diff != "" {
					t.Errorf("index of %s (-want +got):\n%s", date, diff)
				}
			}
			got, err := s.GetJob(ctx, job.OrgID, job.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(job, got); diff != "" {
				t.Errorf("GetJob (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDueAppointmentsFollowsPages(t *testing.T) {
	cfg := moto.Config()
	table := dynamotest.CreateTable(t, cfg)
	pa := &pagingAPI{api: ddb.NewFromConfig(cfg), limit: 2}
	s := newStore(pa, table)
	ctx := context.Background()
	var want []string
	for i := range 23 {
		org := fmt.Sprintf("org%d", i%3)
		j := messaging.Job{OrgID: org, ID: int64(100 + i), TenantPhone: fmt.Sprintf("+4477009%05d", i), AppointmentDate: "2026-10-25", TimeWindow: "08:00-12:00"}
		if err := s.PutJob(ctx, j); err != nil {
			t.Fatal(err)
		}
		want = append(want, fmt.Sprintf("%s/%d 08:00-12:00 %s", org, j.ID, j.TenantPhone))
	}
	// Another day and a token (also in GSI1) must not show up.
	if err := s.PutJob(ctx, messaging.Job{OrgID: "org0", ID: 999, AppointmentDate: "2026-10-26"}); err != nil {
		t.Fatal(err)
	}
	tok, err := NewToken("org0")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutToken(ctx, tok, messaging.APIToken{OrgID: "org0", UserID: "u1", CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	pa.queries.Store(0)
	sort.Strings(want)
	if diff := cmp.Diff(want, indexed(t, s, "2026-10-25")); diff != "" {
		t.Errorf("appointments (-want +got):\n%s", diff)
	}
	// With 2 items a page, 23 items in 4 shards need at least 23/2 pages; each page is one
	// Query (the store has no Scan in its client interface at all).
	if got := pa.queries.Load(); got < 12 {
		t.Errorf("queries: got %d, want at least 12 (one per page of 2)", got)
	}
}

func TestClaimReminderSingleWinner(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	a := reminders.Appointment{OrgID: "o1", JobID: 7, Date: "2026-11-25", TimeWindow: "08:00-12:00", TenantPhone: "+447700900001"}
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	var wins atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := s.ClaimReminder(ctx, a, a.ReminderKey(), now)
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if got := wins.Load(); got != 1 {
		t.Fatalf("winners: got %d, want 1", got)
	}
}

func TestClaimReminderLease(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	a := reminders.Appointment{OrgID: "o1", JobID: 8, Date: "2026-11-25", TimeWindow: "08:00-12:00", TenantPhone: "+447700900002"}
	key := a.ReminderKey()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	steps := []struct {
		name      string
		at        time.Time
		mark      reminders.Outcome // when set, mark instead of claim
		wantClaim bool
		wantState string
	}{
		{name: "first claim wins", at: t0, wantClaim: true, wantState: "pending"},
		{name: "live claim refuses", at: t0.Add(reminders.ClaimLease - time.Millisecond), wantState: "pending"},
		{name: "expired claim is taken over", at: t0.Add(reminders.ClaimLease), wantClaim: true, wantState: "pending"},
		{name: "the takeover's lease runs from its own claim", at: t0.Add(reminders.ClaimLease + time.Minute), wantState: "pending"},
		{name: "mark enqueued", at: t0.Add(3 * time.Minute), mark: reminders.OutcomeEnqueued, wantState: "enqueued"},
		{name: "marked claim refuses for good", at: t0.Add(time.Hour), wantState: "enqueued"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.mark != "" {
				if err := s.MarkReminder(ctx, a, key, st.mark, st.at); err != nil {
					t.Fatal(err)
				}
			} else {
				got, err := s.ClaimReminder(ctx, a, key, st.at)
				if err != nil {
					t.Fatal(err)
				}
				if got != st.wantClaim {
					t.Errorf("claim: got %v, want %v", got, st.wantClaim)
				}
			}
			state, err := reminderState(ctx, s, a.OrgID, key)
			if err != nil {
				t.Fatal(err)
			}
			if state != st.wantState {
				t.Errorf("state: got %q, want %q", state, st.wantState)
			}
		})
	}
	// Another organisation's identical-looking key is a different record.
	if state, err := reminderState(ctx, s, "o2", key); err != nil || state != "" {
		t.Errorf("other organisation: got %q, %v, want no record", state, err)
	}
}

// TestRemindersQuietHours reads each stored setting through the store into the reminders'
// quiet hours: the store returns what it holds and the domain decides the fallbacks.
func TestRemindersQuietHours(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	base := messaging.Settings{OrgID: "o1", Provider: messaging.ProviderMeta, APIURL: "https://graph.example", PhoneNumberID: "123", APITokenSet: true}
	quietTests := []struct {
		name    string
		setting *string
		want    reminders.QuietHours
	}{
		{"no settings", nil, reminders.DefaultQuietHours()},
		{"settings without quiet hours", aws.String(""), reminders.DefaultQuietHours()},
		{"none", aws.String("00:00-00:00"), reminders.QuietHours{}},
		{"custom", aws.String("22:30-07:15"), reminders.QuietHours{Start: 22*60 + 30, End: 7*60 + 15}},
		{"unreadable falls back", aws.String("late"), reminders.DefaultQuietHours()},
	}
	for _, tt := range quietTests {
		t.Run("quiet/"+tt.name, func(t *testing.T) {
			if tt.setting != nil {
				st := base
				st.QuietHours = *tt.setting
				if err := s.PutSettings(ctx, st); err != nil {
					t.Fatal(err)
				}
			}
			got, err := reminders.OrgQuietHours(ctx, s, "o1")
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// reminderState reads a reminder's claim state ("pending", "enqueued", "skipped"), or "" when
// it was never claimed.
func reminderState(ctx context.Context, s *Store, orgID, remKey string) (string, error) {
	var it struct {
		State string `dynamodbav:"rem_state"`
	}
	_, err := s.get(ctx, reminderKey(orgID, remKey), true, &it)
	return it.State, err
}
