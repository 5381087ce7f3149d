package api

import (
	"context"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/idempotency"
	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
	_ "github.com/proplink/chat/shared/phone/libphonenumber" // phone.Parse's check, as ApiFunction links it
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/templatesync"
)

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// memStore is the table in memory (memstore.Store) with the API's tokens; it records the
// page asked of ListCaseNotes.
type memStore struct {
	*memstore.Store
	tokens    map[string]messaging.Principal
	authCalls int
	pageArgs  [2]int
}

func (s *memStore) Authenticate(_ context.Context, token string, _ time.Time) (messaging.Principal, error) {
	s.authCalls++
	p, ok := s.tokens[token]
	if !ok {
		return messaging.Principal{}, messaging.Errorf(messaging.CodeUnauthenticated, messaging.MsgAuthRequired)
	}
	return p, nil
}

func (s *memStore) ListCaseNotes(ctx context.Context, orgID string, jobID int64, limit, offset int) ([]messaging.CaseNote, int, error) {
	s.pageArgs = [2]int{limit, offset}
	return s.Store.ListCaseNotes(ctx, orgID, jobID, limit, offset)
}

// settings returns the organisation's stored settings (zero when none).
func (s *memStore) settings(orgID string) messaging.Settings {
	st, _ := s.GetSettings(context.Background(), orgID)
	return st
}

// putSettings stores settings as they are.
func (s *memStore) putSettings(st messaging.Settings) { _ = s.PutSettings(context.Background(), st) }

// job returns the organisation's stored job, and whether there is one.
func (s *memStore) job(orgID string, id int64) (messaging.Job, bool) {
	j, err := s.GetJob(context.Background(), orgID, id)
	return j, err == nil
}

// ConfiguredOrgs is the template sync's list; the API syncs one organisation at a time.
func (s *memStore) ConfiguredOrgs(context.Context) ([]string, error) { return nil, nil }

// setTemplates makes ts the organisation's templates, as a sync from the provider would (any
// other stored template is marked deleted).
func (s *memStore) setTemplates(orgID string, ts []messaging.Template) {
	_, _ = s.SyncTemplates(context.Background(), orgID, ts)
}

// templates returns the organisation's stored templates.
func (s *memStore) templates(orgID string) []messaging.Template {
	ts, _ := s.Store.ListTemplates(context.Background(), orgID)
	return ts
}

// fakeIdem answers claims with state (Claimed when zero) and records what the API did.
type fakeIdem struct {
	state     idempotency.State
	stored    idempotency.Outcome
	claims    []string
	completed []idempotency.Outcome
	released  []string
}

func (f *fakeIdem) Claim(_ context.Context, key, fingerprint string, _ time.Time) (idempotency.Outcome, error) {
	f.claims = append(f.claims, key+"|"+fingerprint)
	if f.state == idempotency.Replay {
		out := f.stored
		out.State = idempotency.Replay
		return out, nil
	}
	if f.state == 0 {
		return idempotency.Outcome{State: idempotency.Claimed}, nil
	}
	return idempotency.Outcome{State: f.state}, nil
}

func (f *fakeIdem) Complete(_ context.Context, _ string, out idempotency.Outcome) error {
	f.completed = append(f.completed, out)
	return nil
}

func (f *fakeIdem) Release(_ context.Context, key string) error {
	f.released = append(f.released, key)
	return nil
}

// memSends records the sends of unknown outcome.
type memSends struct{ unknown []string }

func (m *memSends) RecordUnknown(_ context.Context, _, id, _ string, _, _ time.Time) error {
	m.unknown = append(m.unknown, id)
	return nil
}

// seedTemplates are the seed's four approved templates plus a pending one, as get-options lists them.
func seedTemplates() []messaging.Template {
	mk := func(id int, name, display, desc, status string, vars ...string) messaging.Template {
		body := ""
		for _, v := range vars {
			body += "{{" + v + "}} "
		}
		return messaging.Template{ID: id, Name: name, DisplayName: display, Description: desc, Language: "en_GB", Category: "UTILITY",
			Status: status, Variables: vars, ParameterFormat: messaging.FormatNamed, ProviderID: "99",
			Components: []messaging.Component{{Type: "BODY", Text: body}}}
	}
	return []messaging.Template{
		mk(1, "job_created", "Job Created Notification", "Notify the tenant that a new job has been raised for their property", "APPROVED", "job_ref", "property_address", "job_type"),
		mk(2, "contractor_assigned", "Contractor Assigned", "Inform the tenant of the contractor who will attend", "APPROVED", "contractor_name", "contractor_phone", "scheduled_date"),
		mk(3, "appointment_reminder", "Appointment Reminder", "Remind the tenant of an upcoming appointment the day before", "APPROVED", "tenant_first_name", "appointment_date", "time_window"),
		mk(4, "job_completed", "Job Completed", "Notify the tenant that their repair has been completed", "APPROVED", "job_ref", "completion_date"),
		mk(5, "gas_safety_notice", "Gas Safety Notice", "Tell the tenant their annual gas safety check is due", "PENDING", "property_address", "scheduled_date"),
	}
}

// world is an API wired to in-memory fakes, holding org1 with the seed's data.
type world struct {
	api      *API
	store    *memStore
	secrets  fakes.Secrets
	idem     *fakeIdem
	provider *fakes.Provider
	limiter  *fakes.Limiter
	outbound *fakes.Queue[messaging.QueueMessage]
	sends    *memSends
	// property, links and handovers serve the property, WhatsApp link and handover routes.
	property  *memProperty
	links     *memLinks
	handovers *memHandovers
	// events serves the platform event endpoint routes.
	events *memEvents
}

const (
	tokSender = "tok-sender"
	tokAdmin  = "tok-admin"
	tokNobody = "tok-nobody"
)

func newWorld() *world {
	all := []string{messaging.PermWhatsAppSend, messaging.PermWhatsAppSettings, messaging.PermJobsManage, messaging.PermCaseNotesView,
		messaging.PermTokensManage, messaging.PermPropertyView, messaging.PermPropertyManage, messaging.PermWhatsAppLink, messaging.PermPlatformCallback}
	store := &memStore{Store: memstore.New(), tokens: map[string]messaging.Principal{
		tokSender: {OrgID: "org1", UserID: "u1", Name: "Sam", Permissions: []string{messaging.PermWhatsAppSend, messaging.PermCaseNotesView, messaging.PermWhatsAppLink}},
		tokAdmin:  {OrgID: "org1", UserID: "u2", Name: "Ada", Permissions: all},
		tokNobody: {OrgID: "org1", UserID: "u3", Name: "Nia"},
	}}
	store.putSettings(messaging.Settings{OrgID: "org1", Provider: messaging.ProviderMeta, APIURL: "https://graph.facebook.com",
		PhoneNumberID: "1055", WABAID: "2001", APITokenSet: true, APITokenLast4: "WXYZ",
		TokenProvider: messaging.ProviderMeta, TokenURL: "https://graph.facebook.com"})
	_, _ = store.SyncTemplates(context.Background(), "org1", seedTemplates())
	_ = store.PutJob(context.Background(), messaging.Job{OrgID: "org1", ID: 1050, Ref: "JOB-001", TenantFirstName: "Ann",
		AppointmentDate: "2026-11-25", TimeWindow: "08:00-12:00"})
	secrets := fakes.Secrets{"orgs/org1/whatsapp/api_token": "EAAoldtokenWXYZ"}
	w := &world{store: store, secrets: secrets, idem: &fakeIdem{}, provider: &fakes.Provider{WAMID: "wamid.abcdef123456"}, outbound: &fakes.Queue[messaging.QueueMessage]{}, sends: &memSends{},
		property: seedProperty(), links: &memLinks{states: map[string]assistant.LinkState{}},
		handovers: &memHandovers{convs: map[string]string{}, until: map[string]time.Time{}},
		limiter:   &fakes.Limiter{Decision: messaging.RateDecision{Allowed: true, Limit: 20, Remaining: 19, Reset: t0.Add(time.Minute)}}}
	w.events = newMemEvents()
	ids := 0
	svc := &sending.Service{Limit: w.limiter, Deps: sending.Deps{
		Store: store, Provider: w.provider, Secrets: secrets, PairPacer: &fakes.Pacer{}, NumPacer: &fakes.Pacer{},
		Outbound: w.outbound, CaseNotes: &fakes.Queue[messaging.QueueMessage]{}, Metrics: &fakes.Metrics{}, Sends: w.sends, Reach: &memReach{store: store},
		Now: func() time.Time { return t0 }, NewID: func() string { ids++; return "01MSG" + string(rune('0'+ids)) },
	}}
	revs := 0
	w.api = &API{Store: store, Secrets: secrets, Send: svc, Verifier: w.provider, Idempotency: w.idem, Stage: "dev",
		Templates: &templatesync.Syncer{Store: store, Secrets: secrets, Provider: w.provider},
		Property:  w.property, Links: w.links, Handovers: w.handovers, Events: w.events,
		Now: func() time.Time { return t0 }, NewID: func() string { revs++; return "rev" + string(rune('0'+revs)) }}
	return w
}

// req builds an API Gateway request for a route key, with the token as a bearer header.
func req(method, routeKey, path, token, body string) apigw.Request {
	var r apigw.Request
	r.RouteKey = routeKey
	r.RawPath = path
	r.RequestContext.HTTP.Method = method
	r.Headers = map[string]string{"content-type": "application/json"}
	if token != "" {
		r.Headers["authorization"] = "Bearer " + token
	}
	r.Body = body
	return r
}

func (w *world) do(r apigw.Request) apigw.Response {
	resp, err := w.api.Handle(context.Background(), r)
	if err != nil {
		panic(err)
	}
	return resp
}

// msgJobAbsent is the table's answer for a job that is not the organisation's.
const msgJobAbsent = "Job not found. It may not exist, have been deleted, or belong to a different organisation."
