//go:build integration

package dynamo

import (
	"context"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

func TestEventEndpoints(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	ep := platformevent.Endpoint{ID: "01JEP1", OrgID: "org1", URL: "https://platform.example/hooks", SecretRev: "rev1",
		Kinds: []platformevent.Kind{platformevent.KindMessageReceived}, CreatedAt: at}
	if err := s.PutEndpoint(ctx, ep); err != nil {
		t.Fatal(err)
	}
	t.Run("a second put of the id is a conflict", func(t *testing.T) {
		if got := messaging.ErrorCode(s.PutEndpoint(ctx, ep)); got != messaging.CodeConflict {
			t.Fatalf("got %q, want conflict", got)
		}
	})
	t.Run("listed only for its organisation", func(t *testing.T) {
		mine, err := s.ListEndpoints(ctx, "org1")
		if err != nil || len(mine) != 1 || mine[0].URL != ep.URL || !mine[0].Wants(platformevent.KindMessageReceived) || mine[0].Wants(platformevent.KindMessageStatus) {
			t.Fatalf("org1: got %+v (%v), want the endpoint for message.received only", mine, err)
		}
		theirs, err := s.ListEndpoints(ctx, "org2")
		if err != nil || len(theirs) != 0 {
			t.Fatalf("org2: got %+v (%v), want none", theirs, err)
		}
		if _, err := s.GetEndpoint(ctx, "org2", ep.ID); messaging.ErrorCode(err) != messaging.CodeNotFound {
			t.Fatalf("org2 get: got %v, want not found", err)
		}
	})
	t.Run("rotation keeps the old secret signing for the overlap", func(t *testing.T) {
		got, err := s.RotateEndpointSecret(ctx, "org1", ep.ID, "rev1", "rev2", at, at.Add(platformevent.RotationOverlap))
		if err != nil {
			t.Fatal(err)
		}
		if revs := got.SecretRevs(at.Add(time.Hour)); len(revs) != 2 || revs[0] != "rev2" || revs[1] != "rev1" {
			t.Fatalf("revisions an hour on: got %v, want [rev2 rev1]", revs)
		}
		if _, err := s.RotateEndpointSecret(ctx, "org1", ep.ID, "rev1", "rev3", at, at); messaging.ErrorCode(err) != messaging.CodeConflict {
			t.Fatalf("a rotation from a stale revision: got %v, want conflict", err)
		}
		stored, _ := s.GetEndpoint(ctx, "org1", ep.ID)
		if stored.SecretRev != "rev2" {
			t.Fatalf("stored revision: got %s, want rev2", stored.SecretRev)
		}
	})
	t.Run("delete", func(t *testing.T) {
		if err := s.DeleteEndpoint(ctx, "org2", ep.ID); messaging.ErrorCode(err) != messaging.CodeNotFound {
			t.Fatalf("another organisation's delete: got %v, want not found", err)
		}
		if err := s.DeleteEndpoint(ctx, "org1", ep.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetEndpoint(ctx, "org1", ep.ID); messaging.ErrorCode(err) != messaging.CodeNotFound {
			t.Fatalf("get after delete: got %v, want not found", err)
		}
	})
}

func TestDeliveryLog(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for i, status := range []int{503, 503, 200} {
		a := platformevent.Attempt{EndpointID: "ep1", EventID: "evt_1", EventType: platformevent.KindMessageStatus, Attempt: i + 1,
			At: at.Add(time.Duration(i) * time.Minute), StatusCode: status, LatencyMS: 12, Outcome: platformevent.Classify(status)}
		if err := s.RecordAttempt(ctx, "org1", a); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordAttempt(ctx, "org1", a); err != nil { // a retried write
			t.Fatal(err)
		}
	}
	got, err := s.ListAttempts(ctx, "org1", "ep1", 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Attempt != 3 || got[0].StatusCode != 200 || got[0].Outcome != platformevent.Delivered || got[1].Attempt != 2 {
		t.Fatalf("newest two: got %+v, want attempts 3 (200, delivered) and 2", got)
	}
	rest, _ := s.ListAttempts(ctx, "org1", "ep1", 10, 2)
	if len(rest) != 1 || rest[0].Attempt != 1 || rest[0].StatusCode != 503 {
		t.Fatalf("after an offset of 2: got %+v, want attempt 1", rest)
	}
	other, _ := s.ListAttempts(ctx, "org2", "ep1", 10, 0)
	if len(other) != 0 {
		t.Fatalf("another organisation: got %+v, want none", other)
	}
}
