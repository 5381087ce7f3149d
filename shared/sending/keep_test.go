package sending

import (
	"context"
	"errors"
	"testing"

	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

// keeper records KeepSent calls and plays them on a store of its own (the note and the
// conversation message), or fails with err.
type keeper struct {
	store *memstore.Store
	err   error
	notes []messaging.CaseNote
	msgs  []messaging.ConversationMessage
}

func (k *keeper) KeepSent(ctx context.Context, n messaging.CaseNote, phoneNumberID, phone string, m messaging.ConversationMessage) error {
	k.notes, k.msgs = append(k.notes, n), append(k.msgs, m)
	if k.err != nil {
		return k.err
	}
	if err := k.store.UpsertCaseNote(ctx, n); err != nil {
		return err
	}
	return k.store.KeepOutbound(ctx, n.OrgID, phoneNumberID, phone, m)
}

// failingPublisher refuses every event.
type failingPublisher struct{}

func (failingPublisher) Publish(context.Context, ...platformevent.Event) error {
	return errors.New("sqs: throttled")
}

// sendWith runs one successful send of the seed's message through the API (queued: false) or
// the sender (queued: true), with deps adjusted by set.
func sendWith(t *testing.T, r *rig, queued bool, set func(*Deps)) {
	t.Helper()
	if queued {
		s := r.sender()
		set(&s.Deps)
		if out, err := s.Send(context.Background(), outbound("01MSG", "+447700900123"), 1); err != nil || out.Retry {
			t.Fatalf("sender: %+v, %v", out, err)
		}
		return
	}
	s := r.service()
	set(&s.Deps)
	if _, err := s.Send(context.Background(), sender1, seedReq); err != nil {
		t.Fatalf("Send: %v", err)
	}
}

// TestSentMessageKeptInOneWrite: a message the provider accepted is recorded by one KeepSent
// (its accepted note and its conversation message), not by the note's and the conversation's
// two writes, from the API and from the sender alike.
func TestSentMessageKeptInOneWrite(t *testing.T) {
	for _, queued := range []bool{false, true} {
		name := map[bool]string{false: "api send", true: "sender"}[queued]
		t.Run(name, func(t *testing.T) {
			r := newRig()
			apart := map[string]int{}
			r.store.Fail = func(method, _ string) error { apart[method]++; return nil }
			k := &keeper{store: memstore.New()}
			sendWith(t, r, queued, func(d *Deps) { d.Sent = k })
			if len(k.notes) != 1 {
				t.Fatalf("KeepSent calls = %d, want 1", len(k.notes))
			}
			n, m := k.notes[0], k.msgs[0]
			if n.ID != "01MSG" || n.OrgID != "org1" || n.JobID != 1050 || n.Status != messaging.StatusAccepted || n.ProviderMessage != "wamid.ok" {
				t.Errorf("kept note = %+v, want 01MSG of job 1050 accepted as wamid.ok", n)
			}
			if m.ID != "01MSG" || m.ProviderMessage != "wamid.ok" || m.JobID != 1050 || m.Direction != messaging.DirectionOutbound {
				t.Errorf("kept message = %+v, want 01MSG as wamid.ok about job 1050", m)
			}
			if apart["UpsertCaseNote"] != 0 || apart["KeepOutbound"] != 0 || len(r.store.Notes("org1")) != 0 {
				t.Errorf("writes apart: %v, notes %v; want none beside KeepSent", apart, r.store.Notes("org1"))
			}
			if got := len(r.notes.Sent()); got != 0 {
				t.Errorf("case-note queue holds %d events, want 0", got)
			}
		})
	}
}

// TestSentKeepFallsBack: when the one write fails, the note and the conversation message are
// written apart, so the message that went out is still on its job and in its conversation.
func TestSentKeepFallsBack(t *testing.T) {
	for _, queued := range []bool{false, true} {
		name := map[bool]string{false: "api send", true: "sender"}[queued]
		t.Run(name, func(t *testing.T) {
			r := newRig()
			k := &keeper{store: memstore.New(), err: errors.New("dynamodb: throttled")}
			sendWith(t, r, queued, func(d *Deps) { d.Sent = k })
			notes := r.store.Notes("org1")
			if len(k.notes) != 1 || len(notes) != 1 || notes[0].Status != messaging.StatusAccepted || notes[0].ProviderMessage != "wamid.ok" {
				t.Fatalf("KeepSent calls %d, notes written apart %+v; want 1 and the accepted note", len(k.notes), notes)
			}
			if out := r.store.Outbound(); len(out) != 1 || out[0].ID != "01MSG" {
				t.Errorf("conversation messages = %+v, want 01MSG kept apart", out)
			}
		})
	}
}

// TestKeptNoteEmitsCaseNoteCreated: a note KeepSent wrote tells the platform (case_note.created)
// as a note written apart does; when the event cannot be published, the note goes to the
// case-note queue, whose function writes it again and publishes the same event.
func TestKeptNoteEmitsCaseNoteCreated(t *testing.T) {
	r := newRig()
	pub := &publisher{}
	sendWith(t, r, false, func(d *Deps) { d.Sent, d.Events = &keeper{store: memstore.New()}, pub })
	if len(pub.events) != 1 || pub.events[0].Type != platformevent.KindCaseNoteCreated {
		t.Errorf("events = %+v, want one case_note.created", pub.events)
	}
	r = newRig()
	sendWith(t, r, false, func(d *Deps) { d.Sent, d.Events = &keeper{store: memstore.New()}, failingPublisher{} })
	sent := r.notes.Sent()
	if len(sent) != 1 {
		t.Fatalf("case-note queue holds %d events, want the note whose event failed", len(sent))
	}
	if ev := sent[0].Body.(messaging.CaseNoteEvent); ev.Note.ID != "01MSG" || ev.Note.Status != messaging.StatusAccepted {
		t.Errorf("queued note = %+v", ev)
	}
}

// A message about no job (a notice) has no note, so it keeps its conversation message alone.
func TestSentWithoutJobKeepsOnlyTheConversation(t *testing.T) {
	r := newRig()
	k := &keeper{store: memstore.New()}
	d := r.deps()
	d.Sent = k
	d.keep(context.Background(), r.settings, messaging.OutboundMessage{ID: "01MSG", OrgID: "org1", Recipient: "+447700900123"}, "wamid.ok", t0)
	if len(k.notes) != 0 || len(r.store.Outbound()) != 1 || len(r.store.Notes("org1")) != 0 {
		t.Errorf("KeepSent calls %d, conversation messages %d, notes %d; want 0, 1, 0", len(k.notes), len(r.store.Outbound()), len(r.store.Notes("org1")))
	}
}
