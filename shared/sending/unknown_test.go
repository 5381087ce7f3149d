package sending

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// clockedSender is a sender over the in-memory store's send records whose clock the test moves.
func clockedSender(r *rig, mem *memstore.Store, now *time.Time) *Sender {
	s := r.sender()
	s.Claims = mem
	s.Now = func() time.Time { return *now }
	return s
}

func TestSenderUnknownSend(t *testing.T) {
	ambiguous := map[string]error{
		"timeout":                    &whatsapp.Error{Timeout: true},
		"2xx without a message id":   &whatsapp.Error{HTTPStatus: 200, Message: "answer without a message id", Unconfirmed: true},
		"connection lost after send": &whatsapp.Error{Unconfirmed: true, Message: "the connection was lost after the request was sent"},
		"gateway timeout":            &whatsapp.Error{HTTPStatus: 504, Message: "gateway timeout"},
	}
	for name, cause := range ambiguous {
		t.Run(name+" is recorded unknown, not resent", func(t *testing.T) {
			r, mem, now := newRig(), memstore.New(), t0
			r.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) { return "", cause }
			s := clockedSender(r, mem, &now)
			out, err := s.Send(context.Background(), outbound("m1", "+447700900123"), 1)
			if err != nil || !out.Retry || out.Delay != UnknownWait {
				t.Fatalf("Send = %+v, %v; want a retry after UnknownWait", out, err)
			}
			if got, want := state(mem), "unknown"; got != want {
				t.Errorf("record = %q, want %q", got, want)
			}
			now = t0.Add(time.Minute)
			out, err = s.Send(context.Background(), outbound("m1", "+447700900123"), 2)
			if err != nil || !out.Retry || out.Delay != UnknownWait-time.Minute+time.Second {
				t.Errorf("redelivery within the wait = %+v, %v; want held until the wait is over", out, err)
			}
			if n := len(r.provider.Sends()); n != 1 {
				t.Errorf("provider calls = %d, want 1", n)
			}
		})
	}
	t.Run("a status webhook resolves it", func(t *testing.T) {
		r, mem, now := newRig(), memstore.New(), t0
		r.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) {
			return "", &whatsapp.Error{Timeout: true}
		}
		s := clockedSender(r, mem, &now)
		if _, err := s.Send(context.Background(), outbound("m1", "+447700900123"), 1); err != nil {
			t.Fatal(err)
		}
		_ = mem.ResolveSend(context.Background(), "org1", "m1", "wamid.LATE", now) // what the inbound processor does with the status
		now = t0.Add(UnknownWait + time.Minute)
		out, err := s.Send(context.Background(), outbound("m1", "+447700900123"), 2)
		if err != nil || out.Retry {
			t.Fatalf("Send after the status = %+v, %v; want done", out, err)
		}
		if n := len(r.provider.Sends()); n != 1 {
			t.Errorf("provider calls = %d, want 1 (never resent)", n)
		}
		events := r.noteEvents(t)
		if len(events) != 1 || events[0].Note.ProviderMessage != "wamid.LATE" || events[0].Note.Status != messaging.StatusAccepted {
			t.Errorf("notes = %+v, want one accepted with the status's wamid", events)
		}
	})
	t.Run("resent once after the bounded wait with the same callback data", func(t *testing.T) {
		r, mem, now := newRig(), memstore.New(), t0
		calls := 0
		r.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) {
			if calls++; calls == 1 {
				return "", &whatsapp.Error{Timeout: true}
			}
			return "wamid.SECOND", nil
		}
		s := clockedSender(r, mem, &now)
		for _, at := range []time.Duration{0, UnknownWait - time.Second} {
			now = t0.Add(at)
			if out, err := s.Send(context.Background(), outbound("m1", "+447700900123"), 1); err != nil || !out.Retry {
				t.Fatalf("Send at +%v = %+v, %v; want held", at, out, err)
			}
		}
		if n := len(r.provider.Sends()); n != 1 {
			t.Fatalf("provider calls within the wait = %d, want 1", n)
		}
		now = t0.Add(UnknownWait)
		if out, err := s.Send(context.Background(), outbound("m1", "+447700900123"), 3); err != nil || out.Retry {
			t.Fatalf("Send after the wait = %+v, %v; want sent", out, err)
		}
		if n := len(r.provider.Sends()); n != 2 || r.provider.Sends()[0].CallbackData != r.provider.Sends()[1].CallbackData {
			t.Errorf("provider calls = %+v, want 2 with the same callback data", r.provider.Sends())
		}
		if got, want := wamidOf(mem), "wamid.SECOND"; got != want {
			t.Errorf("recorded wamid = %q, want %q", got, want)
		}
	})
	t.Run("a refused connection is retried as before", func(t *testing.T) {
		r, mem, now := newRig(), memstore.New(), t0
		r.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) {
			return "", errors.New("dial tcp: connection refused")
		}
		out, err := clockedSender(r, mem, &now).Send(context.Background(), outbound("m1", "+447700900123"), 1)
		if err != nil || !out.Retry || out.Delay > 2*time.Second || state(mem) != "pending" {
			t.Errorf("Send = %+v, %v, record %q; want a quick retry, released to pending", out, err, state(mem))
		}
	})
}

func TestServiceUnconfirmed(t *testing.T) {
	t.Run("recorded unknown and queued to be looked at after the wait", func(t *testing.T) {
		r := newRig()
		r.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) {
			return "", &whatsapp.Error{Timeout: true}
		}
		res, err := r.service().Send(context.Background(), sender1, seedReq)
		if err != nil || !res.Queued() {
			t.Fatalf("Send = %+v, %v; want queued", res, err)
		}
		if got, want := r.claims.unknown["01MSG"], t0.Add(UnknownWait); !got.Equal(want) {
			t.Errorf("unknown until %v, want %v", got, want)
		}
		if len(r.outbound.Sent()) != 1 {
			t.Fatalf("outbound = %d, want 1", len(r.outbound.Sent()))
		}
		if m := r.outbound.Sent()[0].Body.(messaging.OutboundMessage); !m.NotBefore.Equal(t0.Add(UnknownWait)) {
			t.Errorf("queued NotBefore = %v, want %v", m.NotBefore, t0.Add(UnknownWait))
		}
	})
	t.Run("not queued: the caller is told it may have been sent", func(t *testing.T) {
		r := newRig()
		r.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) {
			return "", &whatsapp.Error{Timeout: true}
		}
		r.outbound.Err = errors.New("sqs: down")
		_, err := r.service().Send(context.Background(), sender1, seedReq)
		if !errors.Is(err, ErrMaybeSent) || messaging.ErrorCode(err) != messaging.CodeProviderFailed {
			t.Fatalf("err = %v, want a provider_failed ErrMaybeSent", err)
		}
		if !strings.Contains(messaging.ErrorMessage(err), "may have been sent") {
			t.Errorf("message = %q", messaging.ErrorMessage(err))
		}
		events := r.noteEvents(t)
		if len(events) != 1 || events[0].Note.Status != messaging.StatusFailed || !events[0].Note.Provisional {
			t.Errorf("notes = %+v, want one provisional failure", events)
		}
	})
	t.Run("a failure before anything was sent still frees the caller", func(t *testing.T) {
		r := newRig()
		r.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) {
			return "", &whatsapp.Error{HTTPStatus: 503}
		}
		r.outbound.Err = errors.New("sqs: down")
		_, err := r.service().Send(context.Background(), sender1, seedReq)
		if errors.Is(err, ErrMaybeSent) || messaging.ErrorCode(err) != messaging.CodeUnavailable {
			t.Errorf("err = %v, want unavailable, not maybe-sent", err)
		}
	})
}

func TestSenderPacingStopsAtDeadline(t *testing.T) {
	r := newRig()
	// Every reservation asks for one more second, forever.
	r.pair.Decide = func(string) messaging.RateDecision { return messaging.RateDecision{RetryAfter: time.Second} }
	now := t0
	s := r.sender()
	s.Now = func() time.Time { return now }
	s.MaxWait, s.Margin = 2*time.Second, 15*time.Second
	sleeps := 0
	s.Sleep = func(_ context.Context, d time.Duration) error {
		if sleeps++; sleeps > 1000 {
			return errors.New("the pacing loop never stopped")
		}
		now = now.Add(d)
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := s.Send(ctx, outbound("m1", "+447700900123"), 1)
	if err != nil || !out.Retry || !strings.HasPrefix(out.Reason, "pacing") {
		t.Fatalf("Send = %+v, %v; want handed back to the queue for pacing", out, err)
	}
	if slept := now.Sub(t0); slept > 15*time.Second || slept < 13*time.Second {
		t.Errorf("slept %v, want up to the deadline less the margin (15s)", slept)
	}
	if n := len(r.provider.Sends()); n != 0 {
		t.Errorf("provider calls = %d, want 0", n)
	}
}

func TestHandlerLastReceive(t *testing.T) {
	tests := []struct {
		name     string
		receives string
		wantNote bool
	}{
		{name: "an earlier receive waits its backoff", receives: "14"},
		{name: "the last receive notes the failure and lets go", receives: "15", wantNote: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig()
			r.provider.SendFunc = func(whatsapp.Account, whatsapp.TemplateSend) (string, error) {
				return "", &whatsapp.Error{HTTPStatus: 503}
			}
			vis := &fakes.Visibility{}
			h := &Handler{Sender: r.sender(), Visibility: vis, MaxReceives: 15}
			rec := record("r1", "g1", outbound("m1", "+447700900123"))
			rec.Attributes["ApproximateReceiveCount"] = tt.receives
			resp, _ := h.Handle(context.Background(), events.SQSEvent{Records: []events.SQSMessage{rec}})
			if got := failures(resp); len(got) != 1 {
				t.Fatalf("failures = %v, want the record left to SQS", got)
			}
			events := r.noteEvents(t)
			if !tt.wantNote {
				if d, _ := vis.Of("rh-r1"); len(events) != 0 || d == 0 {
					t.Errorf("notes %+v, visibility %v; want no note and a backoff", events, d)
				}
				return
			}
			if d, ok := vis.Of("rh-r1"); !ok || d != 0 {
				t.Errorf("visibility = %v (changed %v), want 0 (to the DLQ at once)", d, ok)
			}
			if len(events) != 1 || !events[0].Provisional {
				t.Fatalf("notes = %+v, want one provisional", events)
			}
			n := events[0].Note
			if n.Status != messaging.StatusFailed || !n.Provisional || len(n.Errors) != 1 || n.Errors[0].Title != "could not be sent after 15 tries" {
				t.Errorf("note = %+v, want a provisional failure \"could not be sent after 15 tries\"", n)
			}
			if r.metrics.Counts()["DLQArrivals"] != 1 {
				t.Errorf("metrics = %v, want one DLQ arrival", r.metrics.Counts())
			}
		})
	}
}

func TestUnknownWaitFrom(t *testing.T) {
	tests := []struct {
		name    string
		value   string
		want    time.Duration
		wantErr bool
	}{
		{name: "unset is the constant", want: UnknownWait},
		{name: "a duration", value: "20s", want: 20 * time.Second},
		{name: "not a duration", value: "soon", wantErr: true},
		{name: "zero", value: "0s", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := UnknownWaitFrom(func(string) string { return tt.value })
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("UnknownWaitFrom(%q) = %v, %v; want %v (error %v)", tt.value, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// state and wamidOf read message m1's send record.
func state(mem *memstore.Store) string   { st, _ := mem.SendState("org1", "m1"); return st }
func wamidOf(mem *memstore.Store) string { _, w := mem.SendState("org1", "m1"); return w }
