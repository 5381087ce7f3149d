package reminders

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"
)

// appts returns n appointments for tomorrow, jobs 1..n.
func appts(n int) []Appointment {
	var out []Appointment
	for id := int64(1); id <= int64(n); id++ {
		a := appt(id)
		a.TenantPhone = fmt.Sprintf("+4477009%05d", id)
		out = append(out, a)
	}
	return out
}

// settled is the sum of the outcomes a due appointment can have: it equals Due.
func settled(r Report) int {
	return r.Enqueued + r.AlreadySent + r.SkippedOptOut + r.SkippedNoPhone + r.Deferred + r.SkippedQuiet + r.Changed + r.Unfinished + r.Failed
}

// checkOnceEach fails unless every job in 1..n reached the sender exactly once.
func checkOnceEach(t *testing.T, r *rig, n int, except map[int64]bool) {
	t.Helper()
	for id := int64(1); id <= int64(n); id++ {
		want := 1
		if except[id] {
			want = 0
		}
		if got := len(r.outbox.sendsTo(id)); got != want {
			t.Errorf("job %d: reminders = %d, want %d", id, got, want)
		}
	}
}

func TestRunPool(t *testing.T) {
	const n = 230
	for _, workers := range []int{1, 3, 8, 64} {
		t.Run(strconv.Itoa(workers)+" workers", func(t *testing.T) {
			as := appts(n)
			as[9].TenantPhone = "" // job 10
			r := newRig(afternoon, as...)
			r.store.optedOut["org1#"+as[19].TenantPhone] = true // job 20
			r.svc.Workers = workers
			rep := mustRun(t, r)
			want := Report{Scanned: n, Due: n, Enqueued: n - 2, SkippedNoPhone: 1, SkippedOptOut: 1}
			if rep != want {
				t.Errorf("report = %+v, want %+v", rep, want)
			}
			checkOnceEach(t, r, n, map[int64]bool{10: true, 20: true})
			if got := len(r.notes.notes); got != 2 {
				t.Errorf("skip notes = %d, want 2", got)
			}
			total := 0
			for _, size := range r.store.rechecks {
				total += size
				if size > chunkSize {
					t.Errorf("a recheck of %d appointments, want at most %d", size, chunkSize)
				}
			}
			if total != n || len(r.store.rechecks) != (n+chunkSize-1)/chunkSize {
				t.Errorf("rechecks = %v, want %d appointments in %d chunks", r.store.rechecks, n, (n+chunkSize-1)/chunkSize)
			}
			for _, size := range r.outbox.batches {
				if size < 1 || size > MaxEnqueue {
					t.Errorf("an enqueue of %d messages, want 1 to %d", size, MaxEnqueue)
				}
			}
			// The next run finds every claim marked in its rechecks and writes nothing.
			r.clock.Set(afternoon.Add(15 * time.Minute))
			if rep := mustRun(t, r); rep != (Report{Scanned: n, Due: n, AlreadySent: n}) {
				t.Errorf("second run = %+v, want all %d AlreadySent", rep, n)
			}
		})
	}
}

func TestRunConcurrentPools(t *testing.T) {
	const n, runs = 300, 6
	r := newRig(afternoon, appts(n)...)
	r.svc.Workers = 5
	r.outbox.failsLeft = 7 // some entries of some batches fail, leaving pending claims
	var wg sync.WaitGroup
	reps := make([]Report, runs)
	for i := range reps {
		wg.Go(func() { reps[i], _ = r.svc.Run(context.Background()) })
	}
	wg.Wait()
	enq, failed := 0, 0
	for _, rep := range reps {
		if settled(rep) != rep.Due || rep.Due != n {
			t.Errorf("report %+v: outcomes do not add up to Due %d", rep, n)
		}
		enq += rep.Enqueued
		failed += rep.Failed
	}
	if enq+failed != n || failed != 7 {
		t.Errorf("Enqueued %d + Failed %d across runs, want %d with 7 failed", enq, failed, n)
	}
	// After the lease the next run sends the failed ones, and no one twice.
	r.clock.Set(afternoon.Add(15 * time.Minute))
	if rep := mustRun(t, r); rep.Enqueued != 7 || rep.AlreadySent != n-7 {
		t.Errorf("recovery run = %+v, want 7 enqueued", rep)
	}
	checkOnceEach(t, r, n, nil)
	if got := len(r.outbox.enqueued); got != n {
		t.Errorf("enqueues accepted = %d, want %d", got, n)
	}
}

func TestRunIsolatesFailures(t *testing.T) {
	const n = 100
	tests := []struct {
		name       string
		inject     func(r *rig)
		heal       func(r *rig)
		wantFailed int
	}{
		{"claim of one job fails", func(r *rig) { r.store.claimFails = map[int64]bool{42: true} }, func(r *rig) { r.store.claimFails = nil }, 1},
		{"enqueue of one job fails", func(r *rig) { r.outbox.failJobs = map[int64]bool{42: true} }, func(r *rig) { r.outbox.failJobs = nil }, 1},
		{"one chunk's recheck fails", func(r *rig) { r.store.recheckFails = 1 }, func(*rig) {}, chunkSize},
		{"one mark fails", func(r *rig) { r.store.markFails = 1 }, func(*rig) {}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(afternoon, appts(n)...)
			tt.inject(r)
			rep, err := r.svc.Run(context.Background())
			if !errors.Is(err, errInjected) || rep.Failed != tt.wantFailed || rep.Enqueued != n-tt.wantFailed {
				t.Fatalf("first run = %+v, %v; want %d failed, the other %d enqueued", rep, err, tt.wantFailed, n-tt.wantFailed)
			}
			tt.heal(r)
			r.clock.Set(afternoon.Add(15 * time.Minute))
			if rep := mustRun(t, r); rep.Enqueued+rep.AlreadySent != n || rep.Failed != 0 {
				t.Errorf("next run = %+v, want the rest sent", rep)
			}
			checkOnceEach(t, r, n, nil)
		})
	}
}

func TestRunDeadline(t *testing.T) {
	const n = 200
	t.Run("deadline within the margin: no work taken", func(t *testing.T) {
		r := newRig(afternoon, appts(n)...)
		r.svc.Margin = time.Minute
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		rep, err := r.svc.Run(ctx)
		if err != nil || rep != (Report{Stopped: true}) {
			t.Errorf("got %+v, %v; want only Stopped", rep, err)
		}
		if got := len(r.outbox.enqueued); got != 0 {
			t.Errorf("enqueued = %d, want 0", got)
		}
	})
	t.Run("cut short mid-run: the next run completes the rest", func(t *testing.T) {
		r := newRig(afternoon, appts(n)...)
		r.svc.Workers = 2
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		r.outbox.after = cancel // the Lambda's time runs out during the first enqueue
		rep, err := r.svc.Run(ctx)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		if !rep.Stopped || rep.Enqueued == 0 || rep.Enqueued >= n || rep.Failed != 0 || settled(rep) != rep.Due {
			t.Fatalf("cut run = %+v, want Stopped, some enqueued, the rest unfinished or unread, none failed", rep)
		}
		first := rep.Enqueued
		r.outbox.after = nil
		r.clock.Set(afternoon.Add(15 * time.Minute))
		rep = mustRun(t, r)
		if rep.Stopped || rep.Enqueued != n-first || rep.AlreadySent != first {
			t.Errorf("next run = %+v, want %d enqueued and %d already sent", rep, n-first, first)
		}
		checkOnceEach(t, r, n, nil)
	})
}

func TestRunChangedSinceIndexed(t *testing.T) {
	tests := []struct {
		name string
		now  func(a Appointment) Appointment // the job as it is now; zero when deleted
	}{
		{"window moved", func(a Appointment) Appointment { a.TimeWindow = "13:00-17:00"; return a }},
		{"number changed", func(a Appointment) Appointment { a.TenantPhone = "+447700900999"; return a }},
		{"cancelled", func(a Appointment) Appointment { a.Cancelled = true; return a }},
		{"moved to another day", func(a Appointment) Appointment { a.Date = "2026-06-20"; return a }},
		{"deleted", func(Appointment) Appointment { return Appointment{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := appt(1050)
			r := newRig(afternoon)
			r.store.appts["org1#1050"] = tt.now(old)
			r.store.lagging = map[string]Appointment{"org1#1050": old}
			if rep := mustRun(t, r); rep != (Report{Scanned: 1, Due: 1, Changed: 1}) {
				t.Errorf("report = %+v, want one Changed", rep)
			}
			if len(r.outbox.enqueued) != 0 || len(r.store.claims) != 0 || len(r.notes.notes) != 0 {
				t.Errorf("enqueued %d, claims %d, notes %d; want nothing for the old slot", len(r.outbox.enqueued), len(r.store.claims), len(r.notes.notes))
			}
		})
	}
}
