package reminders

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/messaging"
)

// afternoon is 15:00 BST on the day before appt's date.
var afternoon = time.Date(2026, 6, 10, 14, 0, 0, 0, time.UTC)

func appt(jobID int64) Appointment {
	return Appointment{OrgID: "org1", JobID: jobID, Date: "2026-06-11", TimeWindow: "08:00-12:00", TimeZone: "Europe/London", TenantPhone: "+447700900123", TenantFirstName: "Sam"}
}

func mustRun(t *testing.T, r *rig) Report {
	t.Helper()
	rep, err := r.svc.Run(context.Background())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rep
}

func TestRunEnqueuesTheReminder(t *testing.T) {
	r := newRig(afternoon, appt(1050))
	rep := mustRun(t, r)
	if want := (Report{Scanned: 1, Due: 1, Enqueued: 1}); rep != want {
		t.Errorf("report = %+v, want %+v", rep, want)
	}
	key := appt(1050).ReminderKey()
	want := messaging.OutboundMessage{
		ID: MessageID(key), OrgID: "org1", JobID: 1050, Recipient: "+447700900123", TemplateID: 3,
		TemplateName: "appointment_reminder", Language: "en_GB",
		Rendered:   messaging.Rendered{Text: "Hi Sam, see you Thursday 11 June 2026 08:00-12:00"},
		SentByName: "PropLink reminders", CreatedAt: afternoon, Reason: "reminder", ReminderKey: key,
	}
	if diff := cmp.Diff([]messaging.OutboundMessage{want}, r.outbox.enqueued); diff != "" {
		t.Errorf("enqueued (-want +got):\n%s", diff)
	}
	if got := r.store.claims[key].outcome; got != OutcomeEnqueued {
		t.Errorf("claim outcome = %q, want %q", got, OutcomeEnqueued)
	}

	r.clock.Set(afternoon.Add(15 * time.Minute))
	rep = mustRun(t, r)
	if want := (Report{Scanned: 1, Due: 1, AlreadySent: 1}); rep != want {
		t.Errorf("second run report = %+v, want %+v", rep, want)
	}
	if got := len(r.outbox.enqueued); got != 1 {
		t.Errorf("enqueues after two runs = %d, want 1", got)
	}
}

func TestRunChangesAndCancellations(t *testing.T) {
	tests := []struct {
		name      string
		change    func(a Appointment) Appointment
		wantSends int
		wantRep   Report
	}{
		{"unchanged re-push: no new reminder", func(a Appointment) Appointment { return a }, 1, Report{Scanned: 1, Due: 1, AlreadySent: 1}},
		{"window changed: reminded for the new slot", func(a Appointment) Appointment { a.TimeWindow = "13:00-17:00"; return a }, 2, Report{Scanned: 1, Due: 1, Enqueued: 1}},
		{"phone changed: reminded on the new number", func(a Appointment) Appointment { a.TenantPhone = "+447700900456"; return a }, 2, Report{Scanned: 1, Due: 1, Enqueued: 1}},
		{"moved to the day after: not due now", func(a Appointment) Appointment { a.Date = "2026-06-12"; return a }, 1, Report{Scanned: 1}},
		{"cancelled: no send", func(a Appointment) Appointment { a.Cancelled = true; return a }, 1, Report{Scanned: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(afternoon, appt(1050))
			mustRun(t, r)
			r.store.put(tt.change(appt(1050)))
			r.clock.Set(afternoon.Add(15 * time.Minute))
			if rep := mustRun(t, r); rep != tt.wantRep {
				t.Errorf("report after change = %+v, want %+v", rep, tt.wantRep)
			}
			if got := len(r.outbox.sendsTo(1050)); got != tt.wantSends {
				t.Errorf("reminders sent = %d, want %d", got, tt.wantSends)
			}
		})
	}
	t.Run("cancelled before its day: never sent", func(t *testing.T) {
		a := appt(1050)
		a.Cancelled = true
		r := newRig(afternoon, a)
		if rep := mustRun(t, r); rep != (Report{Scanned: 1}) {
			t.Errorf("report = %+v, want only Scanned 1", rep)
		}
		if got := len(r.outbox.enqueued); got != 0 {
			t.Errorf("enqueued = %d, want 0", got)
		}
	})
	t.Run("moved to tomorrow after a reminder for another day", func(t *testing.T) {
		a := appt(1050)
		a.Date = "2026-06-09"
		r := newRig(afternoon.AddDate(0, 0, -2), a)
		mustRun(t, r)
		r.store.put(appt(1050))
		r.clock.Set(afternoon)
		mustRun(t, r)
		got := r.outbox.sendsTo(1050)
		if len(got) != 2 {
			t.Fatalf("reminders sent = %d, want 2 (one per slot)", len(got))
		}
	})
}

func TestRunSkips(t *testing.T) {
	tests := []struct {
		name     string
		appt     Appointment
		optedOut bool
		now      time.Time
		wantRep  Report
		wantWhy  string
	}{
		{"opted out", appt(1050), true, afternoon, Report{Scanned: 1, Due: 1, SkippedOptOut: 1}, "opted out"},
		{"no tenant phone", func() Appointment { a := appt(1050); a.TenantPhone = ""; return a }(), false, afternoon, Report{Scanned: 1, Due: 1, SkippedNoPhone: 1}, "no tenant phone"},
		{"booked at 22:00 for tomorrow", appt(1050), false, time.Date(2026, 6, 10, 21, 0, 0, 0, time.UTC), Report{Scanned: 1, Due: 1, SkippedQuiet: 1}, "quiet hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(tt.now, tt.appt)
			r.store.optedOut["org1#+447700900123"] = tt.optedOut
			if rep := mustRun(t, r); rep != tt.wantRep {
				t.Errorf("report = %+v, want %+v", rep, tt.wantRep)
			}
			if got := len(r.outbox.enqueued); got != 0 {
				t.Errorf("enqueued = %d, want 0", got)
			}
			note, ok := r.notes.notes[SkipNoteID(tt.appt.ReminderKey())]
			if !ok {
				t.Fatalf("no case note; notes = %v", r.notes.notes)
			}
			if note.Kind != messaging.NoteReminderSkipped || note.JobID != 1050 || note.OrgID != "org1" {
				t.Errorf("note = %+v, want a reminder_skipped note on org1 job 1050", note)
			}
			if !strings.Contains(note.Text, tt.wantWhy) || !strings.Contains(note.Text, "2026-06-11") {
				t.Errorf("note text = %q, want it to name %q and the date", note.Text, tt.wantWhy)
			}
			// Later runs the same day neither note nor send again.
			r.clock.Set(tt.now.Add(15 * time.Minute))
			rep := mustRun(t, r)
			if rep.AlreadySent+rep.Deferred != 1 || r.notes.calls != 1 {
				t.Errorf("second run report = %+v, note calls = %d; want the skip remembered and one note", rep, r.notes.calls)
			}
		})
	}
}

func TestRunQuietHoursDefer(t *testing.T) {
	midnight := time.Date(2026, 6, 9, 23, 0, 0, 0, time.UTC) // 00:00 BST on the day before
	r := newRig(midnight, appt(1050))
	r.store.put(func() Appointment { a := appt(1051); a.OrgID = "org2"; return a }())
	r.store.quiet["org2"] = QuietHours{Start: 22 * 60, End: 9 * 60}
	var firstAt = map[string]time.Time{}
	for now := midnight; now.Before(midnight.Add(12 * time.Hour)); now = now.Add(15 * time.Minute) {
		r.clock.Set(now)
		mustRun(t, r)
		for id, at := range r.outbox.sentAt {
			firstAt[id] = at
		}
	}
	want := map[int64]time.Time{
		1050: time.Date(2026, 6, 10, 7, 0, 0, 0, time.UTC), // 08:00 BST
		1051: time.Date(2026, 6, 10, 8, 0, 0, 0, time.UTC), // org2's 09:00 BST
	}
	for job, at := range want {
		sends := r.outbox.sendsTo(job)
		if len(sends) != 1 {
			t.Fatalf("job %d: reminders = %d, want 1", job, len(sends))
		}
		if got := firstAt[sends[0].ID]; !got.Equal(at) {
			t.Errorf("job %d: sent at %s, want %s", job, got, at)
		}
	}
}

func TestRunConcurrent(t *testing.T) {
	var appts []Appointment
	for id := int64(1); id <= 200; id++ {
		appts = append(appts, appt(id))
	}
	r := newRig(afternoon, appts...)
	var wg sync.WaitGroup
	reps := make([]Report, 4)
	for i := range reps {
		wg.Go(func() {
			rep, err := r.svc.Run(context.Background())
			if err != nil {
				t.Errorf("Run %d: %v", i, err)
			}
			reps[i] = rep
		})
	}
	wg.Wait()
	if got := len(r.outbox.enqueued); got != len(appts) {
		t.Errorf("enqueues = %d, want %d (one per appointment, no repeats)", got, len(appts))
	}
	enq, already := 0, 0
	for _, rep := range reps {
		enq += rep.Enqueued
		already += rep.AlreadySent
	}
	if enq != len(appts) || already != len(appts)*(len(reps)-1) {
		t.Errorf("Enqueued total = %d, AlreadySent total = %d; want %d and %d", enq, already, len(appts), len(appts)*(len(reps)-1))
	}
}

func TestRunCrashPoints(t *testing.T) {
	tests := []struct {
		name         string
		inject       func(r *rig)
		wantEnqueues int // accepted by the queue, repeats included
	}{
		{"enqueue fails once after the claim", func(r *rig) { r.outbox.failsLeft = 1 }, 1},
		{"mark fails once after the enqueue", func(r *rig) { r.store.markFails = 1 }, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(afternoon, appt(1050))
			tt.inject(r)
			rep, err := r.svc.Run(context.Background())
			if !errors.Is(err, errInjected) || rep.Failed != 1 {
				t.Fatalf("first run = %+v, %v; want one failure with the injected error", rep, err)
			}
			// A run inside the lease leaves the crashed claim alone.
			r.clock.Set(afternoon.Add(ClaimLease / 2))
			if rep := mustRun(t, r); rep.AlreadySent != 1 {
				t.Errorf("run inside the lease = %+v, want AlreadySent 1", rep)
			}
			// The next scheduled run recovers it; later ones find it done.
			for i := 1; i <= 4; i++ {
				r.clock.Set(afternoon.Add(time.Duration(i) * 15 * time.Minute))
				mustRun(t, r)
			}
			if got := len(r.outbox.sendsTo(1050)); got != 1 {
				t.Errorf("reminders reaching the sender = %d, want 1", got)
			}
			if got := len(r.outbox.enqueued); got != tt.wantEnqueues {
				t.Errorf("enqueues accepted = %d, want %d", got, tt.wantEnqueues)
			}
			if got := r.store.claims[appt(1050).ReminderKey()].outcome; got != OutcomeEnqueued {
				t.Errorf("claim outcome = %q, want %q", got, OutcomeEnqueued)
			}
		})
	}
}

func TestRunNeedsItsPorts(t *testing.T) {
	if _, err := (&Service{}).Run(context.Background()); err == nil {
		t.Error("Run on an empty Service: no error, want one")
	}
}
