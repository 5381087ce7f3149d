package assistant

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/proplink/chat/shared/platformevent"
)

type publisher struct{ got []platformevent.Event }

func (p *publisher) Publish(_ context.Context, evs ...platformevent.Event) error {
	p.got = append(p.got, evs...)
	return nil
}

func TestAssistantEmitsPlatformEvents(t *testing.T) {
	t.Run("a raised ticket is ticket.created", func(t *testing.T) {
		w := newWorld(t)
		pub := &publisher{}
		w.svc.Events = pub
		w.nlu.parse["the hallway light is broken"] = u(IntentRaiseTicket)
		w.say(phoneJane, "the hallway light is broken")
		if len(pub.got) != 0 {
			t.Fatalf("events before yes: got %+v, want none", pub.got)
		}
		wantContains(t, w.say(phoneJane, "yes"), "Raised TKT-2026-0501")
		if len(pub.got) != 1 || pub.got[0].Type != platformevent.KindTicketCreated || pub.got[0].Subject != "conv-"+phoneJane {
			t.Fatalf("events: got %+v, want one ticket.created in Jane's conversation", pub.got)
		}
		var d platformevent.TicketCreated
		_ = json.Unmarshal(pub.got[0].Data, &d)
		if d.Ref != "TKT-2026-0501" || d.Category != "Maintenance" || d.Priority != "Medium" {
			t.Errorf("data: got %+v, want TKT-2026-0501, Maintenance, Medium", d)
		}
	})
	t.Run("a contractor's start is work_order.updated", func(t *testing.T) {
		w := newWorld(t)
		pub := &publisher{}
		w.svc.Events = pub
		w.nlu.parse["on site now"] = u(IntentWorkOrderUpdate, EntStatusHint, StatusStarted)
		wantContains(t, w.say(phoneBob, "on site now"), "Noted on WO-2026-0042. Status: In progress.")
		if len(pub.got) != 1 || pub.got[0].Type != platformevent.KindWorkOrderUpdated {
			t.Fatalf("events: got %+v, want one work_order.updated", pub.got)
		}
		var d platformevent.WorkOrderUpdated
		_ = json.Unmarshal(pub.got[0].Data, &d)
		if d.Ref != "WO-2026-0042" || d.Status != "In progress" {
			t.Errorf("data: got %+v, want WO-2026-0042 In progress", d)
		}
	})
}
