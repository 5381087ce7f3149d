//go:build integration

package dynamo

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// inboundText is a person's message to claim.
func inboundText(wamid string, at time.Time) messaging.InboundRecord {
	return messaging.InboundRecord{OrgID: "o1", PhoneNumberID: "pn1", Phone: "+447700900123", ProfileName: "Sam",
		Message: messaging.ConversationMessage{ID: wamid, Direction: messaging.DirectionInbound, Type: "text", Text: "The tap leaks",
			ProviderMessage: wamid, AuthorName: "Sam", At: at}}
}

// claimState names a claim's answer.
func claimState(c messaging.EventClaim) string {
	switch {
	case c.Acquired:
		return "acquired"
	case c.Done:
		return "done"
	case c.Busy:
		return "busy"
	}
	return "none"
}

// TestClaimInboundLifecycle: the message's own item is its claim: written pending by the first
// claim (and readable in its conversation), busy while the lease lives, taken over once it
// expired or was released, done once completed, and a release never undoes done.
func TestClaimInboundLifecycle(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	in := inboundText("wamid.L1", t0)
	lease := 30 * time.Second
	steps := []struct {
		name   string
		before func() error
		at     time.Duration
		want   string
		tries  int // the claims taken so far, when acquired
	}{
		{"first claim", nil, 0, "acquired", 1},
		{"inside the lease", nil, 10 * time.Second, "busy", 0},
		{"lease expired: an attempt that died is taken over", nil, 31 * time.Second, "acquired", 2},
		{"released", func() error { return s.ReleaseInbound(ctx, in) }, 32 * time.Second, "acquired", 3},
		{"completed", func() error { return s.CompleteInbound(ctx, in, nil, t0) }, 33 * time.Second, "done", 0},
		{"a release does not undo done", func() error { return s.ReleaseInbound(ctx, in) }, 8 * 24 * time.Hour, "done", 0},
	}
	for _, st := range steps {
		if st.before != nil {
			if err := st.before(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
		}
		c, err := s.ClaimInbound(ctx, in, t0.Add(st.at), lease)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := claimState(c); got != st.want {
			t.Errorf("%s: got %s, want %s", st.name, got, st.want)
		}
		if c.Acquired && c.Attempts != st.tries {
			t.Errorf("%s: attempts = %d, want %d", st.name, c.Attempts, st.tries)
		}
	}
	if _, err := s.AdvanceConversation(ctx, in); err != nil {
		t.Fatal(err)
	}
	_, msgs, _, err := s.ConversationWithMessages(ctx, "o1", messaging.ConversationID("o1", "pn1", "+447700900123"), 0, 0)
	if err != nil || len(msgs) != 1 || msgs[0].Text != "The tap leaks" || msgs[0].AuthorName != "Sam" {
		t.Fatalf("thread: got %+v, %v; want the message once", msgs, err)
	}
}

// TestClaimInboundSingleWinner: of concurrent claims on one message, one is acquired.
func TestClaimInboundSingleWinner(t *testing.T) {
	s, _ := newTestStore(t)
	in := inboundText("wamid.L2", time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	var (
		wins atomic.Int32
		wg   sync.WaitGroup
	)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := s.ClaimInbound(context.Background(), in, in.Message.At, time.Minute)
			if err != nil {
				t.Error(err)
				return
			}
			if c.Acquired {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if got := wins.Load(); got != 1 {
		t.Fatalf("winners: got %d, want 1", got)
	}
}

// TestClaimInboundOfAMessageWrittenBefore: a message written before messages carried a claim
// (inside an event claim, by RecordInbound) is done: a replay does nothing.
func TestClaimInboundOfAMessageWrittenBefore(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	in := inboundText("wamid.L3", time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	if _, err := s.RecordInbound(ctx, in); err != nil {
		t.Fatal(err)
	}
	c, err := s.ClaimInbound(ctx, in, in.Message.At.Add(time.Hour), time.Minute)
	if err != nil || !c.Done {
		t.Fatalf("got %s, %v; want done", claimState(c), err)
	}
}

// TestCompleteInboundWritesTheNote: completing with a note writes the note and the done mark
// together; a note with a status is refused and leaves the message pending.
func TestCompleteInboundWritesTheNote(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	in := inboundText("wamid.L4", t0)
	if _, err := s.ClaimInbound(ctx, in, t0, time.Minute); err != nil {
		t.Fatal(err)
	}
	note := messaging.CaseNote{ID: "01JNOTEL4", OrgID: "o1", JobID: 1050, Kind: messaging.NoteWhatsAppMessage,
		Direction: messaging.DirectionInbound, Text: "The tap leaks", AuthorName: "Sam", ProviderMessage: "wamid.L4", CreatedAt: t0, UpdatedAt: t0}
	withStatus := note
	withStatus.Status = messaging.StatusSent
	if err := s.CompleteInbound(ctx, in, &withStatus, t0); err == nil {
		t.Fatal("a note with a status: got nil, want an error")
	}
	if c, err := s.ClaimInbound(ctx, in, t0.Add(2*time.Minute), time.Minute); err != nil || !c.Acquired {
		t.Fatalf("after the refused completion: got %s, %v; want the claim still open", claimState(c), err)
	}
	if err := s.CompleteInbound(ctx, in, &note, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.CompleteInbound(ctx, in, &note, t0); err != nil {
		t.Fatalf("completing again: %v", err)
	}
	notes, _, err := s.ListCaseNotes(ctx, "o1", 1050, 0, 0)
	if err != nil || len(notes) != 1 || notes[0].Text != "The tap leaks" || notes[0].AuthorName != "Sam" {
		t.Fatalf("notes: got %+v, %v; want the one note", notes, err)
	}
	if c, err := s.ClaimInbound(ctx, in, t0.Add(time.Hour), time.Minute); err != nil || !c.Done {
		t.Fatalf("after completion: got %s, %v; want done", claimState(c), err)
	}
}
