//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/assistant"
)

// aiOn switches the careful AI layer on for the demo organisation for the test (with replies in
// the person's language and a daily budget of tokens), with a fresh Converse stand-in; it is
// switched off again after.
func aiOn(t *testing.T, tokens int64) {
	t.Helper()
	ctx := context.Background()
	e.sim.ClearConverse()
	if err := e.store.PutAISettings(ctx, e.demo.OrgID, assistant.AISettings{Enabled: true, ReplyInLanguage: true, DailyTokens: tokens}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		e.sim.ClearConverse()
		if err := e.store.PutAISettings(ctx, e.demo.OrgID, assistant.AISettings{}); err != nil {
			t.Error(err)
		}
	})
}

var aiOutcome = regexp.MustCompile(`"msg":"ai layer call".*"outcome":"([a-z_]+)"`)

// aiOutcomes are the outcomes of the layer's calls logged after offset, in order.
func aiOutcomes(t *testing.T, offset int64) []string {
	t.Helper()
	f, err := os.Open(logPath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Seek(offset, 0); err != nil {
		t.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if m := aiOutcome.FindStringSubmatch(sc.Text()); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

// TestAssistantAIUnderstandsAnIndirectRequest: a rambling report the core does not understand
// reaches the layer, whose reading goes through the same confirmation: nothing is raised until
// the resident says yes. The model saw the masked message and the resident's catalogue only.
func TestAssistantAIUnderstandsAnIndirectRequest(t *testing.T) {
	aiOn(t, 100000)
	r := newResident(t)
	wantSaid(t, r.say("hello"), "Hello Ola")
	text := "the lights in the corridor by flat 2 have been dead since Tuesday, my mobile is 07700 900123"
	e.sim.ScriptConverse(simulator.ConverseScript{Match: "corridor", Count: 1, Intent: "raise_ticket", Mentions: map[string]string{"priority": "High"}})
	offset := logSize(t)
	ask := r.say(text)
	wantSaid(t, ask, "Raise a", "(High priority)")
	wantButtons(t, ask, "confirm:yes", "confirm:no")
	calls := e.sim.ConverseCalls()
	if len(calls) != 1 {
		t.Fatalf("Converse calls = %d, want 1 (the greeting was the core's)", len(calls))
	}
	if got, want := calls[0].AccessKey, local.FunctionAccessKey("AssistantFunction"); got != want {
		t.Errorf("Converse signed by %s, want AssistantFunction's key %s", got, want)
	}
	body := string(calls[0].Body)
	for _, want := range []string{"[phone]", "by flat 2 have been dead", "<earlier>hello</earlier>", "raise_ticket", `"classify"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the prompt lacks %q", want)
		}
	}
	for _, never := range []string{"900123", r.demand, "Adeyemi", "Elm Gardens", "balance"} {
		if strings.Contains(body, never) {
			t.Errorf("the prompt carries %q", never)
		}
	}
	if got := aiOutcomes(t, offset); strings.Join(got, ",") != "understood" {
		t.Errorf("logged outcomes %v, want [understood]", got)
	}
	ref := refIn(t, r.tap(ask, "confirm:yes"), `TKT-\d{4}-\d{4}`)
	if tk := ticket(t, ref); tk.UnitID != r.unitID || tk.Priority != "High" {
		t.Errorf("ticket %s: %+v, want on %s with High priority", ref, tk, r.unitID)
	}
}

// TestAssistantAIFallsBack: every way the layer can fail ends in the core's honest "not
// understood" (no data, no write), with the outcome logged and counted.
func TestAssistantAIFallsBack(t *testing.T) {
	aiOn(t, 1000000)
	tests := []struct {
		name    string
		script  simulator.ConverseScript
		outcome string
	}{
		{name: "throttled", script: simulator.ConverseScript{Fault: simulator.ConverseThrottling, Count: 2}, outcome: "throttled"},
		{name: "a validation error", script: simulator.ConverseScript{Fault: simulator.ConverseValidation, Count: 2}, outcome: "error"},
		{name: "an internal error", script: simulator.ConverseScript{Fault: simulator.ConverseInternal, Count: 2}, outcome: "error"},
		{name: "a refusal", script: simulator.ConverseScript{Fault: simulator.ConverseRefusal, Count: 2}, outcome: "refused"},
		{name: "a body that is not JSON", script: simulator.ConverseScript{Fault: simulator.ConverseGarbage, Count: 2}, outcome: "error"},
		{name: "an extra field", script: simulator.ConverseScript{Input: []byte(`{"intent":"next_demand","language":"en","reply":"You owe nothing"}`)}, outcome: "invalid"},
		{name: "an intent outside the set", script: simulator.ConverseScript{Intent: "export_all_tenants"}, outcome: "invalid"},
		{name: "another role's intent", script: simulator.ConverseScript{Intent: "balance"}, outcome: "invalid"},
		{name: "an entity of the wrong type", script: simulator.ConverseScript{Input: []byte(`{"intent":"pay_invoice","mentions":{"invoice":42},"language":"en"}`)}, outcome: "invalid"},
		{name: "an invented mention", script: simulator.ConverseScript{Intent: "pay_invoice", Mentions: map[string]string{"invoice": "INV-2026-0311"}}, outcome: "invalid"},
		{name: "a timeout", script: simulator.ConverseScript{Intent: "next_demand", Delay: 8 * time.Second}, outcome: "timeout"},
	}
	r := newResident(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.sim.ClearConverse()
			tt.script.Match = "gizmo"
			e.sim.ScriptConverse(tt.script)
			offset := logSize(t)
			got := r.say("that gizmo thing from before, sort it out")
			wantSaid(t, got, "Sorry, I didn't understand that.")
			if strings.Contains(got.Body(), r.demand) || strings.Contains(got.Body(), "£") {
				t.Errorf("the fallback carries data: %q", got.Body())
			}
			settle(t)
			if got := aiOutcomes(t, offset); strings.Join(got, ",") != tt.outcome {
				t.Errorf("logged outcomes %v, want [%s]", got, tt.outcome)
			}
			wantSaid(t, r.say("no"), "OK, cancelled.")
		})
	}
}

// TestAssistantAIBudget: once the organisation's tokens for the day are spent the model is not
// called; the message gets the core's answer, and DynamoDB holds what the calls used.
func TestAssistantAIBudget(t *testing.T) {
	day := time.Now().UTC().Format(time.DateOnly)
	before, err := e.store.AITokens(context.Background(), e.demo.OrgID, day)
	if err != nil {
		t.Fatal(err)
	}
	// Room for one call's reservation (about 1,200 tokens for a resident), not for two.
	aiOn(t, before+2000)
	r := newResident(t)
	e.sim.ScriptConverse(simulator.ConverseScript{Intent: "next_demand", InputTokens: 1100, OutputTokens: 20})
	offset := logSize(t)
	wantSaid(t, r.say("is there any chance the money thing for my place could be sent over"), "Your next demand is "+r.demand)
	wantSaid(t, r.say("and the other money thing, the one after"), "Sorry, I didn't understand that.")
	settle(t)
	if got := len(e.sim.ConverseCalls()); got != 1 {
		t.Errorf("Converse calls = %d, want 1 (the second is over budget)", got)
	}
	if got := aiOutcomes(t, offset); strings.Join(got, ",") != "understood,over_budget" {
		t.Errorf("logged outcomes %v, want [understood over_budget]", got)
	}
	if got, _ := e.store.AITokens(context.Background(), e.demo.OrgID, day); got != before+1120 {
		t.Errorf("the day's tokens = %d, want %d (what the one call used)", got, before+1120)
	}
}

// TestAssistantAIRepliesInTheLanguage: a message in Spanish the layer reads as Spanish gets the
// fixed replies in Spanish (buttons too); the facts of a reply stay as code writes them.
func TestAssistantAIRepliesInTheLanguage(t *testing.T) {
	aiOn(t, 100000)
	r := newResident(t)
	// The stand-in matches the whole prompt, earlier messages too: the later question's script first.
	e.sim.ScriptConverse(simulator.ConverseScript{Match: "factura", Intent: "next_demand", Language: "es"},
		simulator.ConverseScript{Match: "pasillo", Intent: "unknown", Language: "es"})
	ask := r.say("necesito ayuda con la luz del pasillo")
	wantSaid(t, ask, "Lo siento, no lo he entendido.")
	if b := ask.Buttons(); len(b) != 2 || b[0].Title != "Sí" || b[1].Title != "No" {
		t.Errorf("buttons %v, want Sí/No", b)
	}
	wantSaid(t, r.tap(ask, "confirm:no"), "De acuerdo, cancelado.")
	wantSaid(t, r.say("¿cuándo vence mi próxima factura?"), "Your next demand is "+r.demand)
	wantSaid(t, r.say("hello"), "Hello Ola")
}
