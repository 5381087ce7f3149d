package eventdelivery

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/proplink/chat/shared/consume"
	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

type fakeEndpoints map[string]platformevent.Endpoint

func (f fakeEndpoints) ListEndpoints(_ context.Context, orgID string) ([]platformevent.Endpoint, error) {
	var out []platformevent.Endpoint
	for _, ep := range f {
		if ep.OrgID == orgID {
			out = append(out, ep)
		}
	}
	return out, nil
}

func (f fakeEndpoints) GetEndpoint(_ context.Context, orgID, id string) (platformevent.Endpoint, error) {
	ep, ok := f[id]
	if !ok || ep.OrgID != orgID {
		return platformevent.Endpoint{}, messaging.Errorf(messaging.CodeNotFound, "no endpoint")
	}
	return ep, nil
}

type fakeLog struct {
	mu       sync.Mutex
	attempts []platformevent.Attempt
}

func (f *fakeLog) RecordAttempt(_ context.Context, _ string, a platformevent.Attempt) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.attempts = append(f.attempts, a)
	return nil
}

type fakeSecrets map[string]string

func (f fakeSecrets) Get(_ context.Context, name string) (string, error) {
	v, ok := f[name]
	if !ok {
		return "", errors.New("no secret " + name)
	}
	return v, nil
}

type fakeQueue struct{ sent []messaging.QueueMessage }

func (f *fakeQueue) Send(_ context.Context, m messaging.QueueMessage) error {
	f.sent = append(f.sent, m)
	return nil
}

type fakeBus struct{ put []platformevent.Event }

func (f *fakeBus) Put(_ context.Context, evs []platformevent.Event) error {
	f.put = append(f.put, evs...)
	return nil
}

// receiver is an endpoint that answers with status and keeps what it received.
type receiver struct {
	status int
	got    []*http.Request
	bodies [][]byte
}

func (r *receiver) start(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.got, r.bodies = append(r.got, req), append(r.bodies, b)
		w.WriteHeader(r.status)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/hooks/proplink"
}

var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func world(t *testing.T, status int, ep platformevent.Endpoint) (*Service, *receiver, *fakeLog, *fakeQueue) {
	rcv := &receiver{status: status}
	ep.URL = rcv.start(t)
	log, dlq := &fakeLog{}, &fakeQueue{}
	s := &Service{
		Endpoints: fakeEndpoints{ep.ID: ep}, Log: log, DeadLetters: dlq, Queue: &fakeQueue{}, HTTP: http.DefaultClient, Metrics: &fakes.Metrics{},
		Secrets: fakeSecrets{
			platformevent.SecretName("org1", "ep1", "rev2"): "whsec_new",
			platformevent.SecretName("org1", "ep1", "rev1"): "whsec_old",
		},
		Now: func() time.Time { return now },
	}
	return s, rcv, log, dlq
}

func event(t *testing.T) platformevent.Event {
	ev, err := platformevent.New("org1", platformevent.KindMessageReceived, "conv1", "wamid.1", now, platformevent.MessageReceived{ConversationID: "conv1", Text: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestDeliver(t *testing.T) {
	ep := platformevent.Endpoint{ID: "ep1", OrgID: "org1", SecretRev: "rev2"}
	tests := []struct {
		name        string
		status      int
		receives    int
		last        bool
		wantAction  consume.Action
		wantOutcome platformevent.Outcome
		wantDLQ     int
	}{
		{"2xx is delivered", 204, 1, false, consume.Done, platformevent.Delivered, 0},
		{"503 retries", 503, 1, false, consume.Retry, platformevent.Retrying, 0},
		{"429 retries", 429, 2, false, consume.Retry, platformevent.Retrying, 0},
		{"503 on the last receive goes to the DLQ by redrive", 503, 8, true, consume.Retry, platformevent.DeadLettered, 0},
		{"410 goes to the DLQ at once", 410, 1, false, consume.Done, platformevent.DeadLettered, 1},
		{"400 goes to the DLQ at once", 400, 1, false, consume.Done, platformevent.DeadLettered, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, rcv, log, dlq := world(t, tt.status, ep)
			ev := event(t)
			out := s.deliver(context.Background(), platformevent.Record{Event: ev, EndpointID: "ep1"}, consume.Delivery{Receives: tt.receives, Last: tt.last})
			if out.Action != tt.wantAction {
				t.Errorf("action: got %s, want %s (%s)", out.Action, tt.wantAction, out.Reason)
			}
			if tt.wantAction == consume.Retry && out.Delay <= 0 {
				t.Errorf("retry delay: got %v, want a backoff", out.Delay)
			}
			if len(rcv.got) != 1 {
				t.Fatalf("requests: got %d, want 1", len(rcv.got))
			}
			req := rcv.got[0]
			if got := req.Header.Get(platformevent.HeaderID); got != ev.ID {
				t.Errorf("event id header: got %q, want %q", got, ev.ID)
			}
			if err := platformevent.Verify("whsec_new", req.Header.Get(platformevent.HeaderSignature), req.Header.Get(platformevent.HeaderTimestamp), rcv.bodies[0], now, time.Minute); err != nil {
				t.Errorf("signature: %v", err)
			}
			var got platformevent.Event
			if err := json.Unmarshal(rcv.bodies[0], &got); err != nil || got.ID != ev.ID {
				t.Errorf("body: got %s (%v), want the event", rcv.bodies[0], err)
			}
			if len(log.attempts) != 1 || log.attempts[0].Outcome != tt.wantOutcome || log.attempts[0].StatusCode != tt.status || log.attempts[0].Attempt != tt.receives {
				t.Errorf("log: got %+v, want one %s attempt %d with status %d", log.attempts, tt.wantOutcome, tt.receives, tt.status)
			}
			if len(dlq.sent) != tt.wantDLQ {
				t.Errorf("dead letters: got %d, want %d", len(dlq.sent), tt.wantDLQ)
			}
			if got := s.Metrics.(*fakes.Metrics).Counts()[MetricDeliveries]; got != 1 {
				t.Errorf("%s count: got %v, want 1", MetricDeliveries, got)
			}
		})
	}
}

func TestDeliverDuringRotationSignsWithBothSecrets(t *testing.T) {
	ep := platformevent.Endpoint{ID: "ep1", OrgID: "org1", SecretRev: "rev2", PrevSecretRev: "rev1", PrevSecretUntil: now.Add(time.Hour)}
	s, rcv, _, _ := world(t, 200, ep)
	s.deliver(context.Background(), platformevent.Record{Event: event(t), EndpointID: "ep1"}, consume.Delivery{Receives: 1})
	for _, secret := range []string{"whsec_new", "whsec_old"} {
		req := rcv.got[0]
		if err := platformevent.Verify(secret, req.Header.Get(platformevent.HeaderSignature), req.Header.Get(platformevent.HeaderTimestamp), rcv.bodies[0], now, time.Minute); err != nil {
			t.Errorf("verify with %s: %v", secret, err)
		}
	}
}

func TestDeliverToADeletedEndpointIsDone(t *testing.T) {
	s, rcv, log, _ := world(t, 200, platformevent.Endpoint{ID: "ep1", OrgID: "org1", SecretRev: "rev2"})
	out := s.deliver(context.Background(), platformevent.Record{Event: event(t), EndpointID: "gone"}, consume.Delivery{Receives: 1})
	if out.Action != consume.Done || len(rcv.got) != 0 || len(log.attempts) != 0 {
		t.Fatalf("got %s with %d requests and %d log lines, want done with none", out.Action, len(rcv.got), len(log.attempts))
	}
}

func TestFanOut(t *testing.T) {
	q, bus := &fakeQueue{}, &fakeBus{}
	s := &Service{Queue: q, Bus: bus, Endpoints: fakeEndpoints{
		"ep1": {ID: "ep1", OrgID: "org1"},
		"ep2": {ID: "ep2", OrgID: "org1", Kinds: []platformevent.Kind{platformevent.KindMessageStatus}},
		"ep3": {ID: "ep3", OrgID: "org1", Kinds: []platformevent.Kind{platformevent.KindMessageReceived}},
		"ep4": {ID: "ep4", OrgID: "org2"},
	}}
	ev := event(t)
	if out := s.fanOut(context.Background(), ev); out.Action != consume.Done {
		t.Fatalf("fan-out: got %s (%s), want done", out.Action, out.Reason)
	}
	got := map[string]messaging.QueueMessage{}
	for _, m := range q.sent {
		got[m.Body.(platformevent.Record).EndpointID] = m
	}
	if len(got) != 2 || got["ep1"].GroupID == "" || got["ep3"].GroupID == "" {
		t.Fatalf("delivery records: got %+v, want ep1 and ep3 (the org's endpoints that want the kind)", q.sent)
	}
	if got["ep1"].GroupID == got["ep3"].GroupID {
		t.Errorf("groups: both %s, want one per endpoint", got["ep1"].GroupID)
	}
	if got["ep1"].DeduplicationID != ev.ID+"-ep1" {
		t.Errorf("dedupe id: got %s, want the event and endpoint", got["ep1"].DeduplicationID)
	}
	if len(bus.put) != 1 || bus.put[0].ID != ev.ID {
		t.Errorf("bus: got %+v, want the event", bus.put)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"event":{"id":"evt_1","type":"message.status","org_id":"o","subject":"s","data":{}},"endpoint_id":"ep1"}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := Decode(body)
		if err == nil && (r.Event.ID == "" || r.Event.OrgID == "" || !r.Event.Type.Known()) {
			t.Fatalf("Decode(%q) = %+v without an error", body, r)
		}
	})
}

func TestDeliverToARefusedAddressGoesToTheDLQAtOnce(t *testing.T) {
	s, rcv, log, dlq := world(t, 200, platformevent.Endpoint{ID: "ep1", OrgID: "org1", SecretRev: "rev2"})
	s.HTTP = egress.New(egress.Config{Stage: "prod"}) // loopback is refused outside the local stage
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200) }))
	t.Cleanup(srv.Close)
	ep := platformevent.Endpoint{ID: "ep1", OrgID: "org1", SecretRev: "rev2", URL: srv.URL + "/hooks"}
	s.Endpoints = fakeEndpoints{"ep1": ep}
	out := s.deliver(context.Background(), platformevent.Record{Event: event(t), EndpointID: "ep1"}, consume.Delivery{Receives: 1})
	if out.Action != consume.Done || len(dlq.sent) != 1 {
		t.Fatalf("got %s (%s) with %d dead letters, want done with one", out.Action, out.Reason, len(dlq.sent))
	}
	if len(rcv.got) != 0 || len(log.attempts) != 1 || log.attempts[0].Outcome != platformevent.DeadLettered || log.attempts[0].StatusCode != 0 {
		t.Fatalf("log: got %+v, want one dead_lettered attempt without an answer", log.attempts)
	}
}
