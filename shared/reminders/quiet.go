package reminders

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// minutesPerDay bounds the minute values a QuietHours may hold.
const minutesPerDay = 24 * 60

// QuietHours is an organisation's window, in local wall-clock minutes after midnight, in which
// no reminder is sent. Start > End is an overnight window (21:00-08:00); Start == End is none.
type QuietHours struct {
	Start, End int
}

// DefaultQuietHours returns 21:00-08:00, the window used when an organisation sets none.
func DefaultQuietHours() QuietHours {
	return QuietHours{Start: 21 * 60, End: 8 * 60}
}

// OrgQuietHours returns the organisation's quiet hours from its settings (one read): the
// default when it has no settings or set none. A stored value that does not parse (the settings
// API refuses one, so only a hand edit) also falls back to the default, so a typo cannot stop or
// unleash every reminder of the organisation.
func OrgQuietHours(ctx context.Context, s Settings, orgID string) (QuietHours, error) {
	st, err := s.GetSettings(ctx, orgID)
	if messaging.ErrorCode(err) == messaging.CodeNotConfigured {
		return DefaultQuietHours(), nil
	}
	if err != nil {
		return QuietHours{}, err
	}
	q, err := ParseQuietHours(st.QuietHours)
	if err != nil { // none set (""), or a hand edit
		return DefaultQuietHours(), nil
	}
	return q, nil
}

// ParseQuietHours reads an organisation setting written "HH:MM-HH:MM", e.g. "21:00-08:00".
func ParseQuietHours(s string) (QuietHours, error) {
	bad := fmt.Errorf("reminders: quiet hours %q: want HH:MM-HH:MM, hours 00-23, minutes 00-59", s)
	if len(s) != len("21:00-08:00") || s[2] != ':' || s[5] != '-' || s[8] != ':' {
		return QuietHours{}, bad
	}
	start, ok1 := clock(s[0:5])
	end, ok2 := clock(s[6:11])
	if !ok1 || !ok2 {
		return QuietHours{}, bad
	}
	return QuietHours{Start: start, End: end}, nil
}

// clock reads "HH:MM" as minutes after midnight.
func clock(s string) (int, bool) {
	for i, c := range []byte(s) {
		if i != 2 && (c < '0' || c > '9') {
			return 0, false
		}
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	if h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

// Validate checks that both ends are minutes of one day.
func (q QuietHours) Validate() error {
	if q.Start < 0 || q.Start >= minutesPerDay || q.End < 0 || q.End >= minutesPerDay {
		return fmt.Errorf("reminders: quiet hours %d-%d: minutes must be 0-1439", q.Start, q.End)
	}
	return nil
}

// String writes the window as ParseQuietHours reads it.
func (q QuietHours) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", q.Start/60, q.Start%60, q.End/60, q.End%60)
}

// Contains reports whether the wall clock of local (already in the place's time zone) falls in
// the window; the start is inside, the end is not.
func (q QuietHours) Contains(local time.Time) bool {
	m := local.Hour()*60 + local.Minute()
	switch {
	case q.Start == q.End:
		return false
	case q.Start < q.End:
		return m >= q.Start && m < q.End
	default:
		return m >= q.Start || m < q.End
	}
}

// NextAllowed returns t itself when it is outside the window in loc, else the first instant at
// which the window ends. The end is built from the local calendar date (time.Date), so a
// daylight-saving night is as long as it really is; an end that falls in a spring-forward gap
// resolves to the first allowed minute after it.
func (q QuietHours) NextAllowed(t time.Time, loc *time.Location) time.Time {
	local := t.In(loc)
	if !q.Contains(local) {
		return t
	}
	y, mo, d := local.Date()
	m := local.Hour()*60 + local.Minute()
	if q.Start > q.End && m >= q.Start {
		d++ // an overnight window entered in the evening ends tomorrow morning
	}
	next := time.Date(y, mo, d, q.End/60, q.End%60, 0, 0, loc)
	// time.Date may resolve a wall clock that does not exist to an instant still inside the
	// window or before t; walk forward to the first allowed minute.
	for i := 0; i < minutesPerDay && (!next.After(t) || q.Contains(next.In(loc))); i++ {
		next = next.Add(time.Minute)
	}
	return next
}
