package assistant

import (
	"context"
	"slices"
	"testing"
)

// fakeAI answers every query with its scripted interpretation and records the queries.
type fakeAI struct {
	answer  Interpretation
	queries []Query
}

func (f *fakeAI) Interpret(_ context.Context, q Query) Interpretation {
	f.queries = append(f.queries, q)
	return f.answer
}

func TestCarefulLayer(t *testing.T) {
	tests := []struct {
		name   string
		phone  string
		text   string
		core   Understanding
		fill   map[string]Understanding
		answer Interpretation
		asked  bool // whether the layer is consulted
		want   []string
		writes int
	}{
		{name: "a confident core is not second-guessed", phone: phoneJane, text: "when is my next bill",
			core: Understanding{Intent: IntentNextDemand, Confidence: 0.9}, answer: Interpretation{Intent: IntentTalkToStaff},
			want: []string{"Your next demand is INV-2026-0311"}},
		{name: "an indirect request is understood and its mention resolved by the core", phone: phoneAlex,
			text: "could you tell me where jane stands money-wise", core: Understanding{Intent: IntentUnknown, Confidence: 0.2},
			fill:   map[string]Understanding{"contact|jane": u(IntentChoose, EntContact, "c-jane")},
			answer: Interpretation{Intent: IntentBalance, Mentions: map[string]string{EntContact: "jane"}}, asked: true,
			want: []string{"Jane Smith", "owes £1,234.56"}},
		{name: "an intent outside the role is not understood", phone: phoneJane, text: "tell me john's balance please",
			core: Understanding{Intent: IntentUnknown, Confidence: 0.2}, answer: Interpretation{Intent: IntentBalance, Mentions: map[string]string{EntContact: "john"}},
			asked: true, want: []string{"Sorry, I didn't understand that."}},
		{name: "a mention outside the speaker's scope gets the one refusal", phone: phoneSita, text: "how much does the riverside lady owe",
			core: Understanding{Intent: IntentUnknown, Confidence: 0.2}, fill: map[string]Understanding{"contact|riverside lady": u(IntentChoose, EntContact, "c-jane")},
			answer: Interpretation{Intent: IntentBalance, Mentions: map[string]string{EntContact: "riverside lady"}}, asked: true, want: []string{NotYours}},
		{name: "an entity kind the intent does not take is dropped", phone: phoneJane, text: "how would I go about paying what I owe for flat 1",
			core: Understanding{Intent: IntentUnknown, Confidence: 0.2}, answer: Interpretation{Intent: IntentPayInvoice, Mentions: map[string]string{EntUnit: "flat 1"}},
			asked: true, want: []string{"To pay INV-2026-0311"}},
		{name: "a write still waits for the confirmation", phone: phoneJane, text: "the lights in the corridor by flat 2 have been dead since Tuesday",
			core: Understanding{Intent: IntentUnknown, Confidence: 0.2}, answer: Interpretation{Intent: IntentRaiseTicket}, asked: true,
			want: []string{"Raise a"}},
		{name: "not understood in the person's language", phone: phoneJane, text: "necesito ayuda con algo raro",
			core: Understanding{Intent: IntentUnknown, Confidence: 0.1}, answer: Interpretation{Intent: IntentUnknown, Language: "es"}, asked: true,
			want: []string{"Lo siento, no lo he entendido."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.nlu.parse[tt.text] = tt.core
			for k, v := range tt.fill {
				w.nlu.fill[k] = v
			}
			ai := &fakeAI{answer: tt.answer}
			w.svc.AI = ai
			wantContains(t, w.say(tt.phone, tt.text), tt.want...)
			if got := len(ai.queries) > 0; got != tt.asked {
				t.Errorf("layer consulted = %v, want %v", got, tt.asked)
			}
			if got := w.plat.writes(); got != tt.writes {
				t.Errorf("writes = %d, want %d", got, tt.writes)
			}
		})
	}
}

func TestCarefulLayerContext(t *testing.T) {
	w := newWorld(t)
	ai := &fakeAI{answer: Interpretation{Intent: IntentUnknown, Language: "es"}}
	w.svc.AI = ai
	for _, text := range []string{"uno", "dos", "tres", "cuatro", "cinco"} {
		w.nlu.parse[text] = Understanding{Intent: IntentUnknown, Confidence: 0.1}
		w.say(phoneJane, text)
	}
	last := ai.queries[len(ai.queries)-1]
	if got, want := last.Recent, []string{"dos", "tres", "cuatro"}; !slices.Equal(got, want) {
		t.Errorf("recent = %q, want %q (the person's last three earlier messages)", got, want)
	}
	if last.OrgID != demoOrg || last.Role != RoleResident || last.Text != "cinco" {
		t.Errorf("query = %+v", last)
	}
	rep := w.lastReply()
	if got, want := []string{rep.Buttons[0].Title, rep.Buttons[1].Title}, []string{"Sí", "No"}; !slices.Equal(got, want) {
		t.Errorf("buttons = %q, want %q", got, want)
	}
	w.nlu.parse["hello"] = Understanding{Intent: IntentGreeting, Confidence: 0.95}
	wantContains(t, w.say(phoneJane, "hello"), "Hello Jane, I'm the PropLink assistant.")
}

func TestRemember(t *testing.T) {
	tests := []struct {
		name   string
		recent []string
		text   string
		want   []string
	}{
		{name: "the latest is kept", recent: []string{"a"}, text: " b ", want: []string{"a", "b"}},
		{name: "three at most", recent: []string{"a", "b", "c"}, text: "d", want: []string{"b", "c", "d"}},
		{name: "a button press has no words", recent: []string{"a"}, text: "", want: []string{"a"}},
		{name: "a linking code is not kept", recent: []string{"a"}, text: "LINK 483920", want: []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := remember(tt.recent, tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("remember(%q, %q) = %q, want %q", tt.recent, tt.text, got, tt.want)
			}
		})
	}
}

func TestTranslated(t *testing.T) {
	tests := []struct {
		name, lang, in, want string
	}{
		{name: "a frame", lang: "fr", in: "OK, cancelled. Nothing was changed.", want: "D'accord, annulé. Rien n'a été modifié."},
		{name: "the greeting keeps the name", lang: "de", in: "Hello Jane" + greetingTail, want: "Hallo Jane, ich bin der PropLink-Assistent. Schreiben Sie help, um zu sehen, was ich kann."},
		{name: "facts stay in English", lang: "pl", in: "Your next demand is INV-2026-0311", want: "Your next demand is INV-2026-0311"},
		{name: "an unknown language changes nothing", lang: "xx", in: NotYours, want: NotYours},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := translated(tt.lang, Reply{Text: tt.in}).Text; got != tt.want {
				t.Errorf("translated(%s, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
			}
		})
	}
	for _, lang := range ReplyLanguages {
		if len(frames[lang]) != len(frames["es"]) {
			t.Errorf("%s has %d frames, es %d", lang, len(frames[lang]), len(frames["es"]))
		}
	}
}

func TestAIIntents(t *testing.T) {
	for _, role := range []Role{RoleStaff, RoleResident, RoleContractor} {
		got := AIIntents(role)
		for _, never := range []string{IntentConfirmYes, IntentConfirmNo, IntentChoose, IntentLinkCode, intentHandoff, intentStale} {
			if slices.Contains(got, never) {
				t.Errorf("AIIntents(%s) holds %s", role, never)
			}
		}
		if slices.Contains(got, IntentBalance) != (role == RoleStaff) {
			t.Errorf("AIIntents(%s) = %v: balance is staff only", role, got)
		}
	}
}
