package simulator

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The Cloud API's limits on an interactive reply-button message.
const (
	maxButtons        = 3
	maxButtonTitleLen = 20
	maxButtonIDLen    = 256
	maxButtonsBodyLen = 1024
)

// InteractiveRef is an interactive message's body as the simulator parses it: reply buttons
// (Type "button") are the only kind it accepts.
type InteractiveRef struct {
	Type string `json:"type"`
	Body *struct {
		Text string `json:"text"`
	} `json:"body,omitempty"`
	Action struct {
		Buttons []InteractiveButton `json:"buttons"`
	} `json:"action"`
}

// InteractiveButton is one button of an interactive message.
type InteractiveButton struct {
	Type  string `json:"type"`
	Reply struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"reply"`
}

// SentButton is a reply button of a sent message, as a test reads it.
type SentButton struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Buttons returns the reply buttons of a sent interactive message (none for other sends).
func (m SentMessage) Buttons() []SentButton {
	in := m.Request.Interactive
	if in == nil {
		return nil
	}
	out := make([]SentButton, 0, len(in.Action.Buttons))
	for _, b := range in.Action.Buttons {
		out = append(out, SentButton{ID: b.Reply.ID, Title: b.Reply.Title})
	}
	return out
}

// Body returns what a sent text or interactive message says.
func (m SentMessage) Body() string {
	switch {
	case m.Request.Text != nil:
		return m.Request.Text.Body
	case m.Request.Interactive != nil && m.Request.Interactive.Body != nil:
		return m.Request.Interactive.Body.Text
	}
	return ""
}

// validateInteractive checks an interactive send the way Meta does: reply buttons only, a body
// of 1-1024 characters, 1-3 buttons with unique ids of 1-256 characters and titles of 1-20.
// Missing parts are 131008 or 100, values out of bounds 131009.
func validateInteractive(req SendRequest) *apiError {
	fail := func(code int, format string, a ...any) *apiError {
		e := errorFor(code, fmt.Sprintf(format, a...))
		return &e
	}
	in := req.Interactive
	switch {
	case in == nil:
		return fail(131008, "The parameter interactive is required.")
	case in.Type != "button":
		return fail(100, "The simulator only accepts interactive messages of type button - got %q.", in.Type)
	case in.Body == nil || strings.TrimSpace(in.Body.Text) == "":
		return fail(131008, "The parameter interactive.body.text is required.")
	case utf8.RuneCountInString(in.Body.Text) > maxButtonsBodyLen:
		return fail(131009, "Param interactive.body.text must be at most %d characters long.", maxButtonsBodyLen)
	case len(in.Action.Buttons) == 0 || len(in.Action.Buttons) > maxButtons:
		return fail(131009, "Param interactive.action.buttons must have between 1 and %d elements - got %d.", maxButtons, len(in.Action.Buttons))
	}
	seen := map[string]bool{}
	for i, b := range in.Action.Buttons {
		switch {
		case b.Type != "reply":
			return fail(100, "Param interactive.action.buttons[%d].type must be reply.", i)
		case strings.TrimSpace(b.Reply.Title) == "" || utf8.RuneCountInString(b.Reply.Title) > maxButtonTitleLen:
			return fail(131009, "Param interactive.action.buttons[%d].reply.title must be between 1 and %d characters.", i, maxButtonTitleLen)
		case strings.TrimSpace(b.Reply.ID) == "" || utf8.RuneCountInString(b.Reply.ID) > maxButtonIDLen:
			return fail(131009, "Param interactive.action.buttons[%d].reply.id must be between 1 and %d characters.", i, maxButtonIDLen)
		case seen[b.Reply.ID]:
			return fail(131009, "Param interactive.action.buttons[%d].reply.id must be unique.", i)
		}
		seen[b.Reply.ID] = true
	}
	return nil
}

// InjectButtonReply delivers a person's tap on an interactive reply button (id and title as
// sent) answering the message contextWAMID, as Meta's signed webhook, and returns its wamid.
func (s *Simulator) InjectButtonReply(from, name, id, title, contextWAMID string) (string, error) {
	in, err := s.Inject(context.Background(), Inbound{From: from, ProfileName: name, ReplyTo: contextWAMID,
		Interactive: &InboundInteractive{Type: "button_reply", ID: id, Title: title}})
	return in.WAMID, err
}

// InjectQuickReply delivers a person's tap on a template's quick-reply button (its payload and
// text) answering the template message contextWAMID, as Meta's signed webhook, and returns its
// wamid.
func (s *Simulator) InjectQuickReply(from, name, payload, text, contextWAMID string) (string, error) {
	in, err := s.Inject(context.Background(), Inbound{From: from, ProfileName: name, ReplyTo: contextWAMID,
		Button: &InboundButton{Payload: payload, Text: text}})
	return in.WAMID, err
}
