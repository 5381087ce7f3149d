package bedrock

import (
	"context"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/aws/smithy-go"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/obs"
)

// The outcomes of a consultation, as logged and counted (dimension Outcome of MetricCalls).
const (
	OutcomeUnderstood = "understood"  // a valid answer with an intent of the set
	OutcomeUnknown    = "unknown"     // a valid answer: not understood
	OutcomeInvalid    = "invalid"     // an answer the validation rejected
	OutcomeRefused    = "refused"     // no tool call: a refusal, a filter, running out of tokens
	OutcomeThrottled  = "throttled"   // ThrottlingException (after the one retry)
	OutcomeTimeout    = "timeout"     // the layer's timeout passed
	OutcomeError      = "error"       // any other failure of the call
	OutcomeOverBudget = "over_budget" // the organisation's daily tokens are spent: no call
)

// The metric names (namespace obs.Namespace, dimension Service=assistant).
const (
	MetricCalls  = "AICalls"  // one per model call, by Outcome as well
	MetricErrors = "AIErrors" // one per call that did not give a valid answer
	MetricTokens = "AITokens" // tokens the calls used
	// MetricSkipped counts consultations that made no call (a spent budget, a budget that could
	// not be read), by Outcome.
	MetricSkipped = "AISkipped"
)

// settingsSource reads an organisation's choice about the layer.
type settingsSource interface {
	AISettings(ctx context.Context, orgID string) (assistant.AISettings, error)
}

// budget counts an organisation's model tokens per UTC day (dynamo.Store).
type budget interface {
	ReserveAITokens(ctx context.Context, orgID, day string, n, limit int64, now time.Time) (bool, error)
	SettleAITokens(ctx context.Context, orgID, day string, delta int64) error
}

// Interpreter is the careful AI layer over Bedrock's Converse API. Every field is required but
// Metrics and Now.
type Interpreter struct {
	Client   converser
	ModelID  string
	Settings settingsSource
	Budget   budget
	// DailyTokens is the per-organisation budget for organisations that set none.
	DailyTokens int64
	// Timeout bounds one consultation, budget included; well inside the function's.
	Timeout time.Duration
	// MaxTokens bounds the model's answer.
	MaxTokens int32
	Metrics   *obs.Metrics
	Now       func() time.Time
}

var _ assistant.Interpreter = (*Interpreter)(nil)

// Interpret asks the model about q's message; see assistant.Interpreter. Off for the
// organisation, it makes no call and logs nothing.
func (i *Interpreter) Interpret(ctx context.Context, q assistant.Query) assistant.Interpretation {
	unknown := assistant.Interpretation{Intent: assistant.IntentUnknown}
	begin := time.Now()
	st, err := i.Settings.AISettings(ctx, q.OrgID)
	if err != nil {
		obs.Logger(ctx).Warn("ai layer settings unreadable: not understood", "org_id", q.OrgID, "error", err)
		return unknown
	}
	if !st.Enabled {
		return unknown
	}
	now := i.now()
	ctx, cancel := context.WithTimeout(ctx, i.Timeout)
	defer cancel()
	msg := Mask(q.Text)
	seen := []string{msg}
	recent := make([]string, 0, len(q.Recent))
	for _, r := range q.Recent {
		recent = append(recent, Mask(r))
	}
	seen = append(seen, recent...)
	in := request(i.ModelID, q.Role, msg, recent, i.MaxTokens)
	c := call{org: q.OrgID, day: now.UTC().Format(time.DateOnly), reserved: estimate(in, i.MaxTokens), begin: begin}
	limit := st.DailyTokens
	if limit <= 0 {
		limit = i.DailyTokens
	}
	granted, err := i.Budget.ReserveAITokens(ctx, q.OrgID, c.day, c.reserved, limit, now)
	if err != nil || !granted {
		c.outcome = OutcomeOverBudget
		if err != nil {
			c.outcome, c.err = outcomeOf(ctx, err), err
		}
		i.record(ctx, c, false)
		return unknown
	}
	start := time.Now()
	out, err := i.Client.Converse(ctx, in)
	c.latency = time.Since(start)
	res := unknown
	switch {
	case err != nil:
		c.outcome, c.err = outcomeOf(ctx, err), err
	default:
		c.inTokens, c.outTokens = usage(out)
		raw, ok := toolInput(out)
		if !ok {
			c.outcome = OutcomeRefused
			break
		}
		got, perr := Parse(raw, q.Role, seen)
		if perr != nil {
			c.outcome, c.err = OutcomeInvalid, perr
			break
		}
		c.outcome = OutcomeUnknown
		if got.Intent != assistant.IntentUnknown {
			c.outcome = OutcomeUnderstood
		}
		if !st.ReplyInLanguage {
			got.Language = ""
		}
		res = got
	}
	// The reservation is corrected to what the call used (all of it when unknown).
	used := c.reserved
	if c.inTokens+c.outTokens > 0 {
		used = c.inTokens + c.outTokens
	} else if c.outcome == OutcomeThrottled || c.outcome == OutcomeError {
		used = 0
	}
	if err := i.Budget.SettleAITokens(context.WithoutCancel(ctx), q.OrgID, c.day, used-c.reserved); err != nil {
		obs.Logger(ctx).Warn("ai layer budget not settled", "org_id", q.OrgID, "error", err)
	}
	i.record(ctx, c, true)
	res.Trace = []string{"ai " + c.outcome + " in " + strconv.FormatInt(c.latency.Milliseconds(), 10) + " ms"}
	return res
}

func (i *Interpreter) now() time.Time {
	if i.Now != nil {
		return i.Now()
	}
	return time.Now()
}

// call is one consultation as logged and counted.
type call struct {
	org, day            string
	reserved            int64
	inTokens, outTokens int64
	latency             time.Duration // the model call's
	begin               time.Time     // the consultation's start: settings and budget included
	outcome             string
	err                 error
}

// record logs the consultation once (never the text) and counts it.
func (i *Interpreter) record(ctx context.Context, c call, called bool) {
	attrs := []any{"org_id", c.org, "model", i.ModelID, "outcome", c.outcome, "latency_ms", c.latency.Milliseconds(),
		"layer_ms", time.Since(c.begin).Milliseconds(),
		"input_tokens", c.inTokens, "output_tokens", c.outTokens}
	if c.err != nil {
		attrs = append(attrs, "error", c.err.Error())
	}
	obs.Logger(ctx).Info("ai layer call", attrs...)
	dims := map[string]string{}
	if !called {
		i.Metrics.Count(MetricSkipped, 1, map[string]string{"Outcome": c.outcome})
		return
	}
	i.Metrics.Count(MetricCalls, 1, dims)
	i.Metrics.Count(MetricCalls, 1, map[string]string{"Outcome": c.outcome})
	if c.outcome != OutcomeUnderstood && c.outcome != OutcomeUnknown {
		i.Metrics.Count(MetricErrors, 1, dims)
	}
	if n := c.inTokens + c.outTokens; n > 0 {
		i.Metrics.Count(MetricTokens, float64(n), dims)
	}
}

// outcomeOf classifies a failed call: the layer's timeout, throttling, or any other error.
func outcomeOf(ctx context.Context, err error) string {
	var api smithy.APIError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
		return OutcomeTimeout
	case errors.As(err, &api) && api.ErrorCode() == "ThrottlingException":
		return OutcomeThrottled
	}
	return OutcomeError
}

// toolInput returns the input of the model's call of the tool, if it made exactly that.
func toolInput(out *ConverseOutput) ([]byte, bool) {
	if out == nil || out.StopReason != StopToolUse || out.Output.Message == nil {
		return nil, false
	}
	var raw []byte
	for _, b := range out.Output.Message.Content {
		tu := b.ToolUse
		if tu == nil {
			continue
		}
		if raw != nil || tu.Name != ToolName || len(tu.Input) == 0 || string(tu.Input) == "null" {
			return nil, false
		}
		raw = tu.Input
	}
	return raw, raw != nil
}

// usage is the tokens the call used (none for counts below zero).
func usage(out *ConverseOutput) (int64, int64) {
	if out == nil || out.Usage == nil {
		return 0, 0
	}
	return max(out.Usage.InputTokens, 0), max(out.Usage.OutputTokens, 0)
}

// estimate is the tokens reserved for a call: about one per three characters of the prompt
// (schema included), plus the answer's bound.
func estimate(in *ConverseInput, maxTokens int32) int64 {
	n := 0
	for _, b := range in.System {
		n += utf8.RuneCountInString(b.Text)
	}
	for _, m := range in.Messages {
		for _, b := range m.Content {
			if b.Text != nil {
				n += utf8.RuneCountInString(*b.Text)
			}
		}
	}
	return int64(n/3+schemaAllowance) + int64(maxTokens)
}

// schemaAllowance is the tokens reserved for the tool's schema.
const schemaAllowance = 400
