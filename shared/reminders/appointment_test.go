package reminders

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/messaging"
)

func TestFromJob(t *testing.T) {
	job := messaging.Job{OrgID: "org1", ID: 1050, AppointmentDate: "2026-03-29", TimeWindow: "08:00-12:00", TenantPhone: "+447700900123", TenantFirstName: "Sam"}
	tests := []struct {
		name   string
		job    func(j messaging.Job) messaging.Job
		want   func(a Appointment) Appointment
		wantOK bool
	}{
		{"no date, no appointment", func(j messaging.Job) messaging.Job { j.AppointmentDate = ""; return j }, nil, false},
		{"time zone defaults to London", func(j messaging.Job) messaging.Job { return j }, func(a Appointment) Appointment { return a }, true},
		{"time zone kept", func(j messaging.Job) messaging.Job { j.TimeZone = "Pacific/Auckland"; return j },
			func(a Appointment) Appointment { a.TimeZone = "Pacific/Auckland"; return a }, true},
		{"cancelled state", func(j messaging.Job) messaging.Job { j.AppointmentState = " Canceled "; return j },
			func(a Appointment) Appointment { a.Cancelled = true; return a }, true},
	}
	base := Appointment{OrgID: "org1", JobID: 1050, Date: "2026-03-29", TimeWindow: "08:00-12:00", TimeZone: "Europe/London", TenantPhone: "+447700900123", TenantFirstName: "Sam"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := FromJob(tt.job(job))
			if ok != tt.wantOK {
				t.Fatalf("FromJob ok = %v, want %v", ok, tt.wantOK)
			}
			if !ok {
				return
			}
			want := tt.want(base)
			if diff := cmp.Diff(want, got, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Version" }, cmp.Ignore())); diff != "" {
				t.Errorf("FromJob (-want +got):\n%s", diff)
			}
			if got.Version == "" {
				t.Error("FromJob Version is empty")
			}
		})
	}
}

func TestReminderKey(t *testing.T) {
	base := Appointment{OrgID: "org1", JobID: 1050, Date: "2026-03-29", TimeWindow: "08:00-12:00", TimeZone: "Europe/London", TenantPhone: "+447700900123", TenantFirstName: "Sam"}
	tests := []struct {
		name    string
		change  func(a *Appointment)
		newKey  bool
		newVers bool
	}{
		{"unchanged re-push", func(a *Appointment) {}, false, false},
		{"first name changed", func(a *Appointment) { a.TenantFirstName = "Samira" }, false, false},
		{"date changed", func(a *Appointment) { a.Date = "2026-03-30" }, true, true},
		{"window changed", func(a *Appointment) { a.TimeWindow = "12:00-16:00" }, true, true},
		{"phone changed", func(a *Appointment) { a.TenantPhone = "+447700900456" }, true, true},
		{"other job", func(a *Appointment) { a.JobID = 1051 }, true, false},
		{"other organisation", func(a *Appointment) { a.OrgID = "org2" }, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changed := base
			tt.change(&changed)
			if got := changed.ReminderKey() != base.ReminderKey(); got != tt.newKey {
				t.Errorf("key changed = %v, want %v", got, tt.newKey)
			}
			j := func(a Appointment) messaging.Job {
				return messaging.Job{OrgID: a.OrgID, ID: a.JobID, AppointmentDate: a.Date, TimeWindow: a.TimeWindow, TenantPhone: a.TenantPhone}
			}
			a1, _ := FromJob(j(base))
			a2, _ := FromJob(j(changed))
			if got := a1.Version != a2.Version; got != tt.newVers {
				t.Errorf("version changed = %v, want %v", got, tt.newVers)
			}
		})
	}
	if k := base.ReminderKey(); strings.Contains(k, "7700900123") {
		t.Errorf("ReminderKey %q holds the phone number in clear", k)
	}
}

func TestIndexKeys(t *testing.T) {
	a := Appointment{OrgID: "org1", JobID: 1050, Date: "2026-03-29"}
	pk, sk := IndexKeys(a)
	if want := IndexPK("2026-03-29", Shard("org1", 1050)); pk != want {
		t.Errorf("gsiPK = %q, want %q", pk, want)
	}
	if !strings.HasPrefix(pk, "APPT#2026-03-29#") {
		t.Errorf("gsiPK = %q, want prefix APPT#2026-03-29#", pk)
	}
	if want := "ORG#org1#JOB#1050"; sk != want {
		t.Errorf("gsiSK = %q, want %q", sk, want)
	}
	seen := map[int]bool{}
	for id := int64(1); id <= 200; id++ {
		s := Shard("org1", id)
		if s < 0 || s >= IndexShards {
			t.Fatalf("Shard(org1, %d) = %d, want 0..%d", id, s, IndexShards-1)
		}
		seen[s] = true
	}
	if len(seen) != IndexShards {
		t.Errorf("200 jobs used %d shards, want all %d", len(seen), IndexShards)
	}
}

func TestVariables(t *testing.T) {
	a := Appointment{JobID: 1050, Date: "2026-03-29", TimeWindow: "08:00-12:00", TenantFirstName: "Sam"}
	want := map[string]string{"tenant_first_name": "Sam", "appointment_date": "Sunday 29 March 2026", "time_window": "08:00-12:00"}
	if diff := cmp.Diff(want, a.Variables()); diff != "" {
		t.Errorf("Variables (-want +got):\n%s", diff)
	}
}
