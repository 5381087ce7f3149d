package sending

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
)

// MaxTextLen is the longest free-form message, in characters (the Cloud API's limit).
const MaxTextLen = 4096

// TextRequest is a free-form reply in a conversation.
type TextRequest struct {
	Conversation messaging.Conversation
	Text         string
	// JobID is the job the reply is noted on; the conversation's latest job when zero.
	JobID int64
}

// SendText sends a free-form message to the person of a conversation, synchronously. In
// order: text, settings and the suppression record in one read, opt-out, the
// 24-hour customer-service window, the per-user rate limit, pacing, the provider call. It is
// never queued: a reply held back by pacing or a transient provider failure is refused with a
// retryable error, because the window may close while it waits.
func (s *Service) SendText(ctx context.Context, p messaging.Principal, req TextRequest) (Result, error) {
	text := strings.TrimSpace(req.Text)
	if text == "" || utf8.RuneCountInString(text) > MaxTextLen {
		return Result{}, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: text (1-%d characters)", MaxTextLen)
	}
	st, decision, err := s.freeForm(ctx, p, req.Conversation)
	if err != nil {
		return Result{RateLimit: decision}, err
	}
	res, err := s.deliverText(ctx, st, s.reply(p, req.Conversation, req.JobID, text))
	res.RateLimit = decision
	return res, err
}

// freeForm checks that a free-form message (text or media) may go to a conversation now: the
// organisation is configured, the person has not opted out, their 24-hour customer-service
// window is open, and p is within the per-user rate limit. It returns the settings the send
// needs and the rate-limit decision (also with a rate-limited error).
func (s *Service) freeForm(ctx context.Context, p messaging.Principal, conv messaging.Conversation) (messaging.Settings, *messaging.RateDecision, error) {
	st, sup, err := s.Reach.LoadTextSend(ctx, p.OrgID, conv.Phone)
	if err != nil {
		return messaging.Settings{}, nil, err
	}
	if !st.Configured() {
		return messaging.Settings{}, nil, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
	}
	if sup.OptedOut {
		return messaging.Settings{}, nil, messaging.Errorf(messaging.CodeUnprocessable, messaging.MsgOptedOut)
	}
	if !conv.WindowOpen(s.Now()) {
		return messaging.Settings{}, nil, messaging.Errorf(messaging.CodeUnprocessable, messaging.MsgWindowClosed)
	}
	decision, err := s.admit(ctx, p)
	return st, decision, err
}

// reply is p's free-form message with text to the person of conv, noted on jobID (the
// conversation's latest job when zero).
func (s *Service) reply(p messaging.Principal, conv messaging.Conversation, jobID int64, text string) messaging.OutboundMessage {
	if jobID == 0 {
		jobID = conv.LastJobID
	}
	return messaging.OutboundMessage{
		ID: s.NewID(), OrgID: p.OrgID, JobID: jobID, Recipient: conv.Phone, Rendered: messaging.Rendered{Text: text},
		SentByUserID: p.UserID, SentByName: p.Name, CreatedAt: s.Now().UTC(),
	}
}

// deliverText paces and sends an admitted free-form message.
func (s *Service) deliverText(ctx context.Context, st messaging.Settings, msg messaging.OutboundMessage) (Result, error) {
	acct, err := s.paced(ctx, st, msg.Recipient, msg.JobID)
	if err != nil {
		return Result{}, err
	}
	wamid, err := s.Provider.SendText(ctx, acct, msg.Recipient, msg.Rendered.Text, msg.Callback().Format())
	if err != nil {
		return Result{}, s.textFailed(ctx, msg, err)
	}
	now := s.Now()
	s.Metrics.Count(obs.MetricSent, 1, map[string]string{"Path": "text"})
	if msg.JobID > 0 {
		s.note(ctx, noteFor(msg, messaging.StatusAccepted, wamid, now))
	}
	s.remember(ctx, st, msg, wamid, now)
	return Result{MessageID: wamid, Status: string(messaging.StatusSent), Recipient: msg.Recipient}, nil
}

// textFailed maps a failed free-form send to the caller's error: a transient failure is a 503
// to retry (free-form messages are never queued: the window may close while they wait), a
// permanent one is refused and noted.
func (s *Service) textFailed(ctx context.Context, msg messaging.OutboundMessage, err error) error {
	class := whatsapp.Classify(err)
	if class == whatsapp.Retry || class == whatsapp.Pace {
		return messaging.Wrap(messaging.CodeUnavailable, "The WhatsApp provider is busy ("+reasonOf(err)+"). Please try again.", err)
	}
	return s.refused(ctx, msg, class, err)
}

// paced reserves a pacing slot for a free-form message about jobID (0 for none) and returns
// the account to send it with; a pacing hold is a 429 with Retry-After (free-form messages are
// not queued).
func (s *Service) paced(ctx context.Context, st messaging.Settings, recipient string, jobID int64) (whatsapp.Account, error) {
	ok, wait, err := s.pace(ctx, st, recipient, jobID)
	if err != nil {
		return whatsapp.Account{}, err
	}
	if !ok {
		return whatsapp.Account{}, &messaging.Error{Code: messaging.CodeRateLimited, RetryAfter: secondsDuration(wait),
			Message: fmt.Sprintf("Messages to this person are being paced. Try again in %d seconds.", int(wait+0.999))}
	}
	return s.account(ctx, st)
}

// secondsDuration turns a wait in seconds into a duration of at least a second.
func secondsDuration(s float64) time.Duration {
	return max(time.Duration(s*float64(time.Second)), time.Second)
}
