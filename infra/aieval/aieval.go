// Package aieval measures the careful AI layer against a labelled corpus (the understanding
// core's testdata/corpus-*.jsonl): per intent, how often the core, the model alone, and the two
// as the assistant combines them (the model only where the core is below
// assistant.AIThreshold) read a message right. Command ai-eval runs it against the configured
// model on the operator's own account.
package aieval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/assistant/nlu"
)

// Case is one labelled message of the corpus.
type Case struct {
	Role   string `json:"role"`
	Text   string `json:"text"`
	Intent string `json:"intent"`
	// Fill marks an answer to a question (the core's Fill); those are left out.
	Fill string `json:"fill"`
	// Now is the time the message is read at (RFC 3339); the run's time when empty.
	Now string `json:"now"`
}

// ReadCases reads a JSON-lines corpus, leaving out answers to questions.
func ReadCases(r io.Reader) ([]Case, error) {
	var out []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		var c Case
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("aieval: corpus line %d: %w", n, err)
		}
		if c.Fill == "" && c.Text != "" {
			out = append(out, c)
		}
	}
	return out, sc.Err()
}

// Score is one intent's results.
type Score struct {
	Intent                  string
	N, Core, Model, Careful int
	// Consulted counts the messages the assistant would have sent to the model.
	Consulted int
}

// Run reads every case with the core and with ai, and scores them by labelled intent. With
// doubtfulOnly, the model is asked only about messages the core is not confident of (the
// assistant's own rule, and the cheaper run); its column then counts the core's reading for
// the others.
func Run(ctx context.Context, cases []Case, v nlu.Vocabulary, ai assistant.Interpreter, doubtfulOnly bool, now time.Time) []Score {
	by := map[string]*Score{}
	for _, c := range cases {
		at := now
		if t, err := time.Parse(time.RFC3339, c.Now); err == nil {
			at = t
		}
		core := nlu.Parse(c.Text, nlu.Role(c.Role), v, at)
		doubtful := core.Confidence < assistant.AIThreshold
		model := string(core.Intent)
		if doubtful || !doubtfulOnly {
			model = ai.Interpret(ctx, assistant.Query{OrgID: "ai-eval", Role: assistant.Role(c.Role), Text: c.Text}).Intent
		}
		careful := string(core.Intent)
		if doubtful && model != assistant.IntentUnknown && slices.Contains(assistant.AIIntents(assistant.Role(c.Role)), model) {
			careful = model
		}
		s := by[c.Intent]
		if s == nil {
			s = &Score{Intent: c.Intent}
			by[c.Intent] = s
		}
		s.N++
		s.Core += b2i(string(core.Intent) == c.Intent)
		s.Model += b2i(model == c.Intent)
		s.Careful += b2i(careful == c.Intent)
		s.Consulted += b2i(doubtful)
	}
	out := make([]Score, 0, len(by))
	for _, s := range by {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Intent < out[j].Intent })
	return out
}

// Print writes the scores as a table with a total line.
func Print(w io.Writer, scores []Score) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "intent\tmessages\tcore\tmodel\tcore+model\tconsulted\t")
	var t Score
	for _, s := range scores {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%d\t\n", s.Intent, s.N, pct(s.Core, s.N), pct(s.Model, s.N), pct(s.Careful, s.N), s.Consulted)
		t.N, t.Core, t.Model, t.Careful, t.Consulted = t.N+s.N, t.Core+s.Core, t.Model+s.Model, t.Careful+s.Careful, t.Consulted+s.Consulted
	}
	fmt.Fprintf(tw, "all\t%d\t%s\t%s\t%s\t%d\t\n", t.N, pct(t.Core, t.N), pct(t.Model, t.N), pct(t.Careful, t.N), t.Consulted)
	return tw.Flush()
}

func pct(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(of))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// On is the layer's settings for an evaluation: enabled, English replies.
type On struct{}

// AISettings reports the layer on.
func (On) AISettings(context.Context, string) (assistant.AISettings, error) {
	return assistant.AISettings{Enabled: true}, nil
}

// Budget caps an evaluation's tokens in memory, and counts what the calls used.
type Budget struct {
	mu   sync.Mutex
	Used int64
}

// ReserveAITokens grants n tokens while the run stays within limit.
func (b *Budget) ReserveAITokens(_ context.Context, _, _ string, n, limit int64, _ time.Time) (bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.Used+n > limit {
		return false, nil
	}
	b.Used += n
	return true, nil
}

// SettleAITokens corrects the count by what a call used.
func (b *Budget) SettleAITokens(_ context.Context, _, _ string, delta int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.Used += delta
	return nil
}
