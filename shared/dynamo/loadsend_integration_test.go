//go:build integration

package dynamo

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/messaging"
)

func TestLoadSend(t *testing.T) {
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

	gs, gj, gt, err := s.LoadSend(ctx, "o1", 1050, 1)
	if err != nil {
		t.Fatalf("LoadSend: %v", err)
	}
	if diff := cmp.Diff(st, gs); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(job, gj); diff != "" {
		t.Errorf("job (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(tpl, gt); diff != "" {
		t.Errorf("template (-want +got):\n%s", diff)
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
			_, _, _, err := s.LoadSend(ctx, tt.org, tt.job, tt.template)
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
