//go:build integration

package dynamo

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/ratelimit"
)

// TestPairPacerOnConversation: the pair pacer's tat lives on the conversation, an admission moves
// the conversation on (job, outbound time, activity) in the same write and keeps what the
// inbound side wrote, a denial changes nothing, and the burst holds across instances and under
// concurrency.
func TestPairPacerOnConversation(t *testing.T) {
	s, db := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	newPacer := func() PairPacer {
		return PairPacer{Pacer: ratelimit.NewPacer(db, s.table, 6*time.Second, 5)}
	}
	conv := func(phone string) messaging.Conversation {
		t.Helper()
		c, err := s.GetConversation(ctx, "o1", messaging.ConversationID("o1", "pn1", phone))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	t.Run("existing conversation", func(t *testing.T) {
		const phone = "+447700900123"
		if _, err := s.RecordInbound(ctx, messaging.InboundRecord{OrgID: "o1", PhoneNumberID: "pn1", Phone: phone, ProfileName: "Sam",
			Message: messaging.ConversationMessage{ID: "wamid.1", Direction: messaging.DirectionInbound, Type: "text", Text: "hi", At: t0}}); err != nil {
			t.Fatal(err)
		}
		p := newPacer()
		for i := range 5 {
			d, err := p.ReservePair(ctx, "o1", "pn1", phone, 1050, t0.Add(time.Second))
			if err != nil || !d.Allowed {
				t.Fatalf("reservation %d: got %+v, %v, want allowed", i, d, err)
			}
		}
		c := conv(phone)
		if got, want := c.LastJobID, int64(1050); got != want {
			t.Errorf("last job: got %d, want %d", got, want)
		}
		if got, want := c.LastOutboundAt, t0.Add(time.Second); !got.Equal(want) {
			t.Errorf("last outbound: got %v, want %v", got, want)
		}
		if !c.LastInboundAt.Equal(t0) || c.ProfileName != "Sam" || c.Phone != phone {
			t.Errorf("inbound side: got %+v, want it kept", c)
		}
		// Another instance (nothing seen) is denied by the tat on the item, and the conversation
		// does not learn the held-back message's job.
		d, err := newPacer().ReservePair(ctx, "o1", "pn1", phone, 2000, t0.Add(2*time.Second))
		if err != nil || d.Allowed || d.RetryAfter <= 0 {
			t.Fatalf("sixth reservation: got %+v, %v, want denied with a wait", d, err)
		}
		if got, want := conv(phone).LastJobID, int64(1050); got != want {
			t.Errorf("last job after a denial: got %d, want %d", got, want)
		}
	})

	t.Run("new conversation", func(t *testing.T) {
		const phone = "+447700900124"
		d, err := newPacer().ReservePair(ctx, "o1", "pn1", phone, 1060, t0)
		if err != nil || !d.Allowed {
			t.Fatalf("got %+v, %v, want allowed", d, err)
		}
		list, _, err := s.ListConversations(ctx, "o1", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range list {
			found = found || (c.Phone == phone && c.LastJobID == 1060)
		}
		if !found {
			t.Errorf("conversations: got %+v, want %s linked to job 1060", list, phone)
		}
	})

	t.Run("concurrent instances", func(t *testing.T) {
		const phone = "+447700900125"
		var mu sync.Mutex
		allowed := 0
		var wg sync.WaitGroup
		for range 12 {
			wg.Go(func() {
				d, err := newPacer().ReservePair(ctx, "o1", "pn1", phone, 1070, t0)
				if err != nil {
					t.Error(err)
					return
				}
				if d.Allowed {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if got, want := allowed, 5; got != want {
			t.Errorf("admitted: got %d, want %d (the burst)", got, want)
		}
	})
}
