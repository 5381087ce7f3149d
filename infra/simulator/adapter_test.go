package simulator_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// job1050 is the seed's job with every field a seed template needs.
var job1050 = messaging.Job{
	ID: 1050, Ref: "JOB-001", PropertyAddress: "Flat 2, 10 High Street, London", JobType: "Plumbing",
	TenantFirstName: "Sam", TenantPhone: "+447700900123", ContractorName: "Alex Fixit", ContractorPhone: "+447700900456",
	AppointmentDate: "2026-11-25", TimeWindow: "08:00-12:00", ScheduledDate: "2026-11-25", CompletionDate: "2026-11-27",
}

// seedVariables are the seed contract's variable lists.
var seedVariables = map[string][]string{
	"job_created":          {"job_ref", "property_address", "job_type"},
	"contractor_assigned":  {"contractor_name", "contractor_phone", "scheduled_date"},
	"appointment_reminder": {"tenant_first_name", "appointment_date", "time_window"},
	"job_completed":        {"job_ref", "completion_date"},
}

// startSim serves a fresh simulator and returns it with an account for provider.
func startSim(t *testing.T, provider string) (*simulator.Simulator, *httptest.Server, whatsapp.Account) {
	t.Helper()
	sim := simulator.New(simulator.Options{})
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	a := simulator.DefaultAccount
	return sim, srv, whatsapp.Account{Provider: provider, BaseURL: srv.URL, Token: a.Token, PhoneNumberID: a.PhoneNumberID, WABAID: a.WABAID}
}

func TestAdapterAgainstSimulator(t *testing.T) {
	for _, provider := range []string{messaging.ProviderMeta, messaging.ProviderDialog360} {
		t.Run(provider, func(t *testing.T) {
			sim, srv, acct := startSim(t, provider)
			client := meta.New(srv.Client(), "v21.0")
			ctx := context.Background()
			tpls, err := client.ListTemplates(ctx, acct)
			if err != nil {
				t.Fatalf("list: %v", err)
			}
			byName := map[string]messaging.Template{}
			for _, tpl := range tpls {
				byName[tpl.Name] = tpl
			}
			for name, vars := range seedVariables {
				tpl, ok := byName[name]
				if !ok {
					t.Fatalf("template %s not listed", name)
				}
				if !slices.Equal(tpl.Variables, vars) || tpl.Status != messaging.TemplateApproved || tpl.ParameterFormat != messaging.FormatNamed {
					t.Errorf("%s: got variables %v status %s format %s, want %v APPROVED NAMED", name, tpl.Variables, tpl.Status, tpl.ParameterFormat, vars)
				}
				rendered, err := tpl.Render(job1050.Variables())
				if err != nil {
					t.Fatalf("%s: render: %v", name, err)
				}
				id, err := client.SendTemplate(ctx, acct, whatsapp.TemplateSend{To: job1050.TenantPhone, Name: name, Language: tpl.Language, Rendered: rendered, CallbackData: "cb-" + name})
				if err != nil {
					t.Fatalf("%s: send: %v", name, err)
				}
				sent := sim.Sent()
				last := sent[len(sent)-1]
				if last.WAMID != id || last.Template != name || last.To != "447700900123" || last.CallbackData != "cb-"+name || last.Provider != provider {
					t.Errorf("%s: recorded %+v, want id %s", name, last, id)
				}
			}
			if n := len(sim.Sent()); n != len(seedVariables) {
				t.Errorf("sent: got %d, want %d", n, len(seedVariables))
			}
			pending := byName["gas_safety_notice"]
			rendered, _ := pending.Render(job1050.Variables())
			_, err = client.SendTemplate(ctx, acct, whatsapp.TemplateSend{To: job1050.TenantPhone, Name: pending.Name, Language: pending.Language, Rendered: rendered})
			var e *whatsapp.Error
			if !errors.As(err, &e) || e.Code != 132001 || e.Class() != whatsapp.Permanent {
				t.Errorf("pending template: got %v, want a permanent 132001", err)
			}
		})
	}
}

func TestAdapterErrorsFromSimulator(t *testing.T) {
	tests := []struct {
		fault     simulator.Fault
		wantCode  int
		wantClass whatsapp.Class
	}{
		{simulator.Fault{Code: 130429}, 130429, whatsapp.Pace},
		{simulator.Fault{Code: 131000}, 131000, whatsapp.Retry},
		{simulator.Fault{Code: 131047}, 131047, whatsapp.Permanent},
		{simulator.Fault{Code: 131026}, 131026, whatsapp.Permanent},
		{simulator.Fault{Code: 132000}, 132000, whatsapp.Permanent},
		{simulator.Fault{Code: 190}, 190, whatsapp.Auth},
		{simulator.Fault{Code: 131056}, 131056, whatsapp.Pace},
		{simulator.Fault{HTTPStatus: 429}, 4, whatsapp.Retry},
		{simulator.Fault{HTTPStatus: 502}, 0, whatsapp.Retry},
		{simulator.Fault{HTTPStatus: 503}, 2, whatsapp.Retry},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("code_%d_http_%d", tt.fault.Code, tt.fault.HTTPStatus), func(t *testing.T) {
			sim, srv, acct := startSim(t, messaging.ProviderMeta)
			sim.Script(tt.fault)
			_, err := sendReminder(srv, acct)
			var e *whatsapp.Error
			if !errors.As(err, &e) || e.Code != tt.wantCode || e.Class() != tt.wantClass {
				t.Fatalf("got %#v, want code %d class %v", err, tt.wantCode, tt.wantClass)
			}
			if e.TraceID == "" && tt.wantCode != 0 {
				t.Errorf("no trace id: %+v", e)
			}
		})
	}
	t.Run("timeout", func(t *testing.T) {
		sim, srv, acct := startSim(t, messaging.ProviderMeta)
		sim.Script(simulator.Fault{Delay: 5 * time.Second})
		hc := srv.Client()
		hc.Timeout = 50 * time.Millisecond
		_, err := meta.New(hc, "v21.0").SendTemplate(context.Background(), acct, reminderSend())
		var e *whatsapp.Error
		if !errors.As(err, &e) || !e.Timeout || e.Class() != whatsapp.Retry {
			t.Fatalf("got %v, want a Timeout error", err)
		}
	})
	t.Run("bad 360dialog key", func(t *testing.T) {
		_, srv, acct := startSim(t, messaging.ProviderDialog360)
		acct.Token = "wrong"
		_, err := sendReminder(srv, acct)
		var e *whatsapp.Error
		if !errors.As(err, &e) || e.HTTPStatus != 401 || e.Class() != whatsapp.Auth || strings.Contains(err.Error(), "wrong") {
			t.Fatalf("got %v, want an Auth error without the key", err)
		}
	})
}

// reminderSend is the seed's appointment reminder for job 1050.
func reminderSend() whatsapp.TemplateSend {
	tpl := simulator.SeedTemplates()[2]
	r, _ := tpl.Render(job1050.Variables())
	return whatsapp.TemplateSend{To: job1050.TenantPhone, Name: tpl.Name, Language: tpl.Language, Rendered: r}
}

// sendReminder sends reminderSend through a meta.Client.
func sendReminder(srv *httptest.Server, acct whatsapp.Account) (string, error) {
	return meta.New(srv.Client(), "v21.0").SendTemplate(context.Background(), acct, reminderSend())
}
