package reminders

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// Appointment is a job's visit as the reminders see it: when and where (time zone) it is, and
// whom to remind.
type Appointment struct {
	OrgID           string
	JobID           int64
	Date            string // YYYY-MM-DD, local to TimeZone
	TimeWindow      string // e.g. "08:00-12:00"
	TimeZone        string // IANA name; Europe/London when empty
	TenantPhone     string // E.164
	TenantFirstName string
	Cancelled       bool
	// Version changes whenever the date, window or phone change; the adapter may store it to
	// tell a re-push of the same appointment from a change.
	Version string
}

// FromJob returns the appointment a job carries, and false when it carries none (no date).
func FromJob(j messaging.Job) (Appointment, bool) {
	if j.AppointmentDate == "" {
		return Appointment{}, false
	}
	a := Appointment{
		OrgID:           j.OrgID,
		JobID:           j.ID,
		Date:            j.AppointmentDate,
		TimeWindow:      j.TimeWindow,
		TimeZone:        j.TimeZone,
		TenantPhone:     j.TenantPhone,
		TenantFirstName: j.TenantFirstName,
		Cancelled:       isCancelled(j.AppointmentState),
	}
	if a.TimeZone == "" {
		a.TimeZone = messaging.DefaultTimeZone
	}
	a.Version = digest(a.Date, a.TimeWindow, a.TenantPhone)[:16]
	return a, true
}

// isCancelled reads the platform's appointment state; either spelling of cancelled counts.
func isCancelled(state string) bool {
	s := strings.ToLower(strings.TrimSpace(state))
	return s == "cancelled" || s == "canceled"
}

// locations caches loaded time zones: LoadLocation reads the zone database on every call.
var locations sync.Map // name -> *time.Location

// Location returns the appointment's time zone, Europe/London when unset or unknown.
func (a Appointment) Location() *time.Location {
	if loc, ok := locations.Load(a.TimeZone); ok {
		return loc.(*time.Location)
	}
	loc := messaging.Job{TimeZone: a.TimeZone}.Location()
	locations.Store(a.TimeZone, loc)
	return loc
}

// ReminderKey names the one reminder this appointment gets: a digest of organisation, job,
// date, window and phone. Re-pushing the same appointment keeps the key; moving it or changing
// the number gives a new one, so the new slot is reminded again.
func (a Appointment) ReminderKey() string {
	return "rem_" + digest(a.OrgID, strconv.FormatInt(a.JobID, 10), a.Date, a.TimeWindow, a.TenantPhone)[:40]
}

// MessageID returns the outbound message id of a reminder: derived from its key, so every
// attempt to send one reminder carries the same id and the queue and sender can drop repeats.
func MessageID(reminderKey string) string {
	return "msg_" + reminderKey
}

// SkipNoteID returns the case-note id of a skipped reminder, derived from its key so a
// repeated note has one effect.
func SkipNoteID(reminderKey string) string {
	return "note_" + reminderKey
}

// Variables returns the template values the appointment fills: tenant_first_name,
// appointment_date (as a person reads it) and time_window.
func (a Appointment) Variables() map[string]string {
	v := messaging.Job{
		ID:              a.JobID,
		TenantFirstName: a.TenantFirstName,
		AppointmentDate: a.Date,
		TimeWindow:      a.TimeWindow,
	}.Variables()
	delete(v, "job_id")
	return v
}

// digest hashes fields unambiguously (each is length-prefixed) to lower-case hex.
func digest(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}
