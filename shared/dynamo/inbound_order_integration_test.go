//go:build integration

package dynamo

import (
	"context"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// TestInboundOutOfOrder: webhooks arrive out of order (Meta retries a failed delivery for
// days), so an older message recorded after a newer one must not move the conversation's
// window back, nor undo a later STOP or START.
func TestInboundOutOfOrder(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	const phone = "+447700900123"
	t10 := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	t9 := t10.Add(-time.Hour)
	yes, no := true, false
	record := func(id string, at time.Time, optOut *bool) messaging.Conversation {
		t.Helper()
		if optOut != nil {
			if err := s.SetOptOut(ctx, "o1", phone, *optOut, at); err != nil {
				t.Fatal(err)
			}
		}
		c, err := s.RecordInbound(ctx, messaging.InboundRecord{OrgID: "o1", PhoneNumberID: "pn1", Phone: phone, ProfileName: "Sam " + id,
			Message: messaging.ConversationMessage{ID: id, Direction: messaging.DirectionInbound, Type: "text", Text: id, At: at}, OptOut: optOut})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	record("wamid.new", t10, &yes)       // STOP at 10:00
	late := record("wamid.old", t9, &no) // START from 09:00, delivered late
	if !late.LastInboundAt.Equal(t10) {
		t.Errorf("returned conversation: got last inbound %v, want %v", late.LastInboundAt, t10)
	}
	conv, err := s.GetConversation(ctx, "o1", messaging.ConversationID("o1", "pn1", phone))
	if err != nil {
		t.Fatal(err)
	}
	if !conv.LastInboundAt.Equal(t10) || !conv.LastActivityAt.Equal(t10) || !conv.OptedOut || conv.ProfileName != "Sam wamid.new" {
		t.Errorf("stored conversation: got last inbound %v, activity %v, opted out %v, name %q; want %v, %v, true, %q",
			conv.LastInboundAt, conv.LastActivityAt, conv.OptedOut, conv.ProfileName, t10, t10, "Sam wamid.new")
	}
	sup, err := s.GetSuppression(ctx, "o1", phone)
	if err != nil {
		t.Fatal(err)
	}
	if !sup.OptedOut {
		t.Errorf("suppression: got opted out %v after a late older START, want true (the 10:00 STOP stands)", sup.OptedOut)
	}
	_, msgs, total, err := s.ConversationWithMessages(ctx, "o1", conv.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(msgs) != 2 {
		t.Errorf("messages: got %d, want both kept", total)
	}
}

// TestMarketingStopOutOfOrder: a late-delivered marketing preference must not undo a newer one.
func TestMarketingStopOutOfOrder(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	const phone = "+447700900124"
	t10 := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	if err := s.SetMarketingStop(ctx, "o1", phone, true, "user_preferences", t10); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMarketingStop(ctx, "o1", phone, false, "user_preferences", t10.Add(-time.Hour)); err != nil {
		t.Fatalf("a late change must be ignored, not an error: %v", err)
	}
	got, err := s.GetSuppression(ctx, "o1", phone)
	if err != nil {
		t.Fatal(err)
	}
	if !got.MarketingStopped {
		t.Errorf("marketing stopped at 10:00 was undone by a resume from 09:00 delivered late: %+v", got)
	}
	if err := s.SetMarketingStop(ctx, "o1", phone, false, "user_preferences", t10.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.GetSuppression(ctx, "o1", phone); got.MarketingStopped {
		t.Errorf("a newer resume at 11:00 did not lift the stop: %+v", got)
	}
}
