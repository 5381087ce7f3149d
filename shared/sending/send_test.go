package sending

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
	"github.com/proplink/chat/shared/whatsapp"
)

var (
	sender1 = messaging.Principal{OrgID: "org1", UserID: "u1", Name: "Sam Staff", Permissions: []string{messaging.PermWhatsAppSend}}
	seedReq = Request{JobID: 1050, PhoneNumber: "+447700900123", TemplateID: 3}
)

func TestServiceSendAccepted(t *testing.T) {
	r := newRig()
	r.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) { return "wamid.abc", nil }
	got, err := r.service().Send(context.Background(), sender1, seedReq)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	want := Result{MessageID: "wamid.abc", Status: "sent", Recipient: "+447700900123", Template: "appointment_reminder",
		RateLimit: &messaging.RateDecision{Allowed: true, Limit: 20, Remaining: 19, Reset: t0.Add(time.Minute)}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Result (-want +got):\n%s", diff)
	}
	if len(r.provider.Sends()) != 1 {
		t.Fatalf("provider calls = %d, want 1", len(r.provider.Sends()))
	}
	call := r.provider.Sends()[0]
	if call.To != "+447700900123" || call.Name != "appointment_reminder" || call.Language != "en_GB" {
		t.Errorf("provider saw %+v", call)
	}
	if got, want := call.Rendered.Text, "Hi Ann, a reminder of your appointment on Wednesday 25 November 2026 between 08:00-12:00."; got != want {
		t.Errorf("rendered text = %q, want %q", got, want)
	}
	if got, want := r.provider.Accounts()[0].BaseURL, "https://graph.example.com"; got != want {
		t.Errorf("account BaseURL = %q, want %q (trailing slash trimmed)", got, want)
	}
	if got, want := r.provider.Accounts()[0].Token, "EAAtoken1234"; got != want {
		t.Errorf("account token = %q, want %q", got, want)
	}
	events := r.noteEvents(t)
	if len(events) != 1 {
		t.Fatalf("case-note events = %d, want 1", len(events))
	}
	n := events[0].Note
	if events[0].OrgID != "org1" || n.ID != "01MSG" || n.Status != messaging.StatusAccepted || n.ProviderMessage != "wamid.abc" ||
		n.JobID != 1050 || n.AuthorName != "Sam Staff" || n.Template != "appointment_reminder" || n.Recipient != "+447700900123" {
		t.Errorf("note = %+v", events[0])
	}
	if len(r.outbound.Sent()) != 0 {
		t.Errorf("outbound queue got %d messages, want 0", len(r.outbound.Sent()))
	}
	if got := r.limiter.Keys(); len(got) != 1 || got[0] != "ORG#org1#RL#SEND#u1" {
		t.Errorf("limiter keys = %v, want one per-user key", got)
	}
	if got := r.metrics.Counts()["MessagesSent"]; got != 1 {
		t.Errorf("MessagesSent = %v, want 1", got)
	}
}

func TestServiceSendRefused(t *testing.T) {
	tests := []struct {
		name    string
		p       messaging.Principal
		edit    func(*rig)
		code    messaging.Code
		message string
	}{
		{name: "recipient opted out", edit: func(r *rig) { r.store.Suppress("org1", "+447700900123", true) },
			code: messaging.CodeUnprocessable, message: messaging.MsgOptedOut},
		{name: "not configured", edit: func(r *rig) { r.settings.APITokenSet = false },
			code: messaging.CodeNotConfigured, message: messaging.MsgNotConfigured},
		{name: "template pending", edit: func(r *rig) { r.template.Status = messaging.TemplatePending },
			code: messaging.CodeUnprocessable, message: "Template appointment_reminder is not approved (status PENDING) and cannot be sent"},
		{name: "template paused", edit: func(r *rig) { r.template.Status = messaging.TemplatePaused },
			code: messaging.CodeUnprocessable, message: "Template appointment_reminder is not approved (status PAUSED) and cannot be sent"},
		{name: "missing job values", edit: func(r *rig) { r.job.TimeWindow, r.job.TenantFirstName = "", "" },
			code: messaging.CodeUnprocessable, message: "Missing value for template variable: tenant_first_name, time_window"},
		{name: "unknown job", edit: func(r *rig) { r.job.ID = 9 }, code: messaging.CodeNotFound,
			message: "Job not found. It may not exist, have been deleted, or belong to a different organisation."},
		{name: "rate limited", edit: func(r *rig) {
			r.limiter.Decision = messaging.RateDecision{Limit: 20, Remaining: 0, Reset: t0.Add(30 * time.Second), RetryAfter: 29500 * time.Millisecond}
		}, code: messaging.CodeRateLimited, message: "Rate limit exceeded: you can send up to 20 messages per minute. Try again in 30 seconds."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig()
			if tt.edit != nil {
				tt.edit(r)
			}
			p := tt.p
			if p.OrgID == "" {
				p = sender1
			}
			_, err := r.service().Send(context.Background(), p, seedReq)
			if got := messaging.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (err %v), want %q", got, err, tt.code)
			}
			if got := messaging.ErrorMessage(err); got != tt.message {
				t.Errorf("message = %q, want %q", got, tt.message)
			}
			if len(r.provider.Sends()) != 0 || len(r.outbound.Sent()) != 0 || len(r.notes.Sent()) != 0 {
				t.Errorf("provider calls %d, queued %d, notes %d; want none", len(r.provider.Sends()), len(r.outbound.Sent()), len(r.notes.Sent()))
			}
		})
	}
}

func TestServiceRateLimitedCarriesDecision(t *testing.T) {
	r := newRig()
	r.limiter.Decision = messaging.RateDecision{Limit: 20, Remaining: 0, Reset: t0.Add(30 * time.Second), RetryAfter: 200 * time.Millisecond}
	res, err := r.service().Send(context.Background(), sender1, seedReq)
	var e *messaging.Error
	if !errors.As(err, &e) || e.RetryAfter != time.Second {
		t.Fatalf("err = %v, want a rate-limit error with RetryAfter 1s (the floor)", err)
	}
	if res.RateLimit == nil || res.RateLimit.Remaining != 0 || res.RateLimit.Limit != 20 {
		t.Errorf("RateLimit = %+v, want the limiter's decision", res.RateLimit)
	}
}

func TestServiceProviderFailures(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		queued   bool
		code     messaging.Code
		message  string
		authFail bool
	}{
		{name: "5xx", err: &whatsapp.Error{HTTPStatus: 503, Message: "Service Unavailable"}, queued: true},
		{name: "timeout", err: &whatsapp.Error{Timeout: true}, queued: true},
		{name: "network", err: errors.New("dial tcp: connection refused"), queued: true},
		{name: "throughput 130429", err: &whatsapp.Error{HTTPStatus: 400, Code: 130429, Message: "Rate limit hit"}, queued: true},
		{name: "pair rate 131056", err: &whatsapp.Error{HTTPStatus: 400, Code: 131056, Message: "Pair rate limit hit"}, queued: true},
		{name: "unknown 131000", err: &whatsapp.Error{HTTPStatus: 500, Code: 131000, Message: "Something went wrong"}, queued: true},
		{name: "undeliverable 131026", err: &whatsapp.Error{HTTPStatus: 400, Code: 131026, Message: "Message undeliverable"},
			code: messaging.CodeProviderRejected, message: "The WhatsApp provider rejected the message: Message undeliverable [code 131026]"},
		{name: "param mismatch 132000", err: &whatsapp.Error{HTTPStatus: 400, Code: 132000, Message: "Number of parameters does not match", Details: "body: expected 3, got 2"},
			code: messaging.CodeProviderRejected, message: "The WhatsApp provider rejected the message: Number of parameters does not match (body: expected 3, got 2) [code 132000]"},
		{name: "invalid parameter 100", err: &whatsapp.Error{HTTPStatus: 400, Code: 100, Message: "Invalid parameter"},
			code: messaging.CodeProviderRejected, message: "The WhatsApp provider rejected the message: Invalid parameter [code 100]"},
		{name: "bare 400 names the HTTP status", err: &whatsapp.Error{HTTPStatus: 400},
			code: messaging.CodeProviderRejected, message: "The WhatsApp provider rejected the message: HTTP status 400 [code 0]"},
		{name: "token expired 190", err: &whatsapp.Error{HTTPStatus: 401, Code: 190, Message: "Error validating access token"},
			code: messaging.CodeProviderFailed, authFail: true,
			message: "The WhatsApp provider rejected the organisation's credentials (code 190). An administrator must update the API token."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig()
			r.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) { return "", tt.err }
			res, err := r.service().Send(context.Background(), sender1, seedReq)
			events := r.noteEvents(t)
			if tt.queued {
				if err != nil {
					t.Fatalf("Send: %v, want queued", err)
				}
				if res.Status != "queued" || !res.Queued() || res.MessageID != "01MSG" {
					t.Errorf("Result = %+v, want queued with our message id", res)
				}
				if len(r.outbound.Sent()) != 1 {
					t.Fatalf("outbound = %d messages, want 1", len(r.outbound.Sent()))
				}
				q := r.outbound.Sent()[0]
				if got, want := q.GroupID, "org1#1055#447700900123"; got != want {
					t.Errorf("GroupID = %q, want %q", got, want)
				}
				if got, want := q.DeduplicationID, "01MSG"; got != want {
					t.Errorf("DeduplicationID = %q, want %q", got, want)
				}
				if m := q.Body.(messaging.OutboundMessage); m.ID != "01MSG" || !strings.HasPrefix(m.Reason, "provider ") || m.Rendered.Text == "" {
					t.Errorf("queued message = %+v", m)
				}
				if len(events) != 1 || events[0].Note.Status != messaging.StatusQueued {
					t.Errorf("notes = %+v, want one queued", events)
				}
				return
			}
			if got := messaging.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (err %v), want %q", got, err, tt.code)
			}
			if got := messaging.ErrorMessage(err); got != tt.message {
				t.Errorf("message = %q, want %q", got, tt.message)
			}
			if len(r.outbound.Sent()) != 0 {
				t.Errorf("outbound = %d messages, want 0", len(r.outbound.Sent()))
			}
			if len(events) != 1 || events[0].Note.Status != messaging.StatusFailed || len(events[0].Note.Errors) != 1 {
				t.Fatalf("notes = %+v, want one failed with its error", events)
			}
			var pe *whatsapp.Error
			errors.As(tt.err, &pe)
			if got := events[0].Note.Errors[0].Code; got != pe.Code {
				t.Errorf("note error code = %d, want %d", got, pe.Code)
			}
			if got := r.metrics.Counts()["ProviderAuthFailures"] == 1; got != tt.authFail {
				t.Errorf("ProviderAuthFailures counted = %v, want %v", got, tt.authFail)
			}
			if strings.Contains(err.Error(), "EAAtoken1234") {
				t.Errorf("error holds the token: %v", err)
			}
		})
	}
}

func TestServicePacingQueues(t *testing.T) {
	tests := []struct {
		name      string
		pair, num bool
	}{
		{name: "pair rate", pair: false, num: true},
		{name: "number throughput", pair: true, num: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig()
			r.pair.Decide = func(string) messaging.RateDecision {
				return messaging.RateDecision{Allowed: tt.pair, RetryAfter: 4 * time.Second}
			}
			r.num.Decide = func(string) messaging.RateDecision {
				return messaging.RateDecision{Allowed: tt.num, RetryAfter: time.Second}
			}
			res, err := r.service().Send(context.Background(), sender1, seedReq)
			if err != nil || !res.Queued() {
				t.Fatalf("Send = %+v, %v; want queued", res, err)
			}
			if len(r.provider.Sends()) != 0 {
				t.Errorf("provider calls = %d, want 0", len(r.provider.Sends()))
			}
			if got := r.outbound.Sent()[0].Body.(messaging.OutboundMessage).Reason; got != "pacing" {
				t.Errorf("Reason = %q, want pacing", got)
			}
			if got, want := r.pair.Keys()[0], "ORG#org1#PACE#PAIR#1055#447700900123"; got != want {
				t.Errorf("pair key = %q, want %q", got, want)
			}
		})
	}
}

func TestServiceQueueDown(t *testing.T) {
	r := newRig()
	r.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) {
		return "", &whatsapp.Error{HTTPStatus: 503}
	}
	r.outbound.Err = errors.New("sqs: unreachable")
	_, err := r.service().Send(context.Background(), sender1, seedReq)
	if got, want := messaging.ErrorCode(err), messaging.CodeUnavailable; got != want {
		t.Errorf("code = %q (err %v), want %q", got, err, want)
	}
}

func TestNoteIsWrittenDirectly(t *testing.T) {
	r := newRig()
	if _, err := r.service().Send(context.Background(), sender1, seedReq); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := len(r.notes.Sent()); got != 0 {
		t.Errorf("case-note queue holds %d events, want 0: the send writes its note itself", got)
	}
	notes := r.store.Notes("org1")
	if len(notes) != 1 {
		t.Fatalf("store notes = %d, want 1 written directly", len(notes))
	}
	if n := notes[0]; n.OrgID != "org1" || n.ID != "01MSG" || n.Status != messaging.StatusAccepted || n.ProviderMessage != "wamid.ok" {
		t.Errorf("note = %+v", n)
	}
}

func TestNoteFallsBackToQueue(t *testing.T) {
	r := newRig()
	r.store.Fail = memstore.FailOn("UpsertCaseNote", "01MSG", errors.New("dynamodb: throttled"))
	if _, err := r.service().Send(context.Background(), sender1, seedReq); err != nil {
		t.Fatalf("Send: %v", err)
	}
	sent := r.notes.Sent()
	if len(sent) != 1 {
		t.Fatalf("case-note queue holds %d events, want 1 when the table refuses the note", len(sent))
	}
	ev := sent[0].Body.(messaging.CaseNoteEvent)
	if ev.OrgID != "org1" || ev.Note.ID != "01MSG" || ev.Note.Status != messaging.StatusAccepted || ev.Note.ProviderMessage != "wamid.ok" {
		t.Errorf("queued note = %+v", ev)
	}
}

// publisher records the platform events a send emits.
type publisher struct{ events []platformevent.Event }

func (p *publisher) Publish(_ context.Context, evs ...platformevent.Event) error {
	p.events = append(p.events, evs...)
	return nil
}

// A note the send writes itself tells the organisation's platform as the case-note queue's
// handler would (case_note.created, once per note id).
func TestDirectNoteEmitsCaseNoteCreated(t *testing.T) {
	r := newRig()
	pub := &publisher{}
	svc := r.service()
	svc.Events = pub
	if _, err := svc.Send(context.Background(), sender1, seedReq); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if len(pub.events) != 1 {
		t.Fatalf("events emitted = %d, want 1 case_note.created", len(pub.events))
	}
	ev := pub.events[0]
	if ev.Type != platformevent.KindCaseNoteCreated || ev.OrgID != "org1" {
		t.Errorf("event = %+v, want case_note.created of org1", ev)
	}
	var data platformevent.CaseNoteCreated
	if err := json.Unmarshal(ev.Data, &data); err != nil || data.NoteID != "01MSG" || data.JobID != seedJob.ID {
		t.Errorf("event data = %#v, want note 01MSG of job %d", ev.Data, seedJob.ID)
	}
}

// TestPairPacingCarriesTheJob: the pair pacer, which moves the conversation on when it admits a
// message, is told the message's job by the API send and by the sender, and a sent message is
// then only kept in the conversation (one write, not the conversation's update again).
func TestPairPacingCarriesTheJob(t *testing.T) {
	tests := []struct {
		name string
		send func(r *rig, reach Reach) error
	}{
		{name: "api send", send: func(r *rig, reach Reach) error {
			s := r.service()
			s.Reach = reach
			_, err := s.Send(context.Background(), sender1, seedReq)
			return err
		}},
		{name: "queued send", send: func(r *rig, reach Reach) error {
			s := r.sender()
			s.Reach = reach
			_, err := s.Send(context.Background(), outbound("m1", "+447700900123"), 1)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig()
			reach := &writeCounter{Store: r.store}
			if err := tt.send(r, reach); err != nil {
				t.Fatal(err)
			}
			if got, want := r.pair.Jobs(), []int64{1050}; !cmp.Equal(got, want) {
				t.Errorf("pair reservations' jobs = %v, want %v", got, want)
			}
			if reach.kept != 1 || reach.recorded != 0 {
				t.Errorf("kept %d, recorded with a conversation update %d; want 1 and 0", reach.kept, reach.recorded)
			}
		})
	}
}

// writeCounter counts how the send path keeps messages in conversations.
type writeCounter struct {
	*memstore.Store
	kept, recorded int
}

func (w *writeCounter) KeepOutbound(ctx context.Context, orgID, phoneNumberID, phone string, m messaging.ConversationMessage) error {
	w.kept++
	return w.Store.KeepOutbound(ctx, orgID, phoneNumberID, phone, m)
}

func (w *writeCounter) RecordOutbound(ctx context.Context, orgID, phoneNumberID, phone string, m messaging.ConversationMessage) error {
	w.recorded++
	return w.Store.RecordOutbound(ctx, orgID, phoneNumberID, phone, m)
}
