package reminders

import (
	"slices"
	"testing"
	"time"
)

func TestTomorrow(t *testing.T) {
	utc := func(mo time.Month, d, h, m int) time.Time { return time.Date(2026, mo, d, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name string
		zone string
		now  time.Time
		want string
	}{
		{"London winter", "Europe/London", utc(1, 15, 12, 0), "2026-01-16"},
		{"London 23:59 BST is still today", "Europe/London", utc(6, 10, 22, 59), "2026-06-11"},
		{"London 00:00 BST is the next day", "Europe/London", utc(6, 10, 23, 0), "2026-06-12"},
		{"London Saturday before spring-forward", "Europe/London", utc(3, 28, 23, 59), "2026-03-29"},
		{"London the 23-hour Sunday", "Europe/London", utc(3, 29, 22, 59), "2026-03-30"},
		{"London the 23-hour Sunday ends at 23:00 UTC", "Europe/London", utc(3, 29, 23, 0), "2026-03-31"},
		{"London the 25-hour Sunday, 00:30 UTC", "Europe/London", utc(10, 25, 0, 30), "2026-10-26"},
		{"London the 25-hour Sunday, 23:59 UTC", "Europe/London", utc(10, 25, 23, 59), "2026-10-26"},
		{"New York is a day behind London at 02:00 UTC", "America/New_York", utc(6, 10, 2, 0), "2026-06-10"},
		{"Auckland is a day ahead at 13:00 UTC", "Pacific/Auckland", utc(6, 10, 13, 0), "2026-06-12"},
		{"Kiritimati +14 at 10:00 UTC", "Pacific/Kiritimati", utc(6, 10, 10, 0), "2026-06-12"},
		{"Kiritimati +14 at 09:59 UTC", "Pacific/Kiritimati", utc(6, 10, 9, 59), "2026-06-11"},
		{"Pago Pago -11 at 10:59 UTC", "Pacific/Pago_Pago", utc(6, 10, 10, 59), "2026-06-10"},
		{"Pago Pago -11 at 11:00 UTC", "Pacific/Pago_Pago", utc(6, 10, 11, 0), "2026-06-11"},
		{"year end", "Europe/London", utc(12, 31, 12, 0), "2027-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tomorrow(tt.now, mustLoad(t, tt.zone)); got != tt.want {
				t.Errorf("Tomorrow(%s in %s) = %s, want %s", tt.now, tt.zone, got, tt.want)
			}
		})
	}
}

// extremeZones span every UTC offset in use, fractional ones included.
var extremeZones = []string{
	"Etc/GMT+12", "Pacific/Pago_Pago", "Pacific/Honolulu", "America/New_York", "America/St_Johns",
	"Europe/London", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Eucla", "Pacific/Auckland",
	"Pacific/Chatham", "Pacific/Apia", "Pacific/Kiritimati", "Etc/GMT-14",
}

func TestIndexDatesHoldEveryZonesTomorrow(t *testing.T) {
	start := time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC)
	for _, zone := range extremeZones {
		t.Run(zone, func(t *testing.T) {
			loc := mustLoad(t, zone)
			for now := start; now.Before(start.Add(72 * time.Hour)); now = now.Add(15 * time.Minute) {
				dates := IndexDates(now)
				if got := Tomorrow(now, loc); !slices.Contains(dates, got) {
					t.Fatalf("at %s: Tomorrow in %s = %s, not in IndexDates %v", now, zone, got, dates)
				}
				if n := len(dates); n < 2 || n > 3 {
					t.Fatalf("at %s: IndexDates = %v, want 2 or 3 dates", now, dates)
				}
			}
		})
	}
}

func TestIndexDates(t *testing.T) {
	tests := []struct {
		now  time.Time
		want []string
	}{
		{time.Date(2026, 6, 10, 11, 0, 0, 0, time.UTC), []string{"2026-06-10", "2026-06-11", "2026-06-12"}},
		{time.Date(2026, 6, 10, 9, 59, 0, 0, time.UTC), []string{"2026-06-10", "2026-06-11"}},
		{time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC), []string{"2026-06-11", "2026-06-12"}},
	}
	for _, tt := range tests {
		t.Run(tt.now.Format(time.RFC3339), func(t *testing.T) {
			if got := IndexDates(tt.now); !slices.Equal(got, tt.want) {
				t.Errorf("IndexDates(%s) = %v, want %v", tt.now, got, tt.want)
			}
		})
	}
}

func FuzzIndexDates(f *testing.F) {
	f.Add(int64(1774746000), uint8(0))
	f.Add(int64(1792890000), uint8(5))
	f.Fuzz(func(t *testing.T, unix int64, zone uint8) {
		now := time.Unix(unix%(1<<34), 0)
		loc := mustLoad(t, extremeZones[int(zone)%len(extremeZones)])
		if got := Tomorrow(now, loc); !slices.Contains(IndexDates(now), got) {
			t.Fatalf("Tomorrow(%s, %s) = %s, not in IndexDates %v", now, loc, got, IndexDates(now))
		}
	})
}

func TestDue(t *testing.T) {
	appt := Appointment{OrgID: "org1", JobID: 1050, Date: "2026-03-29", TimeWindow: "08:00-12:00", TimeZone: "Europe/London", TenantPhone: "+447700900123"}
	cancelled := appt
	cancelled.Cancelled = true
	kiri := appt
	kiri.TimeZone = "Pacific/Kiritimati"
	utc := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name       string
		appt       Appointment
		now        time.Time
		wantDue    bool
		wantSendAt time.Time
	}{
		{"day before, afternoon: now", appt, utc(28, 15, 0), true, utc(28, 15, 0)},
		{"day before, 00:00: at 08:00", appt, utc(28, 0, 0), true, utc(28, 8, 0)},
		{"day before, 21:30: next 08:00 BST", appt, utc(28, 21, 30), true, utc(29, 7, 0)},
		{"two days before: not due", appt, utc(27, 15, 0), false, time.Time{}},
		{"the day itself: not due", appt, utc(29, 9, 0), false, time.Time{}},
		{"cancelled: not due", cancelled, utc(28, 15, 0), false, time.Time{}},
		{"Kiritimati day before is UTC 27 10:00", kiri, utc(27, 18, 0), true, utc(27, 18, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			due, sendAt := Due(tt.appt, tt.now, DefaultQuietHours())
			if due != tt.wantDue || !sendAt.Equal(tt.wantSendAt) {
				t.Errorf("Due(%s) = %v, %s; want %v, %s", tt.now, due, sendAt, tt.wantDue, tt.wantSendAt)
			}
		})
	}
}
