package sending

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/proplink/chat/shared/messaging"
)

// ErrNoTemplate marks a notice that needed its template (the person's window is closed, or the
// notice is template-only) while the organisation has no approved one by that name.
var ErrNoTemplate = errors.New("sending: no approved template for the notice")

// ConversationReader reads one of the organisation's conversations (dynamo.Store is one).
type ConversationReader interface {
	GetConversation(ctx context.Context, orgID, id string) (messaging.Conversation, error)
}

// Notice is a message to a person about a record of the property platform (a staff reply on
// their ticket, a work order invitation) rather than about a job: free text while their 24-hour
// window is open, an approved template otherwise. It is kept in their conversation and noted on
// no job.
type Notice struct {
	// ID is our message id: the same for every retry of one request, so the provider's
	// callback data and the conversation's record stay one.
	ID    string
	Phone string // E.164
	// Text goes as free text while the window is open; "" always sends the template.
	Text string
	// TemplateName names the template sent otherwise; Template is the organisation's template
	// of that name (zero when it has none), filled with Variables and with QuickReplies as the
	// payloads of its quick-reply buttons.
	TemplateName string
	Template     messaging.Template
	Variables    map[string]string
	QuickReplies []string
}

// PreparedNotice is a notice checked and rendered, ready to send.
type PreparedNotice struct {
	st             messaging.Settings
	msg            messaging.OutboundMessage
	conversationID string
	free           bool
}

// Free reports whether the notice goes as free text (inside the window) rather than a template.
func (p PreparedNotice) Free() bool { return p.free }

// ConversationID is the conversation the notice goes into.
func (p PreparedNotice) ConversationID() string { return p.conversationID }

// Text is what the person will read (the filled template with its buttons' titles).
func (p PreparedNotice) Text() string { return p.msg.Rendered.Text }

// PrepareNotice checks that a notice may go to its person now, and how; it sends and writes
// nothing, so a caller can refuse before writing the record the notice is about. In order:
// settings and the suppression record in one read (not configured; opted out is refused with
// MsgOptedOut), the person's conversation (none: the window is closed), then free text when
// Text is set and the window open, else the template: it must be approved (ErrNoTemplate,
// 422, otherwise), allowed to the person (no MARKETING after a marketing stop), and render
// with the variables and quick replies.
func (s *Service) PrepareNotice(ctx context.Context, orgID string, n Notice) (PreparedNotice, error) {
	text := strings.TrimSpace(n.Text)
	if utf8.RuneCountInString(text) > MaxTextLen {
		return PreparedNotice{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: text (at most %d characters)", MaxTextLen)
	}
	if s.Reach == nil || s.Conversations == nil {
		return PreparedNotice{}, messaging.Errorf(messaging.CodeInternal, "notices are not wired")
	}
	st, sup, err := s.Reach.LoadTextSend(ctx, orgID, n.Phone)
	switch {
	case err != nil:
		return PreparedNotice{}, err
	case !st.Configured():
		return PreparedNotice{}, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
	case sup.OptedOut:
		return PreparedNotice{}, messaging.Errorf(messaging.CodeUnprocessable, messaging.MsgOptedOut)
	}
	p := PreparedNotice{st: st, conversationID: messaging.ConversationID(orgID, st.PhoneNumberID, n.Phone)}
	conv, err := s.Conversations.GetConversation(ctx, orgID, p.conversationID)
	if err != nil && messaging.ErrorCode(err) != messaging.CodeNotFound {
		return PreparedNotice{}, fmt.Errorf("sending: conversation of notice %s: %w", n.ID, err)
	}
	p.msg = messaging.OutboundMessage{ID: n.ID, OrgID: orgID, Recipient: n.Phone, CreatedAt: s.Now().UTC()}
	if text != "" && conv.WindowOpen(s.Now()) {
		p.free, p.msg.Rendered = true, messaging.Rendered{Text: text}
		return p, nil
	}
	tpl := n.Template
	if !tpl.Sendable() {
		return PreparedNotice{}, messaging.Wrap(messaging.CodeUnprocessable, fmt.Sprintf(
			"The organisation has no approved %s template, and only an approved template can reach this person now%s. Add the template in WhatsApp Manager and sync templates, then try again; nothing was sent or saved.",
			n.TemplateName, windowNote(text)), ErrNoTemplate)
	}
	if err := sup.CheckTemplate(tpl.Category); err != nil {
		return PreparedNotice{}, err
	}
	rendered, err := tpl.Render(n.Variables)
	if err != nil {
		return PreparedNotice{}, err
	}
	if rendered, err = tpl.WithQuickReplies(rendered, n.QuickReplies); err != nil {
		return PreparedNotice{}, err
	}
	p.msg.TemplateID, p.msg.TemplateName, p.msg.Language, p.msg.Rendered = tpl.ID, tpl.Name, tpl.Language, rendered
	return p, nil
}

// windowNote says why a notice with text still needs its template.
func windowNote(text string) string {
	if text == "" {
		return ""
	}
	return " (their 24-hour window is closed)"
}

// SendNotice sends a prepared notice on behalf of p: the per-user rate limit, pacing, the
// provider call. Free text is never queued (a pacing hold is a 429 to retry, a transient
// provider failure a 503); a template held back by pacing or a transient failure is queued for
// the sender. The message is kept in the person's conversation, from p.
func (s *Service) SendNotice(ctx context.Context, p messaging.Principal, pn PreparedNotice) (Result, error) {
	decision, err := s.admit(ctx, p)
	if err != nil {
		return Result{RateLimit: decision}, err
	}
	msg := pn.msg
	msg.OrgID, msg.SentByUserID, msg.SentByName = p.OrgID, p.UserID, p.Name
	var res Result
	if pn.free {
		res, err = s.deliverText(ctx, pn.st, msg)
	} else {
		res, err = s.deliver(ctx, pn.st, msg)
	}
	res.RateLimit = decision
	return res, err
}
