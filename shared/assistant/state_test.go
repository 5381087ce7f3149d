package assistant

import (
	"testing"
	"time"
)

func TestStateMachine(t *testing.T) {
	t.Run("missing entity asked then filled", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["what's the balance"] = u(IntentBalance)
		w.nlu.fill["unit|jane smith"] = u(IntentChoose, EntContact, "c-jane")
		wantContains(t, w.say(phoneAlex, "what's the balance"), "Whose balance?")
		if p := w.sess.stored[demoOrg+"|conv-"+phoneAlex].Pending; p == nil || p.Kind != PendingEntity || p.Want != EntUnit {
			t.Fatalf("pending = %+v, want an entity question for unit", p)
		}
		wantContains(t, w.say(phoneAlex, "Jane Smith"), "Jane Smith (Flat 1, Riverside Court) owes £1,234.56 as at Tue 3 Mar 2026.")
		if p := w.sess.stored[demoOrg+"|conv-"+phoneAlex].Pending; p != nil {
			t.Errorf("pending after the answer = %+v, want none", p)
		}
	})
	t.Run("ambiguous then numbered choice then chosen", func(t *testing.T) {
		for _, how := range []string{"typed", "button"} {
			t.Run(how, func(t *testing.T) {
				w := newWorld(t)
				amb := u(IntentBalance)
				amb.Candidates = map[string][]Candidate{EntUnit: {{ID: "unit-riverside-1"}, {ID: "unit-harbour-1"}, {ID: "unit-elm-1"}}}
				w.nlu.parse["balance flat 1"] = amb
				got := w.say(phoneAlex, "balance flat 1")
				wantContains(t, got, "Which one?", "1) Flat 1, Riverside Court", "2) Flat 1, Harbour View", "3) Flat 1, Elm Gardens")
				if b := w.lastReply().Buttons; len(b) != 3 || b[1].ID != "choice:2" {
					t.Errorf("buttons = %+v, want three choice buttons", b)
				}
				if how == "typed" {
					got = w.say(phoneAlex, "2")
				} else {
					got = w.press(phoneAlex, "choice:2")
				}
				wantContains(t, got, "Tom O'Brien (Flat 1, Harbour View) owes £777.00")
			})
		}
	})
	t.Run("choice out of range asked again", func(t *testing.T) {
		w := newWorld(t)
		amb := u(IntentBalance)
		amb.Candidates = map[string][]Candidate{EntUnit: {{ID: "unit-riverside-1"}, {ID: "unit-harbour-1"}}}
		w.nlu.parse["balance flat 1"] = amb
		w.say(phoneAlex, "balance flat 1")
		wantContains(t, w.say(phoneAlex, "7"), "Please reply with a number from 1 to 2")
		wantContains(t, w.say(phoneAlex, "1"), "Jane Smith")
	})
	t.Run("pending question expires", func(t *testing.T) {
		w := newWorld(t)
		amb := u(IntentBalance)
		amb.Candidates = map[string][]Candidate{EntUnit: {{ID: "unit-riverside-1"}, {ID: "unit-harbour-1"}}}
		w.nlu.parse["balance flat 1"] = amb
		w.say(phoneAlex, "balance flat 1")
		w.now = w.now.Add(PendingTTL + time.Second)
		got := w.say(phoneAlex, "2")
		wantContains(t, got, "no question waiting")
		if got, want := w.plat.writes(), 0; got != want {
			t.Errorf("writes = %d, want %d", got, want)
		}
	})
	t.Run("cancel drops the question", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["balance please"] = u(IntentBalance)
		w.say(phoneAlex, "balance please")
		wantContains(t, w.say(phoneAlex, "cancel"), "cancelled")
		if p := w.sess.stored[demoOrg+"|conv-"+phoneAlex].Pending; p != nil {
			t.Errorf("pending after cancel = %+v, want none", p)
		}
		wantContains(t, w.say(phoneAlex, "2"), "no question waiting")
	})
	t.Run("a different request replaces the question", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["balance please"] = u(IntentBalance)
		w.nlu.parse["spend at harbour"] = u(IntentSiteSpend, EntSite, "site-harbour")
		w.say(phoneAlex, "balance please")
		wantContains(t, w.say(phoneAlex, "spend at harbour"), "Harbour View, March 2026: £888.00 spent")
	})
}

func TestConfirmation(t *testing.T) {
	raise := u(IntentRaiseTicket, EntUnit, "unit-riverside-3", EntPriority, "Urgent")
	for _, tt := range []struct {
		name   string
		answer func(w *world) string
		writes int
		want   string
	}{
		{name: "yes by button", answer: func(w *world) string { return w.press(phoneAlex, "confirm:yes") }, writes: 1, want: "Raised TKT-2026-0501"},
		{name: "typed yes", answer: func(w *world) string { return w.say(phoneAlex, "yep") }, writes: 1, want: "Raised TKT-2026-0501"},
		{name: "no by button", answer: func(w *world) string { return w.press(phoneAlex, "confirm:no") }, want: "cancelled"},
		{name: "typed no", answer: func(w *world) string { return w.say(phoneAlex, "no") }, want: "cancelled"},
		{name: "yes after expiry", answer: func(w *world) string { w.now = w.now.Add(PendingTTL); return w.press(phoneAlex, "confirm:yes") }, want: "no question waiting"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.nlu.parse["water pouring from the ceiling in flat 3 riverside"] = raise
			req := w.turn(phoneAlex, "water pouring from the ceiling in flat 3 riverside")
			got := w.only(w.send(req))
			wantContains(t, got, "Raise a Maintenance ticket (Urgent priority) for Flat 3, Riverside Court?")
			if b := w.lastReply().Buttons; len(b) != 2 || b[0].ID != "confirm:yes" || b[1].ID != "confirm:no" {
				t.Errorf("buttons = %+v, want confirm:yes and confirm:no", b)
			}
			if got := w.plat.writes(); got != 0 {
				t.Fatalf("writes before the answer = %d, want 0", got)
			}
			wantContains(t, tt.answer(w), tt.want)
			if got := w.plat.writes(); got != tt.writes {
				t.Fatalf("writes = %d, want %d", got, tt.writes)
			}
			if tt.writes == 1 {
				nt := w.plat.created[0]
				if got, want := nt.IdempotencyKey, req.MessageID; got != want {
					t.Errorf("idempotency key = %q, want the original request's %q", got, want)
				}
				if got, want := nt.Opening.Text, req.Text; got != want {
					t.Errorf("opening message = %q, want %q", got, want)
				}
			}
		})
	}
}
