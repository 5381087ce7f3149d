package api

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/idempotency"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/templatesync"
	"github.com/proplink/chat/shared/whatsapp"
)

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// memStore is the table in memory: tokens, settings, templates, jobs and notes by organisation.
type memStore struct {
	mu        sync.Mutex
	tokens    map[string]messaging.Principal
	authCalls int
	settings  map[string]messaging.Settings
	putErr    error // PutSettings fails with it when set
	templates map[string][]messaging.Template
	jobs      map[string]map[int64]messaging.Job
	notes     map[string][]messaging.CaseNote
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

func (s *memStore) GetSettings(_ context.Context, orgID string) (messaging.Settings, error) {
	st, ok := s.settings[orgID]
	if !ok {
		return messaging.Settings{}, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
	}
	return st, nil
}

func (s *memStore) PutSettings(_ context.Context, st messaging.Settings) error {
	if s.putErr != nil {
		return s.putErr
	}
	s.settings[st.OrgID] = st
	return nil
}

func (s *memStore) ListTemplates(_ context.Context, orgID string) ([]messaging.Template, error) {
	return s.templates[orgID], nil
}

// ConfiguredOrgs is the template sync's list; the API syncs one organisation at a time.
func (s *memStore) ConfiguredOrgs(context.Context) ([]string, error) { return nil, nil }

func (s *memStore) SyncTemplates(_ context.Context, orgID string, from []messaging.Template) ([]messaging.Template, error) {
	s.templates[orgID] = from
	return from, nil
}

func (s *memStore) PutJob(_ context.Context, j messaging.Job) error {
	if s.jobs[j.OrgID] == nil {
		s.jobs[j.OrgID] = map[int64]messaging.Job{}
	}
	s.jobs[j.OrgID][j.ID] = j
	return nil
}

func (s *memStore) GetJob(_ context.Context, orgID string, id int64) (messaging.Job, error) {
	j, ok := s.jobs[orgID][id]
	if !ok {
		return messaging.Job{}, messaging.Errorf(messaging.CodeNotFound, "Job not found")
	}
	return j, nil
}

func (s *memStore) ListCaseNotes(_ context.Context, orgID string, jobID int64, limit, offset int) ([]messaging.CaseNote, int, error) {
	s.pageArgs = [2]int{limit, offset}
	var all []messaging.CaseNote
	for _, n := range s.notes[orgID] {
		if n.JobID == jobID {
			all = append(all, n)
		}
	}
	if offset >= len(all) {
		return nil, len(all), nil
	}
	return all[offset:min(offset+limit, len(all))], len(all), nil
}

func (s *memStore) loadSend(ctx context.Context, orgID string, jobID int64, templateID int) (messaging.Settings, messaging.Job, messaging.Template, error) {
	st, err := s.GetSettings(ctx, orgID)
	if err != nil {
		return st, messaging.Job{}, messaging.Template{}, err
	}
	j, err := s.GetJob(ctx, orgID, jobID)
	if err != nil {
		return st, j, messaging.Template{}, err
	}
	for _, t := range s.templates[orgID] {
		if t.ID == templateID {
			return st, j, t, nil
		}
	}
	return st, j, messaging.Template{}, messaging.Errorf(messaging.CodeNotFound, "Template not found")
}

func (s *memStore) UpsertCaseNote(_ context.Context, n messaging.CaseNote) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notes[n.OrgID] = append(s.notes[n.OrgID], n)
	return nil
}

// memSecrets is the secret store in memory.
type memSecrets struct{ m map[string]string }

func (s *memSecrets) Get(_ context.Context, name string) (string, error) {
	v, ok := s.m[name]
	if !ok {
		return "", errors.New("fake: no secret")
	}
	return v, nil
}

func (s *memSecrets) Put(_ context.Context, name, value string) error {
	s.m[name] = value
	return nil
}

func (s *memSecrets) Delete(_ context.Context, names ...string) error {
	for _, n := range names {
		delete(s.m, n)
	}
	return nil
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

// fakeProvider answers sends with send and counts them.
type fakeProvider struct {
	send  func() (string, error)
	calls int
	list  []messaging.Template
	// listed are the accounts templates were listed for; verified those numbers were verified
	// for, answered by verify (nil: confirmed).
	listed   []whatsapp.Account
	verified []whatsapp.Account
	verify   func(whatsapp.Account) error
}

func (f *fakeProvider) VerifyNumber(_ context.Context, acct whatsapp.Account) error {
	f.verified = append(f.verified, acct)
	if f.verify == nil {
		return nil
	}
	return f.verify(acct)
}

func (f *fakeProvider) SendTemplate(context.Context, whatsapp.Account, whatsapp.TemplateSend) (string, error) {
	f.calls++
	if f.send == nil {
		return "wamid.abcdef123456", nil
	}
	return f.send()
}

func (f *fakeProvider) SendText(context.Context, whatsapp.Account, string, string, string) (string, error) {
	return "", errors.New("fake: not used")
}

func (f *fakeProvider) ListTemplates(_ context.Context, acct whatsapp.Account) ([]messaging.Template, error) {
	f.listed = append(f.listed, acct)
	return f.list, nil
}

type allowPacer struct{}

func (allowPacer) Reserve(context.Context, string, time.Time) (messaging.RateDecision, error) {
	return messaging.RateDecision{Allowed: true}, nil
}

type fixedLimiter struct{ d messaging.RateDecision }

func (l *fixedLimiter) Allow(context.Context, string, time.Time) (messaging.RateDecision, error) {
	return l.d, nil
}

type memQueue struct {
	sent []messaging.QueueMessage
	err  error
}

func (q *memQueue) Send(_ context.Context, m messaging.QueueMessage) error {
	if q.err != nil {
		return q.err
	}
	q.sent = append(q.sent, m)
	return nil
}

// memSends records the sends of unknown outcome.
type memSends struct{ unknown []string }

func (m *memSends) RecordUnknown(_ context.Context, _, id, _ string, _, _ time.Time) error {
	m.unknown = append(m.unknown, id)
	return nil
}

type noMetrics struct{}

func (noMetrics) Count(string, float64, map[string]string) {}

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
	secrets  *memSecrets
	idem     *fakeIdem
	provider *fakeProvider
	limiter  *fixedLimiter
	outbound *memQueue
	sends    *memSends
	// property, links and handovers serve the property, WhatsApp link and handover routes.
	property  *memProperty
	links     *memLinks
	handovers *memHandovers
}

const (
	tokSender = "tok-sender"
	tokAdmin  = "tok-admin"
	tokNobody = "tok-nobody"
)

func newWorld() *world {
	all := []string{messaging.PermWhatsAppSend, messaging.PermWhatsAppSettings, messaging.PermJobsManage, messaging.PermCaseNotesView,
		messaging.PermTokensManage, messaging.PermPropertyView, messaging.PermPropertyManage, messaging.PermWhatsAppLink, messaging.PermPlatformCallback}
	store := &memStore{
		tokens: map[string]messaging.Principal{
			tokSender: {OrgID: "org1", UserID: "u1", Name: "Sam", Permissions: []string{messaging.PermWhatsAppSend, messaging.PermCaseNotesView, messaging.PermWhatsAppLink}},
			tokAdmin:  {OrgID: "org1", UserID: "u2", Name: "Ada", Permissions: all},
			tokNobody: {OrgID: "org1", UserID: "u3", Name: "Nia"},
		},
		settings: map[string]messaging.Settings{"org1": {OrgID: "org1", Provider: messaging.ProviderMeta, APIURL: "https://graph.facebook.com",
			PhoneNumberID: "1055", WABAID: "2001", APITokenSet: true, APITokenLast4: "WXYZ",
			TokenProvider: messaging.ProviderMeta, TokenURL: "https://graph.facebook.com"}},
		templates: map[string][]messaging.Template{"org1": seedTemplates()},
		jobs: map[string]map[int64]messaging.Job{"org1": {1050: {OrgID: "org1", ID: 1050, Ref: "JOB-001", TenantFirstName: "Ann",
			AppointmentDate: "2026-11-25", TimeWindow: "08:00-12:00"}}},
		notes: map[string][]messaging.CaseNote{},
	}
	secrets := &memSecrets{m: map[string]string{"orgs/org1/whatsapp/api_token": "EAAoldtokenWXYZ"}}
	w := &world{store: store, secrets: secrets, idem: &fakeIdem{}, provider: &fakeProvider{}, outbound: &memQueue{}, sends: &memSends{},
		property: seedProperty(), links: &memLinks{states: map[string]assistant.LinkState{}},
		handovers: &memHandovers{convs: map[string]string{}, until: map[string]time.Time{}},
		limiter:   &fixedLimiter{d: messaging.RateDecision{Allowed: true, Limit: 20, Remaining: 19, Reset: t0.Add(time.Minute)}}}
	ids := 0
	svc := &sending.Service{Limit: w.limiter, Deps: sending.Deps{
		Store: store, Provider: w.provider, Secrets: secrets, PairPacer: allowPacer{}, NumPacer: allowPacer{},
		Outbound: w.outbound, CaseNotes: &memQueue{}, Metrics: noMetrics{}, Sends: w.sends, Reach: &memReach{store: store},
		Now: func() time.Time { return t0 }, NewID: func() string { ids++; return "01MSG" + string(rune('0'+ids)) },
	}}
	revs := 0
	w.api = &API{Store: store, Secrets: secrets, Send: svc, Verifier: w.provider, Idempotency: w.idem, Stage: "dev",
		Templates: &templatesync.Syncer{Store: store, Secrets: secrets, Provider: w.provider},
		Property:  w.property, Links: w.links, Handovers: w.handovers,
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
