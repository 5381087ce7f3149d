//go:build integration

package dynamo

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
)

func TestClaimEventSingleWinner(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	var (
		mu   sync.Mutex
		wins int
		wg   sync.WaitGroup
	)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := s.ClaimEvent(ctx, "o1", "msg#wamid.A", now, time.Minute)
			if err != nil {
				t.Error(err)
				return
			}
			if c.Acquired {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("winners: got %d, want 1", wins)
	}
}

func TestClaimEventLifecycle(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	lease := 30 * time.Second
	claim := func(at time.Time) messaging.EventClaim {
		t.Helper()
		c, err := s.ClaimEvent(ctx, "o1", "st#wamid.B#read", at, lease)
		if err != nil {
			t.Fatal(err)
		}
		c.Attempts = 0
		return c
	}
	steps := []struct {
		name string
		do   func() messaging.EventClaim
		want messaging.EventClaim
	}{
		{"first claim acquires", func() messaging.EventClaim { return claim(t0) }, messaging.EventClaim{Acquired: true}},
		{"live lease is busy", func() messaging.EventClaim { return claim(t0.Add(time.Second)) }, messaging.EventClaim{Busy: true}},
		{"expired lease is retaken", func() messaging.EventClaim { return claim(t0.Add(lease)) }, messaging.EventClaim{Acquired: true}},
		{"released is retaken at once", func() messaging.EventClaim {
			if err := s.ReleaseEvent(ctx, "o1", "st#wamid.B#read"); err != nil {
				t.Fatal(err)
			}
			return claim(t0.Add(lease + time.Second))
		}, messaging.EventClaim{Acquired: true}},
		{"done is never retaken", func() messaging.EventClaim {
			if err := s.CompleteEvent(ctx, "o1", "st#wamid.B#read", t0); err != nil {
				t.Fatal(err)
			}
			if err := s.ReleaseEvent(ctx, "o1", "st#wamid.B#read"); err != nil {
				t.Fatal(err)
			}
			return claim(t0.Add(time.Hour))
		}, messaging.EventClaim{Done: true}},
	}
	for _, st := range steps {
		if diff := cmp.Diff(st.want, st.do()); diff != "" {
			t.Fatalf("%s (-want +got):\n%s", st.name, diff)
		}
	}
}

func TestConversationOrderingAndListing(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	in := func(phone, wamid string, at time.Time, text string) messaging.Conversation {
		t.Helper()
		c, err := s.RecordInbound(ctx, messaging.InboundRecord{OrgID: "o1", PhoneNumberID: "pn1", Phone: phone, ProfileName: "Sam",
			Message: messaging.ConversationMessage{ID: wamid, Direction: messaging.DirectionInbound, Type: "text", Text: text, At: at}})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// Recorded out of order (a retried older message), read back in the person's order.
	in("+447700900123", "wamid.2", t0.Add(2*time.Second), "second")
	in("+447700900123", "wamid.1", t0.Add(time.Second), "first")
	in("+447700900123", "wamid.1", t0.Add(time.Second), "first") // replay: one message
	c := in("+447700900123", "wamid.3", t0.Add(3*time.Second), "third")
	if err := s.LinkJob(ctx, "o1", "pn1", "+447700900124", 1050, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, want := c.OptedInAt, t0.Add(2*time.Second); !got.Equal(want) {
		t.Errorf("opted in at: got %v, want the first recorded message's %v", got, want)
	}
	if got, want := c.ID, messaging.ConversationID("o1", "pn1", "+447700900123"); got != want {
		t.Errorf("id: got %q, want %q", got, want)
	}
	conv, msgs, total, err := s.ConversationWithMessages(ctx, "o1", c.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, m := range msgs {
		texts = append(texts, m.Text)
	}
	if diff := cmp.Diff([]string{"first", "second", "third"}, texts); diff != "" || total != 3 {
		t.Errorf("messages (total %d) (-want +got):\n%s", total, diff)
	}
	if !conv.LastInboundAt.Equal(t0.Add(3*time.Second)) || conv.ProfileName != "Sam" || conv.Phone != "+447700900123" {
		t.Errorf("conversation: got %+v", conv)
	}
	list, n, err := s.ListConversations(ctx, "o1", 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || len(list) != 2 || list[0].Phone != "+447700900124" || list[0].LastJobID != 1050 {
		t.Errorf("list: got %d %+v, want the linked conversation first", n, list)
	}
	if _, _, _, err := s.ConversationWithMessages(ctx, "o2", c.ID, 0, 0); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("other tenant: got %v, want not found", err)
	}
}

func TestSuppression(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	if err := s.PutSettings(ctx, messaging.Settings{OrgID: "o1", Provider: messaging.ProviderMeta, APIURL: "http://x", PhoneNumberID: "pn1", APITokenSet: true}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func() error
		want messaging.Suppression
	}{
		{"none", func() error { return nil }, messaging.Suppression{Phone: "+447700900123"}},
		{"stop", func() error { return s.SetOptOut(ctx, "o1", "+447700900123", true, now) },
			messaging.Suppression{Phone: "+447700900123", OptedOut: true, OptedOutAt: now}},
		{"marketing stop", func() error { return s.SetMarketingStop(ctx, "o1", "+447700900123", true, "131050", now) },
			messaging.Suppression{Phone: "+447700900123", OptedOut: true, OptedOutAt: now, MarketingStopped: true, MarketingReason: "131050"}},
		{"start", func() error { return s.SetOptOut(ctx, "o1", "+447700900123", false, now) },
			messaging.Suppression{Phone: "+447700900123", OptedOutAt: now, MarketingStopped: true, MarketingReason: "131050"}},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got, err := s.GetSuppression(ctx, "o1", "+447700900123")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(st.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", st.name, diff)
		}
		_, sup, err := s.LoadTextSend(ctx, "o1", "+447700900123")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(st.want, sup); diff != "" {
			t.Errorf("%s: batch read (-want +got):\n%s", st.name, diff)
		}
	}
}

func TestOrphanStatusForwardOnly(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	for _, st := range []struct {
		s  messaging.Status
		at time.Time
	}{{messaging.StatusDelivered, t0.Add(2 * time.Second)}, {messaging.StatusSent, t0.Add(time.Second)}, {messaging.StatusRead, t0.Add(3 * time.Second)}, {messaging.StatusRead, t0.Add(3 * time.Second)}} {
		if err := s.KeepOrphanStatus(ctx, "o1", "wamid.X", "447700900123", "", st.s, st.at, nil); err != nil {
			t.Fatal(err)
		}
	}
	var o orphanItem
	if found, err := s.get(ctx, orphanKey("o1", "wamid.X"), true, &o); err != nil || !found {
		t.Fatalf("get: %v %v", found, err)
	}
	if o.Status != string(messaging.StatusRead) || len(o.History) != 2 {
		t.Errorf("got %s with %d history entries, want read with 2 (delivered, read)", o.Status, len(o.History))
	}
}
