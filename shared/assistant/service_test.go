package assistant

import (
	"context"
	"testing"
)

func TestHandle(t *testing.T) {
	t.Run("quiet under a handover", func(t *testing.T) {
		w := newWorld(t)
		w.hand.active[demoOrg+"|conv-"+phoneJane] = true
		if got := w.say(phoneJane, "hi"); got != "" {
			t.Errorf("reply under handover: %q", got)
		}
		if got := len(w.audit.entries) + w.sess.saves; got != 0 {
			t.Errorf("audits+saves under handover = %d, want 0", got)
		}
	})
	t.Run("redelivered turn answered once", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["raise it"] = u(IntentRaiseTicket)
		tu := w.turn(phoneJane, "raise it")
		if got := len(w.send(tu)); got != 1 {
			t.Fatalf("first delivery replies = %d, want 1", got)
		}
		if got := len(w.send(tu)); got != 0 {
			t.Errorf("redelivery replies = %d, want 0", got)
		}
	})
	t.Run("reply failure is retried by the redelivery", func(t *testing.T) {
		w := newWorld(t)
		tu := w.turn(phoneJane, "hi")
		w.replier.fail = 1
		if err := w.svc.Handle(context.Background(), tu); err == nil {
			t.Fatal("Handle with a failing reply: nil error, want one so SQS redelivers")
		}
		rs := w.send(tu)
		if len(rs) != 1 {
			t.Fatalf("redelivery replies = %d, want 1", len(rs))
		}
		wantContains(t, rs[0].Text, "Hello Jane")
		if got := len(w.send(tu)); got != 0 {
			t.Errorf("third delivery replies = %d, want 0", got)
		}
	})
	t.Run("write on yes happens once across redeliveries", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["the lift is broken"] = u(IntentRaiseTicket)
		w.say(phoneJane, "the lift is broken")
		yes := w.turn(phoneJane, "yes")
		w.replier.fail = 1
		if err := w.svc.Handle(context.Background(), yes); err == nil {
			t.Fatal("want an error from the failing reply")
		}
		wantContains(t, w.only(w.send(yes)), "Raised TKT-2026-0501")
		if got := w.plat.writes(); got != 1 {
			t.Errorf("writes = %d, want 1", got)
		}
	})
	t.Run("conflict re-runs the turn against the fresh session", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["what's the balance"] = u(IntentBalance)
		w.nlu.fill["unit|flat 2 riverside"] = u(IntentChoose, EntUnit, "unit-riverside-2")
		w.say(phoneAlex, "what's the balance")
		// Another worker finished a turn in between: the question it left is gone.
		w.sess.race = func(s *Session) { s.Pending, s.LastMessageID = nil, "wamid.other"; s.Version++ }
		got := w.say(phoneAlex, "flat 2 riverside")
		if got == "" || w.sess.stored[demoOrg+"|conv-"+phoneAlex].LastMessageID == "wamid.other" {
			t.Fatalf("turn not answered after the conflict: %q", got)
		}
	})
	t.Run("conflict with the same turn sends nothing twice", func(t *testing.T) {
		w := newWorld(t)
		tu := w.turn(phoneJane, "hi")
		w.sess.race = func(s *Session) { s.LastMessageID = tu.MessageID; s.Version++ }
		if got := len(w.send(tu)); got != 0 {
			t.Errorf("replies = %d, want 0 (the racing delivery answers)", got)
		}
	})
	t.Run("every reply audited with a trace", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["balance jane"] = u(IntentBalance, EntContact, "c-jane")
		tu := w.turn(phoneAlex, "balance jane")
		w.send(tu)
		if len(w.audit.entries) != 1 {
			t.Fatalf("audit entries = %d, want 1", len(w.audit.entries))
		}
		e := w.audit.entries[0]
		if e.Channel != "whatsapp" || e.MessageID != tu.MessageID || e.Action != "balance.viewed" || e.Speaker.UserID != "u-alex" || !e.At.Equal(w.now) {
			t.Errorf("audit = %+v", e)
		}
		tr := w.replier.sent[0].Trace
		for _, want := range []string{"intent balance", "entity contact=c-jane", "record unit-riverside-1"} {
			found := false
			for _, s := range tr {
				found = found || s == want
			}
			if !found {
				t.Errorf("trace %q lacks %q", tr, want)
			}
		}
	})
}

func TestRepliesAreNumberedInTheirTurn(t *testing.T) {
	c := &conv{t: Turn{MessageID: "wamid.1"}}
	c.say(nil, "a", "first")
	c.confirm(&request{intent: IntentRaiseTicket}, "second?")
	for i, r := range c.replies {
		if r.Seq != i {
			t.Errorf("reply %d Seq: got %d, want %d", i, r.Seq, i)
		}
	}
}
