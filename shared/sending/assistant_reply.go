package sending

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
)

// AssistantAuthor is the author of the assistant's messages in a conversation.
const AssistantAuthor = "PropLink Chat"

// Replier sends the assistant's replies into the conversation a turn came from
// (assistant.Replier): free-form text, or an interactive reply-button message when the reply
// has buttons, through the same checks as a staff reply (settings, opt-out, the 24-hour window
// the turn opened, pacing), recorded in the conversation as outbound from AssistantAuthor.
//
// Each reply is sent once: its message id is derived from the turn's wamid and the reply's
// position among the turn's replies (Reply.Seq), and the sender's effectively-once record
// (Claims) is taken before the provider call, so a redelivered turn whose engine replies the
// same again sends nothing twice, in this process or another.
type Replier struct {
	Deps
	Claims Claims
	// Lease bounds how long one attempt may hold a reply before another may take it over.
	Lease time.Duration
	// MaxWait is the longest pacing wait the replier sleeps through; a longer one fails the
	// reply with a retryable error.
	MaxWait time.Duration
	// Sleep waits (time.Sleep-like, but honouring ctx); replaceable in tests.
	Sleep func(ctx context.Context, d time.Duration) error
	// Replies keeps a sent reply in its conversation with the role and site of the person
	// answered (dynamo.Store is one); nil keeps it through Reach, without them.
	Replies ReplyRecorder
}

// ReplyRecorder keeps an assistant reply in the person's conversation, whose update also
// records what the assistant identified of the person (empty fields for not yet).
type ReplyRecorder interface {
	RecordReply(ctx context.Context, orgID, phoneNumberID, phone string, m messaging.ConversationMessage, who messaging.Identity) error
}

var _ assistant.Replier = (*Replier)(nil)

// ReplyID is the message id of the n-th (from 0) reply to the turn with wamid: a ULID whose
// time is the turn's, so it sorts with the conversation, and whose entropy is a digest of the
// wamid and n, so a redelivered turn names the same replies.
func ReplyID(wamid string, n int, at time.Time) string {
	sum := sha256.Sum256([]byte("assistant-reply|" + wamid + "|" + strconv.Itoa(n)))
	id, err := ulid.New(ulid.Timestamp(at), bytes.NewReader(sum[:]))
	if err != nil {
		return "A" + strings.ToUpper(fmt.Sprintf("%x", sum[:12]))
	}
	return id.String()
}

// Reply sends rep as the next reply to t. Refusals for good (not configured, opted out, the
// window closed, a message the provider refuses) are coded errors (CodeNotConfigured,
// CodeUnprocessable, CodeProviderRejected); a transient failure is retryable (CodeUnavailable,
// CodeRateLimited or an uncoded error) and releases the reply for the redelivered turn.
func (r *Replier) Reply(ctx context.Context, t assistant.Turn, rep assistant.Reply) error {
	msg := messaging.OutboundMessage{
		ID: ReplyID(t.MessageID, rep.Seq, t.At), OrgID: t.OrgID, Recipient: t.Phone,
		Rendered: messaging.Rendered{Text: strings.TrimSpace(rep.Text)}, CreatedAt: r.Now().UTC(),
	}
	send := whatsapp.ButtonsSend{To: t.Phone, Body: msg.Rendered.Text, CallbackData: msg.Callback().Format()}
	for _, b := range rep.Buttons {
		send.Buttons = append(send.Buttons, whatsapp.Button{ID: b.ID, Title: b.Title})
	}
	if err := r.check(msg, send); err != nil {
		return err
	}
	if r.Reach == nil {
		return messaging.Errorf(messaging.CodeInternal, "assistant replies are not wired")
	}
	st, sup, err := r.Reach.LoadTextSend(ctx, t.OrgID, t.Phone)
	switch {
	case err != nil:
		return err
	case !st.Configured():
		return messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
	case sup.OptedOut:
		return messaging.Errorf(messaging.CodeUnprocessable, messaging.MsgOptedOut)
	case r.Now().Sub(t.At) >= messaging.CustomerServiceWindow:
		return messaging.Errorf(messaging.CodeUnprocessable, messaging.MsgWindowClosed)
	}
	claim, err := r.Claims.ClaimSend(ctx, t.OrgID, msg.ID, r.Now(), r.Lease)
	switch {
	case err != nil:
		return fmt.Errorf("sending: claim reply %s: %w", msg.ID, err)
	case claim.Sent, claim.Failed, claim.Unknown:
		// An earlier delivery of the turn settled this reply, or may have sent it (its
		// status webhook settles it): a reply is never sent twice for one turn.
		return nil
	case claim.Busy:
		return messaging.Errorf(messaging.CodeUnavailable, "another attempt is sending reply %s", msg.ID)
	}
	wamid, err := r.deliver(ctx, st, send)
	if err != nil {
		return r.failed(ctx, msg, err)
	}
	now := r.Now()
	r.Metrics.Count(obs.MetricSent, 1, map[string]string{"Path": "assistant"})
	if err := r.Claims.RecordSent(ctx, t.OrgID, msg.ID, wamid, now); err != nil {
		// The person has the reply; like the sender, log it and keep it in the conversation
		// (a redelivery after the claim's lease could send it again).
		obs.Logger(ctx).Warn("assistant reply sent but not recorded as sent", "message_id", msg.ID, "error", err)
	}
	r.record(ctx, st, t, msg, send, wamid, messaging.Identity{Role: string(rep.Role), SiteID: rep.SiteID, SiteName: rep.SiteName}, now)
	return nil
}

// check refuses a reply that can never be sent.
func (r *Replier) check(msg messaging.OutboundMessage, send whatsapp.ButtonsSend) error {
	if len(send.Buttons) > 0 {
		if err := send.Validate(); err != nil {
			return messaging.Wrap(messaging.CodeInvalid, "The assistant's reply is not a valid button message", err)
		}
		return nil
	}
	if msg.Rendered.Text == "" || len([]rune(msg.Rendered.Text)) > MaxTextLen {
		return messaging.Errorf(messaging.CodeInvalid, "The assistant's reply must be 1-%d characters", MaxTextLen)
	}
	return nil
}

// deliver paces the reply (sleeping through short waits) and sends it.
func (r *Replier) deliver(ctx context.Context, st messaging.Settings, send whatsapp.ButtonsSend) (string, error) {
	for {
		ok, wait, err := r.pace(ctx, st, send.To, 0)
		if err != nil {
			return "", err
		}
		if ok {
			break
		}
		d := secondsDuration(wait)
		if d > r.MaxWait {
			return "", &messaging.Error{Code: messaging.CodeRateLimited, RetryAfter: d, Message: "Replies to this person are being paced"}
		}
		if err := r.Sleep(ctx, d); err != nil {
			return "", err
		}
	}
	acct, err := r.account(ctx, st)
	if err != nil {
		return "", err
	}
	if len(send.Buttons) > 0 {
		return r.Provider.SendButtons(ctx, acct, send)
	}
	return r.Provider.SendText(ctx, acct, send.To, send.Body, send.CallbackData)
}

// failed settles the claim of a reply that did not go: released for a retry when transient,
// marked failed for good otherwise; it returns the error the turn's handler classifies.
func (r *Replier) failed(ctx context.Context, msg messaging.OutboundMessage, err error) error {
	if whatsapp.MaybeSent(err) {
		// The provider may have the reply: recorded unknown (a status webhook marks it sent)
		// and not sent again, like every send of unknown outcome.
		now := r.Now()
		if rerr := r.Claims.RecordUnknown(ctx, msg.OrgID, msg.ID, reasonOf(err), now, now.Add(r.unknownWait())); rerr != nil {
			return errors.Join(err, rerr)
		}
		obs.Logger(ctx).Warn("assistant reply may have been sent", "message_id", msg.ID, "error", err)
		return nil
	}
	class := whatsapp.Classify(err)
	if class == whatsapp.Retry || class == whatsapp.Pace {
		if rerr := r.Claims.ReleaseSend(ctx, msg.OrgID, msg.ID, err.Error()); rerr != nil {
			return errors.Join(err, rerr)
		}
		var pe *whatsapp.Error
		if errors.As(err, &pe) {
			return messaging.Wrap(messaging.CodeUnavailable, "The WhatsApp provider is busy ("+reasonOf(err)+")", err)
		}
		return err
	}
	if rerr := r.Claims.RecordFailed(ctx, msg.OrgID, msg.ID, reasonOf(err)); rerr != nil {
		return errors.Join(err, rerr)
	}
	r.countRefused(class, err)
	return messaging.Wrap(messaging.CodeProviderRejected, "The WhatsApp provider refused the assistant's reply: "+reasonOf(err), err)
}

// record keeps a sent reply in the conversation as an outbound message from AssistantAuthor,
// with who the person answered is; a button message reads as its body followed by its
// buttons' titles.
func (r *Replier) record(ctx context.Context, st messaging.Settings, t assistant.Turn, msg messaging.OutboundMessage, send whatsapp.ButtonsSend, wamid string, who messaging.Identity, at time.Time) {
	typ, text := "text", send.Body
	if len(send.Buttons) > 0 {
		typ = "interactive"
		for _, b := range send.Buttons {
			text += " [" + b.Title + "]"
		}
	}
	cm := messaging.ConversationMessage{
		ID: msg.ID, Direction: messaging.DirectionOutbound, Type: typ, Text: text, ProviderMessage: wamid,
		Status: messaging.StatusAccepted, AuthorName: AssistantAuthor, ReplyTo: t.MessageID, At: at.UTC(),
	}
	number := t.PhoneNumberID
	if number == "" {
		number = st.PhoneNumberID
	}
	var err error
	if r.Replies != nil {
		err = r.Replies.RecordReply(ctx, t.OrgID, number, t.Phone, cm, who)
	} else {
		err = r.Reach.RecordOutbound(ctx, t.OrgID, number, t.Phone, cm)
	}
	if err != nil {
		obs.Logger(ctx).Warn("assistant reply not kept in its conversation", "org_id", t.OrgID, "message_id", msg.ID, "error", err)
	}
}
