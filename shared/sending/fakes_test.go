package sending

import (
	"context"
	"testing"
	"time"

	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
)

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// seedSettings, seedJob and seedTemplate are the seed's example: job 1050, template 3.
var (
	seedSettings = messaging.Settings{OrgID: "org1", Provider: messaging.ProviderMeta, APIURL: "https://graph.example.com/",
		PhoneNumberID: "1055", WABAID: "2001", APITokenSet: true,
		TokenProvider: messaging.ProviderMeta, TokenURL: "https://graph.example.com/"}
	seedJob = messaging.Job{OrgID: "org1", ID: 1050, Ref: "JOB-001", TenantFirstName: "Ann",
		AppointmentDate: "2026-11-25", TimeWindow: "08:00-12:00"}
	seedTemplate = func() messaging.Template {
		c := []messaging.Component{{Type: "BODY", Text: "Hi {{tenant_first_name}}, a reminder of your appointment on {{appointment_date}} between {{time_window}}."}}
		return messaging.Template{ID: 3, Name: "appointment_reminder", Language: "en_GB", Status: messaging.TemplateApproved,
			ParameterFormat: messaging.FormatNamed, Components: c, Variables: messaging.DeriveVariables(c)}
	}()
)

// fakeClaims records the sender's calls on its claim record, with an injectable claim answer
// (memstore.Store plays the record itself, as DynamoDB keeps it).
type fakeClaims struct {
	claim    func(messageID string) (messaging.SendClaim, error)
	claimed  []string
	sent     map[string]string
	released []string
	failed   map[string]string
	unknown  map[string]time.Time // message id → until
	sentErr  error
}

func (f *fakeClaims) RecordUnknown(_ context.Context, _, messageID, _ string, _, until time.Time) error {
	if f.unknown == nil {
		f.unknown = map[string]time.Time{}
	}
	f.unknown[messageID] = until
	return nil
}

func (f *fakeClaims) ClaimSend(_ context.Context, _, messageID string, _ time.Time, _ time.Duration) (messaging.SendClaim, error) {
	f.claimed = append(f.claimed, messageID)
	if f.claim == nil {
		return messaging.SendClaim{Acquired: true}, nil
	}
	return f.claim(messageID)
}

func (f *fakeClaims) RecordSent(_ context.Context, _, messageID, wamid string, _ time.Time) error {
	if f.sentErr != nil {
		return f.sentErr
	}
	if f.sent == nil {
		f.sent = map[string]string{}
	}
	f.sent[messageID] = wamid
	return nil
}

func (f *fakeClaims) ReleaseSend(_ context.Context, _, messageID, _ string) error {
	f.released = append(f.released, messageID)
	return nil
}

func (f *fakeClaims) RecordFailed(_ context.Context, _, messageID, reason string) error {
	if f.failed == nil {
		f.failed = map[string]string{}
	}
	f.failed[messageID] = reason
	return nil
}

// rig is a send path wired to fakes; settings, job and template seed its store when the
// send path is built, so a test edits them first.
type rig struct {
	settings  messaging.Settings
	job       messaging.Job
	template  messaging.Template
	store     *memstore.Store
	provider  *fakes.Provider
	pair, num *fakes.Pacer
	limiter   *fakes.Limiter
	outbound  *fakes.Queue[messaging.QueueMessage]
	notes     *fakes.Queue[messaging.QueueMessage]
	metrics   *fakes.Metrics
	claims    *fakeClaims
}

func newRig() *rig {
	return &rig{
		settings: seedSettings, job: seedJob, template: seedTemplate, store: memstore.New(),
		provider: &fakes.Provider{},
		pair:     &fakes.Pacer{}, num: &fakes.Pacer{},
		limiter:  &fakes.Limiter{Decision: messaging.RateDecision{Allowed: true, Limit: 20, Remaining: 19, Reset: t0.Add(time.Minute)}},
		outbound: &fakes.Queue[messaging.QueueMessage]{}, notes: &fakes.Queue[messaging.QueueMessage]{}, metrics: &fakes.Metrics{}, claims: &fakeClaims{},
	}
}

func (r *rig) deps() Deps {
	ctx := context.Background()
	_ = r.store.PutSettings(ctx, r.settings)
	_ = r.store.PutJob(ctx, r.job)
	_, _ = r.store.SyncTemplates(ctx, r.settings.OrgID, []messaging.Template{r.template})
	return Deps{
		Store: r.store, Provider: r.provider, Reach: r.store,
		Secrets:   fakes.Secrets{messaging.OrgSecret("org1", "", messaging.SecretAPIToken): "EAAtoken1234"},
		PairPacer: r.pair, NumPacer: r.num, Outbound: r.outbound, CaseNotes: r.notes, Metrics: r.metrics,
		Now: func() time.Time { return t0 }, NewID: func() string { return "01MSG" }, Sends: r.claims,
	}
}

func (r *rig) service() *Service { return &Service{Deps: r.deps(), Limit: r.limiter} }

func (r *rig) sender() *Sender {
	return &Sender{Deps: r.deps(), Claims: r.claims, Lease: 30 * time.Second, MaxWait: 2 * time.Second,
		Sleep: func(context.Context, time.Duration) error { return nil }}
}

// noteEvents returns the case notes the send path wrote to the store (every organisation the
// rigs use), as events; a note on the case-note queue means the table refused, and is an error.
func (r *rig) noteEvents(t *testing.T) []messaging.CaseNoteEvent {
	t.Helper()
	if len(r.notes.Sent()) != 0 {
		t.Errorf("case-note queue holds %d events, want none: notes are written directly", len(r.notes.Sent()))
	}
	var out []messaging.CaseNoteEvent
	for _, org := range []string{"org1", "org2"} {
		for _, n := range r.store.Notes(org) {
			out = append(out, messaging.CaseNoteEvent{OrgID: n.OrgID, Note: n, Provisional: n.Provisional})
		}
	}
	return out
}
