package aieval

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/assistant/nlu"
)

// scripted answers by message text.
type scripted map[string]string

func (s scripted) Interpret(_ context.Context, q assistant.Query) assistant.Interpretation {
	if in, ok := s[q.Text]; ok {
		return assistant.Interpretation{Intent: in}
	}
	return assistant.Interpretation{Intent: assistant.IntentUnknown}
}

func TestRun(t *testing.T) {
	corpus := `{"role":"resident","text":"when is my next bill due","intent":"next_demand","fill":""}
{"role":"resident","text":"the lights in the corridor have been dead since Tuesday","intent":"raise_ticket","fill":""}
{"role":"resident","text":"the money thing for my place","intent":"next_demand","fill":""}
{"role":"staff","text":"2","intent":"choose","fill":"unit"}
`
	cases, err := ReadCases(strings.NewReader(corpus))
	if err != nil || len(cases) != 3 {
		t.Fatalf("ReadCases: %d cases, %v; want 3 (answers to questions left out)", len(cases), err)
	}
	ai := scripted{"the lights in the corridor have been dead since Tuesday": "raise_ticket", "the money thing for my place": "balance"}
	scores := Run(context.Background(), cases, nlu.Vocabulary{}, ai, true, time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC))
	got := map[string]Score{}
	for _, s := range scores {
		got[s.Intent] = s
	}
	if s := got["raise_ticket"]; s.N != 1 || s.Core != 0 || s.Model != 1 || s.Careful != 1 || s.Consulted != 1 {
		t.Errorf("raise_ticket: %+v, want the model to put right what the core missed", s)
	}
	// The model's "balance" is not a resident intent: the combination keeps the core's reading.
	if s := got["next_demand"]; s.N != 2 || s.Core != 1 || s.Careful != 1 {
		t.Errorf("next_demand: %+v", s)
	}
	var out bytes.Buffer
	if err := Print(&out, scores); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"core+model", "raise_ticket", "100%", "all"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table %q lacks %q", out.String(), want)
		}
	}
}
