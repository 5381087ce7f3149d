package messaging

import (
	"strconv"
	"time"
)

// DateLayout is the wire format of every date a job carries.
const DateLayout = "2006-01-02"

// DefaultTimeZone is the appointment time zone when the platform gives none.
const DefaultTimeZone = "Europe/London"

// Job is what the platform pushes about a job: the details templates and reminders need.
type Job struct {
	OrgID            string `json:"-"`
	ID               int64  `json:"job_id"`
	Ref              string `json:"job_ref,omitempty"`
	Title            string `json:"title,omitempty"`
	PropertyAddress  string `json:"property_address,omitempty"`
	JobType          string `json:"job_type,omitempty"`
	TenantFirstName  string `json:"tenant_first_name,omitempty"`
	TenantPhone      string `json:"tenant_phone,omitempty"`
	ContractorName   string `json:"contractor_name,omitempty"`
	ContractorPhone  string `json:"contractor_phone,omitempty"`
	AppointmentDate  string `json:"appointment_date,omitempty"` // YYYY-MM-DD, local to TimeZone
	TimeWindow       string `json:"time_window,omitempty"`      // e.g. "08:00-12:00"
	TimeZone         string `json:"time_zone,omitempty"`        // IANA name, Europe/London by default
	ScheduledDate    string `json:"scheduled_date,omitempty"`   // YYYY-MM-DD
	CompletionDate   string `json:"completion_date,omitempty"`  // YYYY-MM-DD
	AppointmentState string `json:"appointment_status,omitempty"`
	UpdatedAt        string `json:"updated_at,omitempty"`
}

// Validate checks the fields the platform sent: dates are YYYY-MM-DD, the time zone is known
// and phone numbers pass checkPhone (phone.Parse in the API).
func (j Job) Validate(checkPhone func(string) (string, error)) error {
	if j.ID <= 0 {
		return Errorf(CodeInvalid, MsgJobIDRequired)
	}
	// Fields are checked in a fixed order so the same job always gets the same answer.
	for _, f := range [][2]string{{"appointment_date", j.AppointmentDate}, {"scheduled_date", j.ScheduledDate}, {"completion_date", j.CompletionDate}} {
		name, d := f[0], f[1]
		if d == "" {
			continue
		}
		if _, err := time.Parse(DateLayout, d); err != nil {
			return Errorf(CodeInvalid, "Invalid or missing required parameter: %s (use YYYY-MM-DD)", name)
		}
	}
	if j.TimeZone != "" {
		if _, err := time.LoadLocation(j.TimeZone); err != nil {
			return Errorf(CodeInvalid, "Invalid or missing required parameter: time_zone (use an IANA name, e.g. Europe/London)")
		}
	}
	for _, f := range [][2]string{{"tenant_phone", j.TenantPhone}, {"contractor_phone", j.ContractorPhone}} {
		name, p := f[0], f[1]
		if p == "" {
			continue
		}
		if _, err := checkPhone(p); err != nil {
			return Errorf(CodeInvalid, "Invalid or missing required parameter: %s (use E.164 format, e.g. +447700900123)", name)
		}
	}
	return nil
}

// Location returns the job's time zone, Europe/London when unset.
func (j Job) Location() *time.Location {
	name := j.TimeZone
	if name == "" {
		name = DefaultTimeZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc, _ = time.LoadLocation(DefaultTimeZone)
	}
	return loc
}

// Variables returns the template variables the job can fill, by their seed names.
func (j Job) Variables() map[string]string {
	v := map[string]string{
		"job_id":            strconv.FormatInt(j.ID, 10),
		"job_ref":           j.Ref,
		"job_title":         j.Title,
		"property_address":  j.PropertyAddress,
		"job_type":          j.JobType,
		"tenant_first_name": j.TenantFirstName,
		"contractor_name":   j.ContractorName,
		"contractor_phone":  j.ContractorPhone,
		"time_window":       j.TimeWindow,
		"appointment_date":  humanDate(j.AppointmentDate),
		"scheduled_date":    humanDate(j.ScheduledDate),
		"completion_date":   humanDate(j.CompletionDate),
	}
	for k, s := range v {
		if s == "" {
			delete(v, k)
		}
	}
	return v
}

// humanDate renders a YYYY-MM-DD date as a person reads it: "Wednesday 25 November 2026".
func humanDate(d string) string {
	t, err := time.Parse(DateLayout, d)
	if err != nil {
		return d
	}
	return t.Format("Monday 2 January 2006")
}
