package reminders

import (
	"fmt"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// TestRunEvery15MinutesAcrossDST runs the schedule every 15 minutes for the three local days
// around each change (and around ordinary days in the extreme zones), with one appointment on
// every date nearby, and checks each appointment whose day before lies in the window is
// reminded exactly once, on that day, outside quiet hours; the others are not reminded.
func TestRunEvery15MinutesAcrossDST(t *testing.T) {
	tests := []struct {
		zone string
		day  string // the middle local day of the simulation
	}{
		{"Europe/London", "2026-03-29"},
		{"Europe/London", "2026-10-25"},
		{"America/New_York", "2026-03-08"},
		{"America/New_York", "2026-11-01"},
		{"Pacific/Auckland", "2026-04-05"},
		{"Pacific/Auckland", "2026-09-27"},
		{"Pacific/Kiritimati", "2026-06-10"},
		{"Pacific/Pago_Pago", "2026-06-10"},
	}
	quiets := []struct {
		name   string
		quiet  QuietHours
		wantAt string // local clock of the reminder: the first run after quiet hours
	}{
		{"default quiet hours", DefaultQuietHours(), "08:00"},
		{"no quiet hours", QuietHours{}, "00:00"},
	}
	for _, tt := range tests {
		for _, qq := range quiets {
			t.Run(tt.zone+" "+tt.day+" "+qq.name, func(t *testing.T) {
				loc := mustLoad(t, tt.zone)
				mid, err := time.ParseInLocation(messaging.DateLayout, tt.day, loc)
				if err != nil {
					t.Fatal(err)
				}
				start := localMidnight(mid.AddDate(0, 0, -1), loc)
				end := localMidnight(mid.AddDate(0, 0, 2), loc)
				if h := end.Sub(start).Hours(); h < 71 || h > 73 {
					t.Fatalf("window is %v hours, want about 72", h)
				}
				// Appointments dated from mid-2 to mid+3: jobs 0..5.
				r := newRig(start)
				r.store.quiet["org1"] = qq.quiet
				dates := map[int64]string{}
				for i := int64(0); i < 6; i++ {
					d := mid.AddDate(0, 0, int(i)-2).Format(messaging.DateLayout)
					dates[i] = d
					r.store.put(Appointment{OrgID: "org1", JobID: i, Date: d, TimeWindow: "08:00-12:00", TimeZone: tt.zone, TenantPhone: "+447700900123"})
				}
				runs := 0
				for now := start; now.Before(end); now = now.Add(15 * time.Minute) {
					r.clock.Set(now)
					mustRun(t, r)
					runs++
				}
				if want := int(end.Sub(start) / (15 * time.Minute)); runs != want {
					t.Fatalf("runs = %d, want %d", runs, want)
				}
				for job, date := range dates {
					sends := r.outbox.sendsTo(job)
					// The day before must lie in [start, end): dates mid..mid+2.
					wantOne := job >= 2 && job <= 4
					if !wantOne {
						if len(sends) != 0 {
							t.Errorf("appointment %s: %d reminders, want none (its day before is outside the window)", date, len(sends))
						}
						continue
					}
					if len(sends) != 1 {
						t.Errorf("appointment %s: %d reminders, want exactly 1", date, len(sends))
						continue
					}
					at := r.outbox.sentAt[sends[0].ID].In(loc)
					dayBefore, _ := time.Parse(messaging.DateLayout, date)
					if got, want := at.Format(messaging.DateLayout), dayBefore.AddDate(0, 0, -1).Format(messaging.DateLayout); got != want {
						t.Errorf("appointment %s: reminded on %s, want %s", date, got, want)
					}
					if got := at.Format("15:04"); got != qq.wantAt {
						t.Errorf("appointment %s: reminded at %s local, want %s", date, got, qq.wantAt)
					}
				}
				if got := len(r.outbox.enqueued); got != 3 {
					t.Errorf("enqueues = %d, want 3", got)
				}
			})
		}
	}
}

// localMidnight returns the first instant of d's calendar date in loc.
func localMidnight(d time.Time, loc *time.Location) time.Time {
	y, m, day := d.Date()
	t := time.Date(y, m, day, 0, 0, 0, 0, loc)
	if t.Hour() != 0 {
		panic(fmt.Sprintf("midnight of %s in %s does not exist", d, loc))
	}
	return t
}
