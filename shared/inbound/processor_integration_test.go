//go:build integration

package inbound

import (
	"context"
	"testing"
	"time"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/messaging"
)

// TestStatusesForwardOnly runs status webhooks through the processor into the real table on
// moto, where the forward-only rule lives (UpsertCaseNote's condition).
func TestStatusesForwardOnly(t *testing.T) {
	cfg := moto.Config()
	db := ddb.NewFromConfig(cfg)
	tests := []struct {
		name        string
		order       []messaging.Status
		want        messaging.Status
		wantHistory int
	}{
		{"in order", []messaging.Status{"sent", "delivered", "read"}, "read", 3},
		{"out of order", []messaging.Status{"read", "sent", "delivered"}, "read", 1},
		{"repeated", []messaging.Status{"sent", "sent", "delivered", "delivered"}, "delivered", 2},
		{"failed is final", []messaging.Status{"sent", "failed", "read"}, "failed", 2},
		{"unknown status ignored", []messaging.Status{"sent", "deleted"}, "sent", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := dynamo.New(db, dynamotest.CreateTable(t, cfg))
			p := &Processor{Store: store, Provider: &fakes.Provider{}, Secrets: secrets, Metrics: &fakes.Metrics{}, Now: func() time.Time { return t0 }}
			for i, s := range tt.order {
				var errs []messaging.StatusError
				if s == messaging.StatusFailed {
					errs = []messaging.StatusError{{Code: 131026, Title: "Message undeliverable"}}
				}
				if err := p.Process(context.Background(), statusEvent(s, t0.Add(time.Duration(i)*time.Second), errs...)); err != nil {
					t.Fatal(err)
				}
			}
			notes, _, err := store.ListCaseNotes(context.Background(), "o1", 1050, 0, 0)
			if err != nil || len(notes) != 1 {
				t.Fatalf("ListCaseNotes = %d notes, %v; want 1", len(notes), err)
			}
			n := notes[0]
			if n.Status != tt.want || len(n.StatusHistory) != tt.wantHistory || n.JobID != 1050 || n.ProviderMessage != "wamid.S1" {
				t.Errorf("note: got %s with %d history (job %d, wamid %s), want %s with %d", n.Status, len(n.StatusHistory), n.JobID, n.ProviderMessage, tt.want, tt.wantHistory)
			}
		})
	}
}

// TestJoblessStatusesReachTheThread: a message without a job has no case note; its statuses
// reach its conversation on moto, forward-only, with a failure's reasons, and the thread's
// read shows them on the message.
func TestJoblessStatusesReachTheThread(t *testing.T) {
	cfg := moto.Config()
	db := ddb.NewFromConfig(cfg)
	undeliverable := messaging.StatusError{Code: 131026, Title: "Message undeliverable"}
	tests := []struct {
		name       string
		order      []messaging.Status
		want       messaging.Status
		wantErrors []messaging.StatusError
	}{
		{"in order", []messaging.Status{"sent", "delivered", "read"}, "read", nil},
		{"out of order", []messaging.Status{"read", "sent", "delivered"}, "read", nil},
		{"failed with its reason", []messaging.Status{"sent", "failed", "read"}, "failed", []messaging.StatusError{undeliverable}},
		{"unknown status ignored", []messaging.Status{"sent", "deleted"}, "sent", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store := dynamo.New(db, dynamotest.CreateTable(t, cfg))
			reply := messaging.ConversationMessage{ID: "01JREPLY", Direction: messaging.DirectionOutbound, Type: "text", Text: "On my way",
				Status: messaging.StatusAccepted, At: t0.Add(-time.Minute)}
			if err := store.RecordOutbound(ctx, "o1", "pn1", "+447700900123", reply); err != nil {
				t.Fatal(err)
			}
			p := &Processor{Store: store, Provider: &fakes.Provider{}, Secrets: secrets, Metrics: &fakes.Metrics{}, Now: func() time.Time { return t0 }}
			for i, s := range tt.order {
				ev := statusEvent(s, t0.Add(time.Duration(i)*time.Second))
				ev.Event.Status.CallbackData = "v1|o1|0|01JREPLY"
				if s == messaging.StatusFailed {
					ev.Event.Status.Errors = []messaging.StatusError{undeliverable}
				}
				if err := p.Process(ctx, ev); err != nil {
					t.Fatal(err)
				}
			}
			_, msgs, total, err := store.ConversationWithMessages(ctx, "o1", messaging.ConversationID("o1", "pn1", "+447700900123"), 0, 0)
			if err != nil || len(msgs) != 1 || total != 1 {
				t.Fatalf("thread: %d messages (total %d), %v; want the one reply", len(msgs), total, err)
			}
			m := msgs[0]
			if m.Status != tt.want || m.ProviderMessage != "wamid.S1" || m.Text != "On my way" {
				t.Errorf("message: got %s (wamid %q, text %q), want %s with wamid.S1", m.Status, m.ProviderMessage, m.Text, tt.want)
			}
			if len(m.Errors) != len(tt.wantErrors) || len(m.Errors) > 0 && m.Errors[0] != tt.wantErrors[0] {
				t.Errorf("errors: got %+v, want %+v", m.Errors, tt.wantErrors)
			}
			if notes, _, _ := store.ListCaseNotes(ctx, "o1", 0, 0, 0); len(notes) != 0 {
				t.Errorf("%d case notes written for a message without a job", len(notes))
			}
		})
	}
}
