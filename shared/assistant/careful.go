package assistant

import (
	"context"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Interpreter is the careful AI layer: it reads a message the deterministic core did not
// understand with confidence into the same closed set of intents. It is consulted only then; it
// never acts and never writes a reply, and what it says goes through the same resolution, scope
// checks and confirmations as the core's reading.
//
// Interpret never fails a turn: an organisation with the layer off, a spent budget, an error, a
// refusal, a timeout or a malformed answer all come back as IntentUnknown (the adapter logs and
// counts each outcome). It is safe for concurrent use.
type Interpreter interface {
	Interpret(ctx context.Context, q Query) Interpretation
}

// Query is everything the layer is told about a turn: the organisation (for its setting and
// budget; it is not part of the prompt), the speaker's role (whose intent catalogue the prompt
// holds), the message and the person's own recent messages in this conversation. No record,
// name or balance from the platform is ever part of it.
type Query struct {
	OrgID  string
	Role   Role
	Text   string
	Recent []string
}

// Interpretation is the layer's reading of a message.
type Interpretation struct {
	// Intent is one of AIIntents(role), or IntentUnknown.
	Intent string
	// Mentions are the words of the message that name each entity, by kind (the Ent* names);
	// the core resolves them against the speaker's directory like any other words.
	Mentions map[string]string
	// Language is the message's language (ISO 639-1) when the organisation has replies in the
	// person's language on and the layer read one of ReplyLanguages; "" keeps English.
	Language string
	// Trace says what the layer did (model outcome, latency), never the text.
	Trace []string
}

// AIThreshold is the core's confidence below which the layer is consulted.
const AIThreshold = 0.5

// recentTurns is how many of the person's own earlier messages the layer sees.
const recentTurns = 3

// AIIntents are the intents the layer may answer for a speaker in role: the role's
// capabilities, greeting, help and unknown. Yes/no, numbered choices and link codes stay with
// the core (they answer a question, or link a number).
func AIIntents(role Role) []string {
	out := []string{IntentGreeting, IntentHelp, IntentUnknown}
	for in := range capabilities[role] {
		out = append(out, in)
	}
	sort.Strings(out)
	return out
}

// AIEntities are the entity kinds the layer may name for an intent (the contract's table).
func AIEntities(intent string) []string {
	return aiEntities[intent]
}

var aiEntities = map[string][]string{
	IntentBalance:           {EntContact, EntUnit, EntSite},
	IntentArrearsStatus:     {EntContact, EntUnit, EntSite},
	IntentRaiseTicket:       {EntSite, EntUnit, EntCategory, EntPriority},
	IntentCompleteWorkOrder: {EntWorkOrder},
	IntentSiteSpend:         {EntSite, EntPeriod},
	IntentPayInvoice:        {EntInvoice},
	IntentTicketStatus:      {EntTicket},
	IntentAcceptWorkOrder:   {EntWorkOrder},
	IntentDeclineWorkOrder:  {EntWorkOrder},
	IntentWorkOrderUpdate:   {EntWorkOrder, EntStatusHint},
	IntentUploadPhoto:       {EntWorkOrder},
}

// assisted asks the layer about a message the core read as core (with low confidence). The
// layer's intent replaces the core's only when it is one the speaker's role has; its mentions
// are resolved by the core against the speaker's directory, and the core's own entities win.
func (c *conv) assisted(ctx context.Context, core Understanding) Understanding {
	in := c.s.AI.Interpret(ctx, Query{OrgID: c.t.OrgID, Role: c.who.Role, Text: c.msg.Text, Recent: c.sess.Recent})
	c.sess.Language = in.Language
	if in.Intent == "" || in.Intent == IntentUnknown || !slices.Contains(AIIntents(c.who.Role), in.Intent) {
		core.Trace = append(slices.Clone(core.Trace), in.Trace...)
		return core
	}
	u := Understanding{Intent: in.Intent, Confidence: AIThreshold, Entities: maps.Clone(core.Entities), Candidates: maps.Clone(core.Candidates)}
	if u.Entities == nil {
		u.Entities = map[string]string{}
	}
	u.Trace = append(append(slices.Clone(core.Trace), in.Trace...), "ai intent "+in.Intent)
	kinds := slices.Sorted(maps.Keys(in.Mentions))
	for _, kind := range kinds {
		if !slices.Contains(AIEntities(in.Intent), kind) {
			continue
		}
		if _, ok := u.Entities[kind]; ok || len(u.Candidates[kind]) > 0 {
			continue
		}
		f := c.s.NLU.Fill(in.Mentions[kind], kind, c.who.Role, c.dir.Directory, c.now)
		if id, ok := f.Entities[kind]; ok {
			u.Entities[kind] = id
			u.Trace = append(u.Trace, "ai mention "+kind+" resolved to "+id)
		} else if cs := f.Candidates[kind]; len(cs) > 0 {
			if u.Candidates == nil {
				u.Candidates = map[string][]Candidate{}
			}
			u.Candidates[kind] = cs
			u.Trace = append(u.Trace, "ai mention "+kind+" has candidates")
		}
	}
	return u
}

// remember keeps text as the person's latest message for the layer's next look (a linking
// code is not kept).
func remember(recent []string, text string) []string {
	text = strings.TrimSpace(text)
	if _, code := codeIn(text); text == "" || code {
		return recent
	}
	out := append(slices.Clone(recent), clip(text, 500))
	if len(out) > recentTurns {
		out = out[len(out)-recentTurns:]
	}
	return out
}

// AISettings is an organisation's choice about the careful AI layer: off unless switched on.
type AISettings struct {
	// Enabled lets the layer read the organisation's messages the core did not understand.
	Enabled bool `json:"enabled"`
	// ReplyInLanguage answers in the person's language (one of ReplyLanguages) when the layer
	// read it; English otherwise.
	ReplyInLanguage bool `json:"reply_in_language"`
	// DailyTokens caps the model tokens the organisation's turns may use per UTC day; 0 takes
	// the deployment's default.
	DailyTokens int64 `json:"daily_tokens,omitempty"`
}
