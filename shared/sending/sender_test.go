package sending

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

func outbound(id, recipient string) messaging.OutboundMessage {
	return messaging.OutboundMessage{ID: id, OrgID: "org1", JobID: 1050, Recipient: recipient, TemplateID: 3,
		TemplateName: "appointment_reminder", Language: "en_GB", Rendered: messaging.Rendered{Text: "Hi Ann"}, CreatedAt: t0}
}

func TestSenderClaims(t *testing.T) {
	tests := []struct {
		name      string
		claim     messaging.SendClaim
		wantRetry bool
		wantDelay time.Duration
		wantNote  messaging.Status
	}{
		{name: "already sent re-emits the note", claim: messaging.SendClaim{Sent: true, WAMID: "wamid.old"}, wantNote: messaging.StatusAccepted},
		{name: "already failed", claim: messaging.SendClaim{Failed: true}},
		{name: "busy retries after the lease", claim: messaging.SendClaim{Busy: true}, wantRetry: true, wantDelay: 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig()
			r.claims.claim = func(string) (messaging.SendClaim, error) { return tt.claim, nil }
			out, err := r.sender().Send(context.Background(), outbound("m1", "+447700900123"), 2)
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			if out.Retry != tt.wantRetry || out.Delay != tt.wantDelay {
				t.Errorf("Outcome = %+v, want retry %v delay %v", out, tt.wantRetry, tt.wantDelay)
			}
			if len(r.provider.Sends()) != 0 {
				t.Errorf("provider calls = %d, want 0", len(r.provider.Sends()))
			}
			if len(r.claims.released) != 0 {
				t.Errorf("released %v, want nothing (the claim is not ours)", r.claims.released)
			}
			events := r.noteEvents(t)
			if tt.wantNote == "" {
				if len(events) != 0 {
					t.Errorf("notes = %+v, want none", events)
				}
				return
			}
			if len(events) != 1 || events[0].Note.Status != tt.wantNote || events[0].Note.ProviderMessage != tt.claim.WAMID {
				t.Errorf("notes = %+v, want one %s with %s", events, tt.wantNote, tt.claim.WAMID)
			}
		})
	}
}

func TestSenderSent(t *testing.T) {
	r := newRig()
	r.provider.SendFunc = func(_ whatsapp.Account, m whatsapp.TemplateSend) (string, error) { return "wamid.new", nil }
	out, err := r.sender().Send(context.Background(), outbound("m1", "+447700900123"), 1)
	if err != nil || out.Retry {
		t.Fatalf("Send = %+v, %v; want done", out, err)
	}
	if got, want := r.claims.sent, map[string]string{"m1": "wamid.new"}; !cmp.Equal(got, want) {
		t.Errorf("recorded sent = %v, want %v", got, want)
	}
	if got, want := r.provider.Sends()[0].CallbackData, "v1|org1|1050|m1"; got != want {
		t.Errorf("CallbackData = %q, want %q", got, want)
	}
	events := r.noteEvents(t)
	if len(events) != 1 || events[0].Note.Status != messaging.StatusAccepted || events[0].Note.AuthorName != "PropLink Chat" {
		t.Errorf("notes = %+v, want one accepted by PropLink Chat", events)
	}
}

func TestSenderProviderErrors(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		retry    bool
		minDelay time.Duration
		maxDelay time.Duration
	}{
		{name: "5xx", err: &whatsapp.Error{HTTPStatus: 502}, retry: true, minDelay: 2 * time.Second, maxDelay: 4 * time.Second},
		{name: "131000", err: &whatsapp.Error{HTTPStatus: 500, Code: 131000}, retry: true, minDelay: 2 * time.Second, maxDelay: 4 * time.Second},
		{name: "pace with provider hint", err: &whatsapp.Error{HTTPStatus: 400, Code: 131056, RetryAfter: time.Minute}, retry: true, minDelay: time.Minute, maxDelay: time.Minute},
		{name: "pace without hint", err: &whatsapp.Error{HTTPStatus: 400, Code: 130429}, retry: true, minDelay: 2 * time.Second, maxDelay: 4 * time.Second},
		{name: "permanent 131026", err: &whatsapp.Error{HTTPStatus: 400, Code: 131026, Message: "Message undeliverable"}},
		{name: "auth 190", err: &whatsapp.Error{HTTPStatus: 401, Code: 190, Message: "expired"}},
		{name: "blocked 368", err: &whatsapp.Error{HTTPStatus: 400, Code: 368, Message: "blocked"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig()
			r.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) { return "", tt.err }
			out, err := r.sender().Send(context.Background(), outbound("m1", "+447700900123"), 2)
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			if out.Retry != tt.retry {
				t.Fatalf("Outcome = %+v, want retry %v", out, tt.retry)
			}
			events := r.noteEvents(t)
			if tt.retry {
				if out.Delay < tt.minDelay || out.Delay > tt.maxDelay {
					t.Errorf("Delay = %v, want in [%v, %v]", out.Delay, tt.minDelay, tt.maxDelay)
				}
				if diff := cmp.Diff([]string{"m1"}, r.claims.released); diff != "" {
					t.Errorf("released (-want +got):\n%s", diff)
				}
				if len(r.claims.failed) != 0 || len(events) != 0 {
					t.Errorf("failed %v, notes %v; want none", r.claims.failed, events)
				}
				return
			}
			if _, ok := r.claims.failed["m1"]; !ok {
				t.Errorf("RecordFailed not called: %v", r.claims.failed)
			}
			if len(r.claims.released) != 0 {
				t.Errorf("released %v, want nothing", r.claims.released)
			}
			if len(events) != 1 || events[0].Note.Status != messaging.StatusFailed || len(events[0].Note.Errors) != 1 {
				t.Fatalf("notes = %+v, want one failed", events)
			}
			if got, want := events[0].Note.Errors[0].Code, tt.err.(*whatsapp.Error).Code; got != want {
				t.Errorf("note error code = %d, want %d", got, want)
			}
			if got, want := r.metrics.Counts()["ProviderAuthFailures"] == 1, tt.err.(*whatsapp.Error).Code == 190; got != want {
				t.Errorf("ProviderAuthFailures counted = %v, want %v", got, want)
			}
		})
	}
}

func TestSenderNotBefore(t *testing.T) {
	r := newRig()
	m := outbound("m1", "+447700900123")
	m.NotBefore = t0.Add(90 * time.Minute)
	out, err := r.sender().Send(context.Background(), m, 1)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if !out.Retry || out.Delay != 90*time.Minute {
		t.Errorf("Outcome = %+v, want retry in 90m", out)
	}
	if len(r.claims.claimed) != 0 || len(r.provider.Sends()) != 0 {
		t.Errorf("claimed %v, provider calls %d; want none", r.claims.claimed, len(r.provider.Sends()))
	}
}

func TestSenderPacing(t *testing.T) {
	t.Run("short wait is slept through", func(t *testing.T) {
		r := newRig()
		n := 0
		r.pair.Decide = func(string) messaging.RateDecision {
			n++
			return messaging.RateDecision{Allowed: n > 1, RetryAfter: time.Second}
		}
		s := r.sender()
		var slept []time.Duration
		s.Sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
		out, err := s.Send(context.Background(), outbound("m1", "+447700900123"), 1)
		if err != nil || out.Retry {
			t.Fatalf("Send = %+v, %v; want sent", out, err)
		}
		if diff := cmp.Diff([]time.Duration{time.Second}, slept); diff != "" {
			t.Errorf("slept (-want +got):\n%s", diff)
		}
		if len(r.provider.Sends()) != 1 {
			t.Errorf("provider calls = %d, want 1", len(r.provider.Sends()))
		}
	})
	t.Run("long wait goes back to the queue", func(t *testing.T) {
		r := newRig()
		r.num.Decide = func(string) messaging.RateDecision { return messaging.RateDecision{RetryAfter: 10 * time.Second} }
		out, err := r.sender().Send(context.Background(), outbound("m1", "+447700900123"), 1)
		if err != nil || !out.Retry || out.Delay < 10*time.Second || out.Delay >= 11*time.Second {
			t.Fatalf("Send = %+v, %v; want retry in [10s, 11s)", out, err)
		}
		if len(r.provider.Sends()) != 0 {
			t.Errorf("provider calls = %d, want 0", len(r.provider.Sends()))
		}
		if diff := cmp.Diff([]string{"m1"}, r.claims.released); diff != "" {
			t.Errorf("released (-want +got):\n%s", diff)
		}
	})
}

func TestSenderNotConfigured(t *testing.T) {
	r := newRig()
	r.store.Fail = memstore.FailOn("GetSettings", "org1", messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured))
	out, err := r.sender().Send(context.Background(), outbound("m1", "+447700900123"), 1)
	if err != nil || out.Retry {
		t.Fatalf("Send = %+v, %v; want failed for good", out, err)
	}
	if _, ok := r.claims.failed["m1"]; !ok || len(r.provider.Sends()) != 0 {
		t.Errorf("failed %v, provider calls %d; want failed, no call", r.claims.failed, len(r.provider.Sends()))
	}
}

func TestSenderStoreErrorReleases(t *testing.T) {
	r := newRig()
	r.store.Fail = memstore.FailOn("GetSettings", "org1", errors.New("dynamo: throttled"))
	if _, err := r.sender().Send(context.Background(), outbound("m1", "+447700900123"), 1); err == nil {
		t.Fatal("Send = nil error, want the store's")
	}
	if diff := cmp.Diff([]string{"m1"}, r.claims.released); diff != "" {
		t.Errorf("released (-want +got):\n%s", diff)
	}
}

func TestSenderRecordSentFails(t *testing.T) {
	// The provider has the message: retrying would send it to the person a second time.
	r := newRig()
	r.claims.sentErr = errors.New("dynamo: throttled")
	out, err := r.sender().Send(context.Background(), outbound("m1", "+447700900123"), 1)
	if err != nil || out.Retry {
		t.Errorf("Send = %+v, %v; want done (no second send)", out, err)
	}
	if len(r.claims.released) != 0 {
		t.Errorf("released %v, want nothing", r.claims.released)
	}
	if events := r.noteEvents(t); len(events) != 1 || events[0].Note.Status != messaging.StatusAccepted {
		t.Errorf("notes = %+v, want one accepted", events)
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		receives int
		min, max time.Duration
	}{
		{-1, time.Second, 2 * time.Second},
		{0, time.Second, 2 * time.Second},
		{1, time.Second, 2 * time.Second},
		{2, 2 * time.Second, 4 * time.Second},
		{3, 4 * time.Second, 8 * time.Second},
		{5, 16 * time.Second, 32 * time.Second},
		{8, 128 * time.Second, 256 * time.Second},
		{9, 256 * time.Second, 512 * time.Second},
		{10, 450 * time.Second, 900 * time.Second},
		{50, 450 * time.Second, 900 * time.Second},
	}
	for _, tt := range tests {
		t.Run(time.Duration(tt.receives).String(), func(t *testing.T) {
			for range 200 {
				if got := Backoff(tt.receives); got < tt.min || got >= tt.max {
					t.Fatalf("Backoff(%d) = %v, want in [%v, %v)", tt.receives, got, tt.min, tt.max)
				}
			}
		})
	}
}

func record(id, group string, body any) events.SQSMessage {
	b, _ := json.Marshal(body)
	if s, ok := body.(string); ok {
		b = []byte(s)
	}
	return events.SQSMessage{MessageId: id, ReceiptHandle: "rh-" + id, Body: string(b),
		Attributes: map[string]string{"MessageGroupId": group, "ApproximateReceiveCount": "1"}}
}

func failures(resp events.SQSEventResponse) []string {
	var ids []string
	for _, f := range resp.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	return ids
}

func TestHandlerFIFOGroups(t *testing.T) {
	r := newRig()
	r.provider.SendFunc = func(_ whatsapp.Account, m whatsapp.TemplateSend) (string, error) {
		if m.To == "+447700900123" {
			return "", &whatsapp.Error{HTTPStatus: 503}
		}
		return "wamid.ok", nil
	}
	vis := &fakes.Visibility{}
	h := &Handler{Sender: r.sender(), Visibility: vis}
	ev := events.SQSEvent{Records: []events.SQSMessage{
		record("a1", "gA", outbound("m1", "+447700900123")),
		record("b1", "gB", outbound("m4", "+447700900456")),
		record("a2", "gA", outbound("m2", "+447700900123")),
		record("a3", "gA", outbound("m3", "+447700900123")),
	}}
	resp, err := h.Handle(context.Background(), ev)
	if err != nil {
		t.Fatalf("Handle: %v", err)
	}
	if diff := cmp.Diff([]string{"a1", "a2", "a3"}, failures(resp)); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
	var tos []string
	for _, c := range r.provider.Sends() {
		tos = append(tos, c.CallbackData)
	}
	if diff := cmp.Diff([]string{"v1|org1|1050|m1", "v1|org1|1050|m4"}, tos); diff != "" {
		t.Errorf("provider saw (-want +got):\n%s", diff)
	}
	if d, ok := vis.Of("rh-a1"); !ok || d < time.Second || d > 2*time.Second {
		t.Errorf("visibility of a1 = %v, %v; want the backoff", d, ok)
	}
	if _, ok := vis.Of("rh-a2"); ok {
		t.Errorf("a2 was touched; want it left for redelivery in order")
	}
}

func TestHandlerRecords(t *testing.T) {
	tests := []struct {
		name     string
		body     any
		edit     func(*rig)
		failed   bool
		calls    int
		wantVis  time.Duration // 0: no visibility change
		visExact bool
		released bool // made visible at once, to reach the DLQ (package consume)
	}{
		{name: "sent", body: outbound("m1", "+447700900123"), calls: 1},
		{name: "not JSON", body: "{not json", failed: true, released: true},
		{name: "no id", body: messaging.OutboundMessage{OrgID: "org1"}, failed: true, released: true},
		{name: "no org", body: messaging.OutboundMessage{ID: "m1"}, failed: true, released: true},
		{name: "permanent is done with", body: outbound("m1", "+447700900123"), calls: 1, edit: func(r *rig) {
			r.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) {
				return "", &whatsapp.Error{HTTPStatus: 400, Code: 131026}
			}
		}},
		{name: "claim error retries", body: outbound("m1", "+447700900123"), failed: true, edit: func(r *rig) {
			r.claims.claim = func(string) (messaging.SendClaim, error) { return messaging.SendClaim{}, errors.New("dynamo: down") }
		}},
		{name: "delay capped at 12 hours", body: func() messaging.OutboundMessage {
			m := outbound("m1", "+447700900123")
			m.NotBefore = t0.Add(48 * time.Hour)
			return m
		}(), failed: true, wantVis: 12 * time.Hour, visExact: true},
		{name: "delay under the cap", body: func() messaging.OutboundMessage {
			m := outbound("m1", "+447700900123")
			m.NotBefore = t0.Add(3 * time.Hour)
			return m
		}(), failed: true, wantVis: 3 * time.Hour, visExact: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig()
			if tt.edit != nil {
				tt.edit(r)
			}
			vis := &fakes.Visibility{}
			h := &Handler{Sender: r.sender(), Visibility: vis}
			resp, err := h.Handle(context.Background(), events.SQSEvent{Records: []events.SQSMessage{record("r1", "g", tt.body)}})
			if err != nil {
				t.Fatalf("Handle: %v", err)
			}
			var want []string
			if tt.failed {
				want = []string{"r1"}
			}
			if diff := cmp.Diff(want, failures(resp)); diff != "" {
				t.Errorf("failures (-want +got):\n%s", diff)
			}
			if got := len(r.provider.Sends()); got != tt.calls {
				t.Errorf("provider calls = %d, want %d", got, tt.calls)
			}
			if tt.visExact {
				if got, _ := vis.Of("rh-r1"); got != tt.wantVis {
					t.Errorf("visibility = %v, want %v", got, tt.wantVis)
				}
			}
			if got, ok := vis.Of("rh-r1"); tt.released && (!ok || got != 0) {
				t.Errorf("visibility = %v (changed %v), want 0: an unreadable message is dead-lettered at once", got, ok)
			}
		})
	}
}
