package reminders

import (
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// The widest offsets from UTC any IANA zone uses: Etc/GMT+12 (-12:00) and Pacific/Kiritimati
// (+14:00).
const (
	minOffset = -12 * time.Hour
	maxOffset = 14 * time.Hour
)

// Tomorrow returns the local calendar date after now's local date in loc, "YYYY-MM-DD". It adds
// one calendar day to the date (at UTC noon, where no zone rule applies), never 24 hours to the
// instant, so a 23- or 25-hour day is neither skipped nor counted twice.
func Tomorrow(now time.Time, loc *time.Location) string {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d+1, 12, 0, 0, 0, time.UTC).Format(messaging.DateLayout)
}

// IndexDates returns, oldest first, every date that is "tomorrow" in some time zone at now: the
// day after each local date from UTC-12 to UTC+14. These are the date-index partitions one run
// must query; there are two or three of them.
func IndexDates(now time.Time) []string {
	first := now.UTC().Add(minOffset)
	last := now.UTC().Add(maxOffset)
	lastDay := time.Date(last.Year(), last.Month(), last.Day(), 12, 0, 0, 0, time.UTC)
	var dates []string
	for d := time.Date(first.Year(), first.Month(), first.Day(), 12, 0, 0, 0, time.UTC); !d.After(lastDay); d = d.AddDate(0, 0, 1) {
		dates = append(dates, d.AddDate(0, 0, 1).Format(messaging.DateLayout))
	}
	return dates
}

// Due reports whether appt starts tomorrow in its own time zone and is not cancelled, and when
// its reminder may go: now, or the end of the organisation's quiet hours.
func Due(appt Appointment, now time.Time, quiet QuietHours) (due bool, sendAt time.Time) {
	loc := appt.Location()
	if appt.Cancelled || appt.Date != Tomorrow(now, loc) {
		return false, time.Time{}
	}
	return true, quiet.NextAllowed(now, loc)
}
