package turnqueue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func turn(id string) assistant.Turn {
	return assistant.Turn{OrgID: "o1", PhoneNumberID: "pn1", ConversationID: "c1", Phone: "+447700900123",
		WAID: "447700900123", MessageID: id, Type: "text", Text: "hello", At: t0}
}

type fakeEngine struct {
	err  func(assistant.Turn) error
	seen []assistant.Turn
}

func (f *fakeEngine) Handle(_ context.Context, t assistant.Turn) error {
	f.seen = append(f.seen, t)
	if f.err == nil {
		return nil
	}
	return f.err(t)
}

type fakeHandovers struct {
	active bool
	err    error
}

func (f fakeHandovers) StaffActive(context.Context, string, string, time.Time) (bool, error) {
	return f.active, f.err
}

type countMetrics map[string]float64

func (m countMetrics) Count(name string, v float64, _ map[string]string) { m[name] += v }

func record(t *testing.T, tu assistant.Turn, group string) events.SQSMessage {
	t.Helper()
	b, err := json.Marshal(Message(tu).Body)
	if err != nil {
		t.Fatal(err)
	}
	return events.SQSMessage{MessageId: "sqs-" + tu.MessageID, Body: string(b), Attributes: map[string]string{"MessageGroupId": group}}
}

func TestMessage(t *testing.T) {
	m := Message(turn("wamid.A"))
	if m.GroupID != "c1" || m.DeduplicationID != "wamid.A" {
		t.Errorf("group, dedupe: got %q, %q, want c1, wamid.A", m.GroupID, m.DeduplicationID)
	}
	long := Message(turn("wamid." + strings.Repeat("x", 200)))
	if len(long.DeduplicationID) > maxDedupeLen || long.DeduplicationID == Message(turn("wamid.B")).DeduplicationID {
		t.Errorf("long wamid dedupe id: got %q", long.DeduplicationID)
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, body string
		ok         bool
	}{
		{"turn", `{"org_id":"o1","conversation_id":"c1","phone":"+447700900123","message_id":"wamid.A","type":"text","text":"hi"}`, true},
		{"no_org", `{"conversation_id":"c1","phone":"+447700900123","message_id":"wamid.A"}`, false},
		{"no_message", `{"org_id":"o1","conversation_id":"c1","phone":"+447700900123"}`, false},
		{"not_json", `{`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.body))
			if got := err == nil; got != tt.ok {
				t.Errorf("Decode ok: got %v (%v), want %v", got, err, tt.ok)
			}
		})
	}
}

func TestHandler(t *testing.T) {
	tests := []struct {
		name       string
		engineErr  error
		handovers  assistant.Handovers
		wantRetry  bool
		wantEngine int
		wantMetric string
	}{
		{"answered", nil, fakeHandovers{}, false, 1, MetricTurns},
		{"staff_active", nil, fakeHandovers{active: true}, false, 0, MetricTurnsQuiet},
		{"handover_unreadable", nil, fakeHandovers{err: errors.New("throttled")}, true, 0, ""},
		{"session_conflict", messaging.Errorf(messaging.CodeConflict, "changed"), nil, true, 1, ""},
		{"aws_failure", errors.New("dynamodb: connection reset"), nil, true, 1, ""},
		{"provider_busy", fmt.Errorf("reply: %w", &whatsapp.Error{HTTPStatus: 503}), nil, true, 1, ""},
		{"window_closed", messaging.Errorf(messaging.CodeUnprocessable, messaging.MsgWindowClosed), nil, false, 1, MetricTurnsDropped},
		{"provider_refused", &whatsapp.Error{HTTPStatus: 400, Code: 131047}, nil, false, 1, MetricTurnsDropped},
		{"invalid_buttons", fmt.Errorf("meta: %w", whatsapp.ErrInvalidMessage), nil, false, 1, MetricTurnsDropped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng := &fakeEngine{err: func(assistant.Turn) error { return tt.engineErr }}
			m := countMetrics{}
			h := &Handler{Engine: eng, Handovers: tt.handovers, Metrics: m, Now: func() time.Time { return t0 }}
			resp, _ := h.Handle(context.Background(), events.SQSEvent{Records: []events.SQSMessage{record(t, turn("wamid.A"), "c1")}})
			if got := len(resp.BatchItemFailures) == 1; got != tt.wantRetry {
				t.Errorf("retry: got %v, want %v", got, tt.wantRetry)
			}
			if len(eng.seen) != tt.wantEngine {
				t.Errorf("engine calls: got %d, want %d", len(eng.seen), tt.wantEngine)
			}
			if tt.wantMetric != "" && m[tt.wantMetric] != 1 {
				t.Errorf("metric %s: got %v, want 1 (%v)", tt.wantMetric, m[tt.wantMetric], m)
			}
		})
	}
}

func TestHandlerKeepsConversationOrder(t *testing.T) {
	eng := &fakeEngine{err: func(tu assistant.Turn) error {
		if tu.MessageID == "wamid.A" {
			return errors.New("throttled")
		}
		return nil
	}}
	h := &Handler{Engine: eng, Metrics: countMetrics{}, Now: func() time.Time { return t0 }}
	other := turn("wamid.C")
	other.ConversationID = "c2"
	ev := events.SQSEvent{Records: []events.SQSMessage{record(t, turn("wamid.A"), "c1"), record(t, turn("wamid.B"), "c1"), record(t, other, "c2")}}
	resp, _ := h.Handle(context.Background(), ev)
	var failed []string
	for _, f := range resp.BatchItemFailures {
		failed = append(failed, f.ItemIdentifier)
	}
	if got, want := strings.Join(failed, ","), "sqs-wamid.A,sqs-wamid.B"; got != want {
		t.Errorf("retried: got %s, want %s", got, want)
	}
	if len(eng.seen) != 2 || eng.seen[1].MessageID != "wamid.C" {
		t.Errorf("engine saw %+v, want wamid.A then wamid.C (wamid.B held behind A)", eng.seen)
	}
}

type memFlags map[string]string

func (f memFlags) Flag(_ context.Context, _, conv, flag string) error { f[conv] = flag; return nil }

func TestStaffFlags(t *testing.T) {
	tests := []struct{ reason, want string }{
		{assistant.FlagUnknownContact, messaging.FlagUnknownContact},
		{assistant.FlagTalkToStaff, messaging.FlagNeedsStaff},
		{assistant.FlagNotUnderstood, messaging.FlagNeedsStaff},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			flags := memFlags{}
			if err := (StaffFlags{Flagger: flags}).Flag(context.Background(), "o1", "c1", tt.reason); err != nil {
				t.Fatal(err)
			}
			if got := flags["c1"]; got != tt.want {
				t.Errorf("conversation flag: got %q, want %q", got, tt.want)
			}
		})
	}
}
