//go:build integration

package dynamo

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/messaging"
)

func TestLoadSendTo(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	st := messaging.Settings{OrgID: "o1", Provider: messaging.ProviderMeta, APIURL: "https://graph.facebook.com", PhoneNumberID: "111", APITokenSet: true}
	job := messaging.Job{OrgID: "o1", ID: 1050, Ref: "JOB-001", TenantFirstName: "Ana", TenantPhone: "+447700900123", AppointmentDate: "2026-11-25"}
	tpl := providerTemplate("job_booked", "en_GB")
	tpl.ID = 1
	if err := s.PutSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := s.PutJob(ctx, job); err != nil {
		t.Fatal(err)
	}
	if err := s.PutTemplate(ctx, "o1", tpl); err != nil {
		t.Fatal(err)
	}

	l, err := s.LoadSendTo(ctx, "o1", 1050, 1, "+447700900123")
	if err != nil {
		t.Fatalf("LoadSendTo: %v", err)
	}
	want := messaging.SendLoad{Settings: st, Job: job, Template: tpl, Suppression: messaging.Suppression{Phone: "+447700900123"}}
	if diff := cmp.Diff(want, l); diff != "" {
		t.Errorf("load (-want +got):\n%s", diff)
	}
	if got, err := s.GetJob(ctx, "o1", 1050); err != nil || got != job {
		t.Errorf("GetJob = %+v, %v; want %+v", got, err, job)
	}

	tests := []struct {
		name     string
		org      string
		job      int64
		template int
		code     messaging.Code
		msg      string
	}{
		{"no settings", "o2", 1050, 1, messaging.CodeNotConfigured, messaging.MsgNotConfigured},
		{"no job", "o1", 9999, 1, messaging.CodeNotFound, "Job not found. It may not exist, have been deleted, or belong to a different organisation."},
		{"no template", "o1", 1050, 7, messaging.CodeNotFound, "Template not found. It may not exist, have been deleted, or belong to a different organisation."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.LoadSendTo(ctx, tt.org, tt.job, tt.template, "+447700900123")
			if got := messaging.ErrorCode(err); got != tt.code {
				t.Errorf("got code %q (%v), want %q", got, err, tt.code)
			}
			if got := messaging.ErrorMessage(err); got != tt.msg {
				t.Errorf("got message %q, want %q", got, tt.msg)
			}
		})
	}
	if _, err := s.GetJob(ctx, "o2", 1050); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("another org's GetJob: got %v, want not found", err)
	}
}
