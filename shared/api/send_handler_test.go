package api

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/idempotency"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

func TestSendAnswers(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*world)
		body    string
		status  int
		want    string
		headers map[string]string
	}{
		{name: "sent", status: 200,
			want:    `{"success":true,"data":{"message_id":"wamid.abcdef123456","status":"sent","recipient":"+447700900123","template":"appointment_reminder"},"message":"WhatsApp message sent successfully"}`,
			headers: map[string]string{"X-RateLimit-Limit": "20", "X-RateLimit-Remaining": "19", "X-RateLimit-Reset": unix(t0.Add(time.Minute))}},
		{name: "queued on a provider outage", status: 202,
			edit: func(w *world) {
				w.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) {
					return "", &whatsapp.Error{HTTPStatus: 503}
				}
			},
			want: `{"success":true,"data":{"message_id":"01MSG1","status":"queued","recipient":"+447700900123","template":"appointment_reminder"},"message":"WhatsApp message queued for sending"}`},
		{name: "rate limited", status: 429,
			edit: func(w *world) {
				w.limiter.Decision = messaging.RateDecision{Limit: 20, Remaining: 0, Reset: t0.Add(42 * time.Second), RetryAfter: 41200 * time.Millisecond}
			},
			want:    `{"success":false,"error":"Rate limit exceeded: you can send up to 20 messages per minute. Try again in 42 seconds."}`,
			headers: map[string]string{"Retry-After": "42", "X-RateLimit-Remaining": "0", "X-RateLimit-Limit": "20", "X-RateLimit-Reset": unix(t0.Add(42 * time.Second))}},
		{name: "not configured", status: 400, edit: func(w *world) { w.store.DeleteSettings("org1") },
			want: `{"success":false,"error":"WhatsApp integration is not configured"}`},
		{name: "bad phone", status: 400, body: `{"job_id": 1050, "phone_number": "+44 7700 900123", "template_id": 3}`,
			want: `{"success":false,"error":"Invalid phone number format. Use E.164 format, e.g. +447700900123"}`},
		{name: "no job id", status: 400, body: `{"phone_number": "+447700900123", "template_id": 3}`,
			want: `{"success":false,"error":"Job ID is required"}`},
		{name: "template not approved", status: 422, body: `{"job_id": 1050, "phone_number": "+447700900123", "template_id": 5}`,
			want: `{"success":false,"error":"Template gas_safety_notice is not approved (status PENDING) and cannot be sent"}`},
		{name: "another tenant's job is not found", status: 404, body: `{"job_id": 999, "phone_number": "+447700900123", "template_id": 3}`,
			want: `{"success":false,"error":"` + msgJobAbsent + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			if tt.edit != nil {
				tt.edit(w)
			}
			body := tt.body
			if body == "" {
				body = seedBody
			}
			resp := w.do(req("POST", routeSend, "/api/whatsapp/send", tokSender, body))
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if resp.Body != tt.want {
				t.Errorf("body = %s\nwant %s", resp.Body, tt.want)
			}
			for k, v := range tt.headers {
				if got := resp.Headers[k]; got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

func TestIdempotency(t *testing.T) {
	stored := idempotency.Outcome{StatusCode: 200, Headers: map[string]string{"Content-Type": "application/json"}, Body: []byte(`{"success":true,"data":{"message_id":"wamid.first"}}`)}
	tests := []struct {
		name      string
		state     idempotency.State
		send      func() (string, error)
		status    int
		body      string
		calls     int
		completed int
		released  int
	}{
		{name: "replay returns the stored answer without sending", state: idempotency.Replay, status: 200, body: string(stored.Body)},
		{name: "mismatch", state: idempotency.Mismatch, status: 422,
			body: `{"success":false,"error":"This Idempotency-Key was already used with a different request body"}`},
		{name: "in progress", state: idempotency.InProgress, status: 409,
			body: `{"success":false,"error":"A request with this Idempotency-Key is still in progress"}`},
		{name: "first use completes the key", status: 200, calls: 1, completed: 1},
		{name: "5xx frees the key", send: func() (string, error) { return "", &whatsapp.Error{HTTPStatus: 401, Code: 190} },
			status: 502, calls: 1, released: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			w.idem.state, w.idem.stored = tt.state, stored
			if tt.send != nil {
				w.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) { return tt.send() }
			}
			r := req("POST", routeSend, "/api/whatsapp/send", tokSender, seedBody)
			r.Headers["idempotency-key"] = "k-1"
			resp := w.do(r)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d (%s)", resp.StatusCode, tt.status, resp.Body)
			}
			if tt.body != "" && resp.Body != tt.body {
				t.Errorf("body = %s, want %s", resp.Body, tt.body)
			}
			if len(w.provider.Sends()) != tt.calls {
				t.Errorf("provider calls = %d, want %d", len(w.provider.Sends()), tt.calls)
			}
			if len(w.idem.completed) != tt.completed || len(w.idem.released) != tt.released {
				t.Errorf("completed %d, released %d; want %d, %d", len(w.idem.completed), len(w.idem.released), tt.completed, tt.released)
			}
			if tt.completed == 1 && w.idem.completed[0].Body == nil {
				t.Errorf("completed with no body")
			}
			if len(w.idem.claims) != 1 || !strings.HasPrefix(w.idem.claims[0], "ORG#org1#IDEM#u1#k-1|") {
				t.Errorf("claims = %v, want one scoped to org and user", w.idem.claims)
			}
			if tt.state == idempotency.Replay && resp.Headers["Idempotent-Replayed"] != "true" {
				t.Errorf("replay lacks Idempotent-Replayed: %v", resp.Headers)
			}
		})
	}
}

// memIdem is the idempotency store's behaviour in memory: a completed key replays, a released
// one is free again.
type memIdem struct {
	done     map[string]idempotency.Outcome
	released int
}

func (m *memIdem) Claim(_ context.Context, key, _ string, _ time.Time) (idempotency.Outcome, error) {
	if out, ok := m.done[key]; ok {
		out.State = idempotency.Replay
		return out, nil
	}
	return idempotency.Outcome{State: idempotency.Claimed}, nil
}

func (m *memIdem) Complete(_ context.Context, key string, out idempotency.Outcome) error {
	m.done[key] = out
	return nil
}

func (m *memIdem) Release(context.Context, string) error {
	m.released++
	return nil
}

func TestIdempotencyKeyKeptWhenTheMessageMayHaveGone(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantCalls int
	}{
		// The provider timed out (it may have the message) and the check could not be queued:
		// a retry under the same key must not send a second copy.
		{name: "unconfirmed and not queued keeps the key", err: &whatsapp.Error{Timeout: true}, wantCalls: 1},
		// A 503 with an error body: nothing was sent, so the retry may send.
		{name: "refused and not queued frees the key", err: &whatsapp.Error{HTTPStatus: 503, Code: 2}, wantCalls: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			idem := &memIdem{done: map[string]idempotency.Outcome{}}
			w.api.Idempotency = idem
			w.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) { return "", tt.err }
			w.outbound.Err = errors.New("sqs: unavailable")
			var answers []apigw.Response
			for range 2 {
				r := req("POST", routeSend, "/api/whatsapp/send", tokSender, seedBody)
				r.Headers["idempotency-key"] = "k-1"
				answers = append(answers, w.do(r))
			}
			if len(w.provider.Sends()) != tt.wantCalls {
				t.Errorf("provider calls = %d, want %d", len(w.provider.Sends()), tt.wantCalls)
			}
			if answers[0].StatusCode < 500 || answers[1].StatusCode != answers[0].StatusCode {
				t.Errorf("answers %d then %d, want the same 5xx", answers[0].StatusCode, answers[1].StatusCode)
			}
			if tt.wantCalls == 1 && (answers[1].Headers["Idempotent-Replayed"] != "true" || !strings.Contains(answers[1].Body, "may have been sent")) {
				t.Errorf("retry = %+v, want the replayed \"may have been sent\" answer", answers[1])
			}
		})
	}
}
