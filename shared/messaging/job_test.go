package messaging

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestJobValidate(t *testing.T) {
	tests := []struct {
		name    string
		job     Job
		message string // "" for valid
	}{
		{name: "minimal", job: Job{ID: 1}},
		{name: "full", job: Job{ID: 1050, AppointmentDate: "2026-11-25", ScheduledDate: "2026-11-24", CompletionDate: "2026-11-26",
			TimeZone: "Europe/Paris", TenantPhone: "+447700900123", ContractorPhone: "+12025550123"}},
		{name: "zero id", job: Job{}, message: MsgJobIDRequired},
		{name: "negative id", job: Job{ID: -1}, message: MsgJobIDRequired},
		{name: "human date", job: Job{ID: 1, AppointmentDate: "25/11/2026"}, message: "Invalid or missing required parameter: appointment_date (use YYYY-MM-DD)"},
		{name: "impossible date", job: Job{ID: 1, ScheduledDate: "2026-02-30"}, message: "Invalid or missing required parameter: scheduled_date (use YYYY-MM-DD)"},
		{name: "datetime", job: Job{ID: 1, CompletionDate: "2026-11-25T10:00:00Z"}, message: "Invalid or missing required parameter: completion_date (use YYYY-MM-DD)"},
		{name: "first bad date in field order", job: Job{ID: 1, AppointmentDate: "x", ScheduledDate: "y", CompletionDate: "z"},
			message: "Invalid or missing required parameter: appointment_date (use YYYY-MM-DD)"},
		{name: "unknown zone", job: Job{ID: 1, TimeZone: "Mars/Olympus"}, message: "Invalid or missing required parameter: time_zone (use an IANA name, e.g. Europe/London)"},
		{name: "bad tenant phone", job: Job{ID: 1, TenantPhone: "07700900123"}, message: "Invalid or missing required parameter: tenant_phone (use E.164 format, e.g. +447700900123)"},
		{name: "first bad phone in field order", job: Job{ID: 1, TenantPhone: "x", ContractorPhone: "y"},
			message: "Invalid or missing required parameter: tenant_phone (use E.164 format, e.g. +447700900123)"},
		{name: "bad contractor phone", job: Job{ID: 1, ContractorPhone: "+44 7700 900123"}, message: "Invalid or missing required parameter: contractor_phone (use E.164 format, e.g. +447700900123)"},
	}
	// A stand-in for phone.Parse (which imports this package): digits after a plus.
	checkPhone := func(s string) (string, error) {
		if len(s) < 9 || s[0] != '+' || strings.Trim(s[1:], "0123456789") != "" {
			return "", Errorf(CodeInvalid, MsgInvalidPhone)
		}
		return s, nil
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.job.Validate(checkPhone)
			if tt.message == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if got, want := ErrorCode(err), CodeInvalid; got != want {
				t.Fatalf("code = %q (err %v), want %q", got, err, want)
			}
			if got := ErrorMessage(err); got != tt.message {
				t.Errorf("message = %q, want %q", got, tt.message)
			}
		})
	}
}

func TestJobVariables(t *testing.T) {
	j := Job{ID: 1050, Ref: "JOB-001", Title: "Leak", PropertyAddress: "1 High St", JobType: "Plumbing",
		TenantFirstName: "Ann", TenantPhone: "+447700900123", ContractorName: "Bob", ContractorPhone: "+447700900456",
		AppointmentDate: "2026-11-25", TimeWindow: "08:00-12:00", ScheduledDate: "2026-03-01", CompletionDate: "bad"}
	want := map[string]string{
		"job_id": "1050", "job_ref": "JOB-001", "job_title": "Leak", "property_address": "1 High St", "job_type": "Plumbing",
		"tenant_first_name": "Ann", "contractor_name": "Bob", "contractor_phone": "+447700900456", "time_window": "08:00-12:00",
		"appointment_date": "Wednesday 25 November 2026",
		"scheduled_date":   "Sunday 1 March 2026",
		"completion_date":  "bad",
	}
	if diff := cmp.Diff(want, j.Variables()); diff != "" {
		t.Errorf("Variables (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"job_id": "7"}, (Job{ID: 7}).Variables()); diff != "" {
		t.Errorf("Variables of a bare job drop empty values (-want +got):\n%s", diff)
	}
}

func TestJobLocation(t *testing.T) {
	tests := []struct{ zone, want string }{
		{"", "Europe/London"}, {"America/New_York", "America/New_York"}, {"Nowhere/Else", "Europe/London"},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			if got := (Job{TimeZone: tt.zone}).Location().String(); got != tt.want {
				t.Errorf("Location() = %q, want %q", got, tt.want)
			}
		})
	}
}
