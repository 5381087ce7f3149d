package templatesync

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
)

func settings(org, token string) messaging.Settings {
	return messaging.Settings{OrgID: org, Provider: messaging.ProviderMeta, APIURL: "https://graph.example/",
		PhoneNumberID: "p-" + org, WABAID: "w-" + org, APITokenSet: true, APITokenLast4: token[len(token)-4:],
		TokenProvider: messaging.ProviderMeta, TokenURL: "https://graph.example/"}
}

func tpl(name string) messaging.Template {
	return messaging.Template{Name: name, Language: "en_GB", Status: messaging.TemplateApproved}
}

func TestRun(t *testing.T) {
	tests := []struct {
		name        string
		failure     error // what the provider answers org "bad"
		wantOutcome string
		wantMetrics map[string]float64
	}{
		{"bad token", errAuth, OutcomeAuthFailed,
			map[string]float64{MetricSynced: 2, MetricFailed: 1, MetricProviderAuth: 1}},
		{"provider down", errDown, OutcomeFailed,
			map[string]float64{MetricSynced: 2, MetricFailed: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeStore(settings("a", "tok-aaaa"), settings("bad", "tok-bbbb"), settings("c", "tok-cccc"))
			store.orgs = []string{"a", "bad", "c", "gone"}
			secrets := fakes.Secrets{}
			for _, org := range []string{"a", "bad", "c"} {
				secrets[messaging.OrgSecret(org, "", messaging.SecretAPIToken)] = "tok-" + strings.Repeat(org[:1], 4)
			}
			provider := &fakes.Provider{ListFunc: byToken(
				map[string][]messaging.Template{"tok-aaaa": {tpl("a1"), tpl("a2")}, "tok-cccc": {tpl("c1")}},
				map[string]error{"tok-bbbb": tt.failure})}
			metrics := &fakes.Metrics{}
			var logs bytes.Buffer
			ctx := obs.WithLogger(context.Background(), slog.New(slog.NewJSONHandler(&logs, nil)))
			s := &Syncer{Store: store, Secrets: secrets, Provider: provider, Metrics: metrics, Concurrency: 2}

			rep, err := s.Run(ctx)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			got := map[string]string{}
			for _, r := range rep.Orgs {
				got[r.OrgID] = r.Outcome
			}
			want := map[string]string{"a": OutcomeSynced, "bad": tt.wantOutcome, "c": OutcomeSynced, "gone": OutcomeNotConfigured}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("outcomes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(map[string][]messaging.Template{"a": {tpl("a1"), tpl("a2")}, "c": {tpl("c1")}}, store.synced); diff != "" {
				t.Errorf("synced templates (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantMetrics, metrics.Counts()); diff != "" {
				t.Errorf("metrics (-want +got):\n%s", diff)
			}
			for _, acct := range provider.Listed() {
				if acct.BaseURL != "https://graph.example" || acct.WABAID != "w-"+acct.PhoneNumberID[2:] {
					t.Errorf("provider asked with account %+v, want the organisation's settings", acct)
				}
			}
			if got, want := strings.Count(logs.String(), "\n"), 4; got != want {
				t.Errorf("log lines: got %d, want one per organisation (%d):\n%s", got, want, logs.String())
			}
			for _, secret := range []string{"tok-aaaa", "tok-bbbb", "tok-cccc"} {
				if strings.Contains(logs.String(), secret) {
					t.Errorf("the logs carry a token:\n%s", logs.String())
				}
			}
		})
	}
}

func TestRunFailsOnlyWhenTheOrganisationsCannotBeListed(t *testing.T) {
	store := newFakeStore()
	store.listErr = errors.New("throttled")
	if _, err := (&Syncer{Store: store, Secrets: fakes.Secrets{}, Provider: &fakes.Provider{}}).Run(context.Background()); err == nil {
		t.Fatal("Run with an unreadable index: got nil error")
	}
	store = newFakeStore()
	rep, err := (&Syncer{Store: store, Secrets: fakes.Secrets{}, Provider: &fakes.Provider{}}).Run(context.Background())
	if err != nil || len(rep.Orgs) != 0 {
		t.Errorf("Run with no organisations = %+v, %v; want an empty report", rep, err)
	}
}

func TestSyncOrgMissingToken(t *testing.T) {
	store := newFakeStore(settings("a", "tok-aaaa"))
	provider := &fakes.Provider{}
	r := (&Syncer{Store: store, Secrets: fakes.Secrets{}, Provider: provider}).SyncOrg(context.Background(), "a")
	if r.Outcome != OutcomeFailed || r.Err == nil {
		t.Errorf("SyncOrg without a token = %+v, want failed", r)
	}
	if len(provider.Listed()) != 0 {
		t.Errorf("the provider was asked %d times without a token", len(provider.Listed()))
	}
}

func TestSyncOrgRefusesToRemoveEveryApprovedTemplate(t *testing.T) {
	tests := []struct {
		name        string
		listed      []messaging.Template
		wantOutcome string
	}{
		{"an empty list", nil, OutcomeRefused},
		{"a list with none of them", []messaging.Template{tpl("other")}, OutcomeRefused},
		{"a list keeping one of them", []messaging.Template{tpl("a2")}, OutcomeSynced},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeStore(settings("a", "tok-aaaa"))
			store.orgs, store.stored = []string{"a"}, map[string][]messaging.Template{"a": {tpl("a1"), tpl("a2")}}
			provider := &fakes.Provider{Templates: tt.listed}
			metrics := &fakes.Metrics{}
			s := &Syncer{Store: store, Secrets: fakes.Secrets{messaging.OrgSecret("a", "", messaging.SecretAPIToken): "tok-aaaa"}, Provider: provider, Metrics: metrics}
			rep, err := s.Run(context.Background())
			if err != nil || len(rep.Orgs) != 1 {
				t.Fatalf("Run = %+v, %v", rep, err)
			}
			if got := rep.Orgs[0].Outcome; got != tt.wantOutcome {
				t.Fatalf("outcome = %q (%v), want %q", got, rep.Orgs[0].Err, tt.wantOutcome)
			}
			if tt.wantOutcome != OutcomeRefused {
				return
			}
			if _, ok := store.synced["a"]; ok {
				t.Errorf("templates were synced: %v", store.synced["a"])
			}
			if metrics.Counts()[MetricRefused] != 1 || metrics.Counts()[MetricFailed] != 1 {
				t.Errorf("metrics = %v, want one refusal counted as a failure", metrics.Counts())
			}
		})
	}
}

// TestSync is the sync the API calls: coded errors for the caller, and force taking a list
// that would remove every approved template.
func TestSync(t *testing.T) {
	tests := []struct {
		name     string
		listed   []messaging.Template
		force    bool
		listErr  error
		code     messaging.Code
		message  string
		wantSync bool
	}{
		{name: "refused", code: messaging.CodeUnprocessable, message: messaging.MsgSyncWouldRemoveAll},
		{name: "forced", force: true, wantSync: true},
		{name: "keeping one", listed: []messaging.Template{tpl("a2")}, wantSync: true},
		{name: "bad token", listErr: errAuth, code: messaging.CodeProviderFailed,
			message: "The WhatsApp provider rejected the organisation's credentials. Update the API token."},
		{name: "provider down", listErr: errDown, code: messaging.CodeProviderFailed,
			message: "The WhatsApp provider's template list could not be read. Please try again."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeStore(settings("a", "tok-aaaa"))
			store.stored = map[string][]messaging.Template{"a": {tpl("a1"), tpl("a2")}}
			provider := &fakes.Provider{ListFunc: byToken(map[string][]messaging.Template{"tok-aaaa": tt.listed}, map[string]error{"tok-aaaa": tt.listErr})}
			s := &Syncer{Store: store, Secrets: fakes.Secrets{messaging.OrgSecret("a", "", messaging.SecretAPIToken): "tok-aaaa"}, Provider: provider}
			_, err := s.Sync(context.Background(), "a", tt.force)
			if got := messaging.ErrorCode(err); err != nil && got != tt.code {
				t.Errorf("code = %q (%v), want %q", got, err, tt.code)
			}
			if err != nil && messaging.ErrorMessage(err) != tt.message {
				t.Errorf("message = %q, want %q", messaging.ErrorMessage(err), tt.message)
			}
			if _, synced := store.synced["a"]; synced != tt.wantSync || (err == nil) != tt.wantSync {
				t.Errorf("synced %v (err %v), want %v", synced, err, tt.wantSync)
			}
		})
	}
}

func TestSyncOrgAWSSocialNeedsNoToken(t *testing.T) {
	const number, waba = "arn:aws:social-messaging:eu-west-2:123456789012:phone-number-id/abc", "arn:aws:social-messaging:eu-west-2:123456789012:waba/def"
	store := newFakeStore(messaging.Settings{OrgID: "a", Provider: messaging.ProviderAWSSocial, PhoneNumberID: number, WABAID: waba})
	provider := &fakes.Provider{ListFunc: func(whatsapp.Account) ([]messaging.Template, error) { return []messaging.Template{tpl("a1")}, nil }}
	r := (&Syncer{Store: store, Secrets: fakes.Secrets{}, Provider: provider}).SyncOrg(context.Background(), "a")
	if r.Outcome != OutcomeSynced {
		t.Fatalf("SyncOrg of an aws-social organisation without a token = %+v, want synced", r)
	}
	want := []whatsapp.Account{{Provider: messaging.ProviderAWSSocial, PhoneNumberID: number, WABAID: waba}}
	if diff := cmp.Diff(want, provider.Listed()); diff != "" {
		t.Errorf("accounts listed (-want +got):\n%s", diff)
	}
}
