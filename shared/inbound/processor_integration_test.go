//go:build integration

package inbound

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/messaging"
)

// TestStatusesForwardOnly runs status webhooks through the processor into the real table on
// moto, where the forward-only rule lives (UpsertCaseNote's condition).
func TestStatusesForwardOnly(t *testing.T) {
	cfg := moto.Config()
	db := dynamodb.NewFromConfig(cfg)
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
