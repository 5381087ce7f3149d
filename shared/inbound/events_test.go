package inbound

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

// publisher keeps what the processor emits, and fails while fail is set.
type publisher struct {
	got  []platformevent.Event
	fail bool
}

func (p *publisher) Publish(_ context.Context, evs ...platformevent.Event) error {
	if p.fail {
		return errBoom
	}
	p.got = append(p.got, evs...)
	return nil
}

func TestPlatformEvents(t *testing.T) {
	conv := messaging.ConversationID("o1", "pn1", "+447700900123")
	ctx := context.Background()
	t.Run("a message, a STOP, a START and a failed status, in the conversation's order", func(t *testing.T) {
		p, _, _, _ := newProcessor()
		pub := &publisher{}
		p.Events = pub
		steps := []error{
			p.Process(ctx, textEvent("wamid.1", "hello", t0)),
			p.Process(ctx, textEvent("wamid.2", "STOP", t0.Add(time.Second))),
			p.Process(ctx, textEvent("wamid.3", "START", t0.Add(2*time.Second))),
			p.Process(ctx, statusEvent(messaging.StatusFailed, t0.Add(3*time.Second), messaging.StatusError{Code: 131026, Title: "Message undeliverable"})),
		}
		if err := errors.Join(steps...); err != nil {
			t.Fatal(err)
		}
		want := []platformevent.Kind{platformevent.KindMessageReceived, platformevent.KindMessageReceived, platformevent.KindOptedOut,
			platformevent.KindMessageReceived, platformevent.KindOptedIn, platformevent.KindMessageStatus}
		var got []platformevent.Kind
		for _, ev := range pub.got {
			got = append(got, ev.Type)
			if ev.Subject != conv || ev.OrgID != "o1" {
				t.Errorf("%s: subject %s of %s, want the conversation %s of o1", ev.Type, ev.Subject, ev.OrgID, conv)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("kinds: got %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("kinds: got %v, want %v", got, want)
			}
		}
		var rcv platformevent.MessageReceived
		_ = json.Unmarshal(pub.got[0].Data, &rcv)
		if rcv.Text != "hello" || rcv.From != "+447700900123" || rcv.ConversationID != conv || rcv.ProviderMessageID != "wamid.1" {
			t.Errorf("message.received: got %+v, want the text, sender, conversation and wamid", rcv)
		}
		var st platformevent.MessageStatus
		_ = json.Unmarshal(pub.got[5].Data, &st)
		if st.Status != "failed" || st.Reason == nil || st.Reason.Code != 131026 || st.MessageID != "01JNOTE" || st.JobID != 1050 {
			t.Errorf("message.status: got %+v, want failed with code 131026 for message 01JNOTE of job 1050", st)
		}
	})
	t.Run("a failed emit fails the event, and its retry emits the same id", func(t *testing.T) {
		p, _, _, _ := newProcessor()
		pub := &publisher{fail: true}
		p.Events = pub
		if err := p.Process(ctx, textEvent("wamid.9", "hi", t0)); err == nil {
			t.Fatal("Process with a failing publisher: got no error, want one (the queue retries the event)")
		}
		pub.fail = false
		if err := p.Process(ctx, textEvent("wamid.9", "hi", t0)); err != nil {
			t.Fatal(err)
		}
		again, _ := platformevent.New("o1", platformevent.KindMessageReceived, conv, "wamid.9", t0, nil)
		if len(pub.got) != 1 || pub.got[0].ID != again.ID {
			t.Fatalf("events after the retry: got %+v, want one with id %s", pub.got, again.ID)
		}
	})
}
