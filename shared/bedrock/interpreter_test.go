package bedrock

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/awsjson"
	"github.com/proplink/chat/shared/obs"
)

// fakeModel answers Converse with its function and records the requests.
type fakeModel struct {
	mu     sync.Mutex
	answer func(ctx context.Context, in *ConverseInput) (*ConverseOutput, error)
	seen   []*ConverseInput
}

func (f *fakeModel) Converse(ctx context.Context, in *ConverseInput) (*ConverseOutput, error) {
	f.mu.Lock()
	f.seen = append(f.seen, in)
	f.mu.Unlock()
	return f.answer(ctx, in)
}

// fakeBudget counts tokens per organisation and day.
type fakeBudget struct {
	counts map[string]int64
	err    error
}

func (b *fakeBudget) ReserveAITokens(_ context.Context, org, day string, n, limit int64, _ time.Time) (bool, error) {
	if b.err != nil {
		return false, b.err
	}
	if b.counts[org+day]+n > limit {
		return false, nil
	}
	b.counts[org+day] += n
	return true, nil
}

func (b *fakeBudget) SettleAITokens(_ context.Context, org, day string, delta int64) error {
	b.counts[org+day] += delta
	return nil
}

type fakeSettings map[string]assistant.AISettings

func (f fakeSettings) AISettings(_ context.Context, org string) (assistant.AISettings, error) {
	return f[org], nil
}

// toolAnswer is a model's call of the tool with input, using 300 + 20 tokens.
func toolAnswer(input any) (*ConverseOutput, error) {
	raw, err := json.Marshal(input)
	if err != nil {
		return nil, err
	}
	out := &ConverseOutput{StopReason: StopToolUse, Usage: &Usage{InputTokens: 300, OutputTokens: 20, TotalTokens: 320}}
	out.Output.Message = &Message{Role: "assistant", Content: []Content{{ToolUse: &ToolUse{Name: ToolName, ToolUseID: "t1", Input: raw}}}}
	return out, nil
}

// refusal is a model's answer in words, with no tool call, using 300 + 9 tokens.
func refusal() (*ConverseOutput, error) {
	words := "I can't help with that."
	out := &ConverseOutput{StopReason: "end_turn", Usage: &Usage{InputTokens: 300, OutputTokens: 9}}
	out.Output.Message = &Message{Content: []Content{{Text: &words}}}
	return out, nil
}

func TestInterpret(t *testing.T) {
	day := "2026-03-20"
	tests := []struct {
		name     string
		org      string
		answer   func(ctx context.Context, in *ConverseInput) (*ConverseOutput, error)
		budget   *fakeBudget
		want     assistant.Interpretation
		outcome  string // "" when no call is logged
		called   bool
		tokens   int64 // the day's count after; -1: the reservation is kept
		language bool
	}{
		{name: "understood", org: "on", answer: func(context.Context, *ConverseInput) (*ConverseOutput, error) {
			return toolAnswer(map[string]any{"intent": "raise_ticket", "mentions": map[string]any{"unit": "flat 2"}, "language": "es"})
		}, want: assistant.Interpretation{Intent: "raise_ticket", Mentions: map[string]string{"unit": "flat 2"}, Language: "es"}, outcome: OutcomeUnderstood, called: true, tokens: 320, language: true},
		{name: "the language only where the organisation enables it", org: "on", answer: func(context.Context, *ConverseInput) (*ConverseOutput, error) {
			return toolAnswer(map[string]any{"intent": "help", "language": "es"})
		}, want: assistant.Interpretation{Intent: "help"}, outcome: OutcomeUnderstood, called: true, tokens: 320},
		{name: "off for the organisation", org: "off", want: assistant.Interpretation{Intent: "unknown"}},
		{name: "a malformed answer", org: "on", answer: func(context.Context, *ConverseInput) (*ConverseOutput, error) {
			return toolAnswer(map[string]any{"intent": "raise_ticket", "language": "en", "reply": "Done! Ticket raised."})
		}, want: assistant.Interpretation{Intent: "unknown"}, outcome: OutcomeInvalid, called: true, tokens: 320},
		{name: "a refusal in words", org: "on", answer: func(context.Context, *ConverseInput) (*ConverseOutput, error) {
			return refusal()
		}, want: assistant.Interpretation{Intent: "unknown"}, outcome: OutcomeRefused, called: true, tokens: 309},
		{name: "throttled", org: "on", answer: func(context.Context, *ConverseInput) (*ConverseOutput, error) {
			return nil, &awsjson.APIError{Service: "bedrock", Status: 429, Code: "ThrottlingException", Type: "ThrottlingException", Message: "Too many requests"}
		}, want: assistant.Interpretation{Intent: "unknown"}, outcome: OutcomeThrottled, called: true, tokens: 0},
		{name: "a timeout", org: "on", answer: func(ctx context.Context, _ *ConverseInput) (*ConverseOutput, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}, want: assistant.Interpretation{Intent: "unknown"}, outcome: OutcomeTimeout, called: true, tokens: -1},
		{name: "any other error", org: "on", answer: func(context.Context, *ConverseInput) (*ConverseOutput, error) {
			return nil, &awsjson.APIError{Service: "bedrock", Status: 400, Code: "ValidationException", Type: "ValidationException", Message: "bad"}
		}, want: assistant.Interpretation{Intent: "unknown"}, outcome: OutcomeError, called: true, tokens: 0},
		{name: "over budget: no call", org: "on", budget: &fakeBudget{counts: map[string]int64{"on" + day: 9800}}, want: assistant.Interpretation{Intent: "unknown"}, outcome: OutcomeOverBudget, tokens: 9800},
		{name: "a budget that cannot be read: no call", org: "on", budget: &fakeBudget{counts: map[string]int64{}, err: errors.New("dynamo down")}, want: assistant.Interpretation{Intent: "unknown"}, outcome: OutcomeError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			model := &fakeModel{answer: tt.answer}
			b := tt.budget
			if b == nil {
				b = &fakeBudget{counts: map[string]int64{}}
			}
			var logs, metrics bytes.Buffer
			i := &Interpreter{Client: model, ModelID: "amazon.nova-micro-v1:0", Budget: b, DailyTokens: 10000, Timeout: 50 * time.Millisecond, MaxTokens: 300,
				Settings: fakeSettings{"on": {Enabled: true, ReplyInLanguage: tt.language}}, Metrics: obs.NewMetrics(&metrics, "assistant"),
				Now: func() time.Time { return time.Date(2026, 3, 20, 23, 0, 0, 0, time.UTC) }}
			ctx := obs.WithLogger(context.Background(), obs.NewLogger(&logs, "assistant"))
			text := "the lights in the corridor by flat 2 have been dead since Tuesday, call +447700900123"
			got := i.Interpret(ctx, assistant.Query{OrgID: tt.org, Role: assistant.RoleResident, Text: text})
			got.Trace = nil
			if got.Intent != tt.want.Intent || got.Language != tt.want.Language || len(got.Mentions) != len(tt.want.Mentions) || got.Mentions["unit"] != tt.want.Mentions["unit"] {
				t.Errorf("Interpret = %+v, want %+v", got, tt.want)
			}
			if got := len(model.seen) > 0; got != tt.called {
				t.Errorf("model called = %v, want %v", got, tt.called)
			}
			if got := b.counts[tt.org+day]; got != tt.tokens && (tt.tokens != -1 || got <= 0) {
				t.Errorf("the day's tokens = %d, want %d", got, tt.tokens)
			}
			if tt.outcome == "" {
				if logs.Len() != 0 || metrics.Len() != 0 {
					t.Errorf("off: logged %q and counted %q, want nothing", logs.String(), metrics.String())
				}
				return
			}
			var line map[string]any
			if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
				t.Fatalf("want one log line, got %q", logs.String())
			}
			if line["outcome"] != tt.outcome || line["latency_ms"] == nil || line["input_tokens"] == nil || line["org_id"] != tt.org {
				t.Errorf("log line %v, want outcome %s with latency and tokens", line, tt.outcome)
			}
			for _, never := range []string{"corridor", "447700900123", "flat 2"} {
				if strings.Contains(logs.String(), never) || strings.Contains(metrics.String(), never) {
					t.Errorf("the log or metrics carry %q: %s", never, logs.String())
				}
			}
			wantMetric := `"AICalls":1`
			if !tt.called {
				wantMetric = `"AISkipped":1`
			}
			if !strings.Contains(metrics.String(), wantMetric) || !strings.Contains(metrics.String(), `"Outcome":"`+tt.outcome+`"`) {
				t.Errorf("metrics %s, want %s by outcome %s", metrics.String(), wantMetric, tt.outcome)
			}
			if errs := strings.Contains(metrics.String(), `"AIErrors":1`); errs != (tt.called && tt.outcome != OutcomeUnderstood && tt.outcome != OutcomeUnknown) {
				t.Errorf("AIErrors counted = %v for %s", errs, tt.outcome)
			}
		})
	}
}

// TestInterpretPrompt: the prompt holds the masked message, the person's earlier messages and
// the role's catalogue, and the tool the model must call; nothing else.
func TestInterpretPrompt(t *testing.T) {
	model := &fakeModel{answer: func(context.Context, *ConverseInput) (*ConverseOutput, error) {
		return toolAnswer(map[string]any{"intent": "unknown", "language": "en"})
	}}
	i := &Interpreter{Client: model, ModelID: "m", Budget: &fakeBudget{counts: map[string]int64{}}, DailyTokens: 10000, Timeout: time.Second, MaxTokens: 300,
		Settings: fakeSettings{"on": {Enabled: true}}}
	i.Interpret(context.Background(), assistant.Query{OrgID: "on", Role: assistant.RoleContractor, Text: "email me at bob@example.com, WO-2026-0042",
		Recent: []string{"my number is 07700 900123"}})
	in := model.seen[0]
	user := *in.Messages[0].Content[0].Text
	for _, want := range []string{"[email]", "WO-2026-0042", "[phone]", "<earlier>", "<message>"} {
		if !strings.Contains(user, want) {
			t.Errorf("prompt %s: want %q", user, want)
		}
	}
	for _, never := range []string{"bob@example.com", "900123"} {
		if strings.Contains(user, never) {
			t.Errorf("prompt %s carries %q", user, never)
		}
	}
	cat := in.System[1].Text
	if !strings.Contains(cat, "accept_work_order") || strings.Contains(cat, "balance") || strings.Contains(cat, "confirm_yes") {
		t.Errorf("a contractor's catalogue: %s", cat)
	}
	if in.ToolConfig == nil || len(in.ToolConfig.Tools) != 1 || in.ToolConfig.ToolChoice.Tool.Name != ToolName {
		t.Errorf("tool config %+v, want the one tool, chosen", in.ToolConfig)
	}
}

// obsLogger is a context whose logger writes to w.
func obsLogger(w io.Writer) context.Context {
	return obs.WithLogger(context.Background(), obs.NewLogger(w, "assistant"))
}
