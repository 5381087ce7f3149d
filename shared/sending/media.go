package sending

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
)

// MaxCaptionLen is the longest caption of a media message, in characters (the Cloud API's
// limit).
const MaxCaptionLen = 1024

// MediaRequest is a staff reply in a conversation carrying one of the organisation's
// attachments.
type MediaRequest struct {
	Conversation messaging.Conversation
	AttachmentID string
	Caption      string // images, videos and documents only
	// JobID is the job the reply is noted on; the conversation's latest job when zero.
	JobID int64
}

// Attachments reads an organisation's attachments and makes them sendable
// (attachments.Service is one).
type Attachments interface {
	// Get returns the organisation's attachment, or a CodeNotFound error (another
	// organisation's too).
	Get(ctx context.Context, orgID, id string) (attachments.Attachment, string, time.Time, error)
	// PrepareOutbound checks the stored bytes, uploads them to the provider's media endpoint
	// and returns the media id to send by and the kind to send as; for a provider that sends
	// media by link (whatsapp.SendsMediaByLink) it uploads nothing and returns a presigned URL.
	PrepareOutbound(ctx context.Context, orgID, id string) (mediaID, kind string, err error)
}

// MediaSender sends a media message by the provider's media id or link (providers.Mux is one).
type MediaSender interface {
	SendMedia(ctx context.Context, acct whatsapp.Account, m whatsapp.MediaSend) (string, error)
}

// SendMedia sends one of the organisation's attachments to the person of a conversation,
// synchronously and by provider media id (never by link). In order: caption, the
// attachment (another organisation's is not found; a refused one is 422), settings and the
// suppression record, opt-out, the 24-hour window, the per-user rate limit, pacing, the upload
// to the provider, the provider call: a reply that may not go now uploads nothing. Like free
// text it is never queued.
func (s *Service) SendMedia(ctx context.Context, p messaging.Principal, req MediaRequest) (Result, error) {
	caption := strings.TrimSpace(req.Caption)
	if utf8.RuneCountInString(caption) > MaxCaptionLen {
		return Result{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: caption (at most %d characters)", MaxCaptionLen)
	}
	if s.Attachments == nil || s.Media == nil {
		return Result{}, messaging.Errorf(messaging.CodeInternal, "attachment sends are not wired")
	}
	att, _, _, err := s.Attachments.Get(ctx, p.OrgID, req.AttachmentID)
	if err != nil {
		return Result{}, err
	}
	if att.Status == attachments.StatusFailed {
		return Result{}, messaging.Errorf(messaging.CodeUnprocessable, "Attachment cannot be sent: %s", att.Reason)
	}
	if caption != "" && (att.Kind == attachments.KindAudio || att.Kind == attachments.KindSticker) {
		return Result{}, messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: caption (%s cannot carry a caption)", att.Kind)
	}
	conv := req.Conversation
	st, decision, err := s.freeForm(ctx, p, conv)
	if err != nil {
		return Result{RateLimit: decision}, err
	}
	acct, err := s.paced(ctx, st, conv.Phone, 0)
	if err != nil {
		return Result{RateLimit: decision}, err
	}
	mediaID, kind, err := s.Attachments.PrepareOutbound(ctx, p.OrgID, att.ID)
	if err != nil {
		return Result{RateLimit: decision}, uploadFailed(err)
	}
	msg := s.reply(p, conv, req.JobID, mediaNoteText(kind, att.FileName, caption))
	send := whatsapp.MediaSend{To: conv.Phone, Kind: kind, MediaID: mediaID, Caption: caption, CallbackData: msg.Callback().Format()}
	if kind == attachments.KindDocument {
		send.FileName = att.FileName
	}
	ref := messaging.MediaRef{ID: mediaID, MimeType: att.ContentType, Caption: caption, Filename: att.FileName, AttachmentID: att.ID}
	if whatsapp.SendsMediaByLink(acct.Provider) {
		// mediaID is a short-lived presigned URL: sent as the link, never kept.
		send.Link, send.MediaID, ref.ID = mediaID, "", ""
	}
	res, err := s.deliverMedia(ctx, acct, st, msg, send, ref)
	res.RateLimit = decision
	return res, err
}

// deliverMedia sends an admitted, paced and uploaded media message with acct, notes it on its
// job (one attachment) and keeps it in the conversation with its attachment reference.
func (s *Service) deliverMedia(ctx context.Context, acct whatsapp.Account, st messaging.Settings, msg messaging.OutboundMessage, send whatsapp.MediaSend, ref messaging.MediaRef) (Result, error) {
	wamid, err := s.Media.SendMedia(ctx, acct, send)
	if err != nil {
		return Result{}, s.textFailed(ctx, msg, err)
	}
	now := s.Now()
	s.Metrics.Count(obs.MetricSent, 1, map[string]string{"Path": "media"})
	if msg.JobID > 0 {
		n := noteFor(msg, messaging.StatusAccepted, wamid, now)
		n.AttachmentCount = 1
		s.note(ctx, n)
	}
	s.rememberMedia(ctx, st, msg, send.Kind, ref, wamid, now)
	return Result{MessageID: wamid, Status: string(messaging.StatusSent), Recipient: msg.Recipient}, nil
}

// rememberMedia keeps a sent media message in the conversation, by reference to the provider's
// media and to our attachment. It never fails the send: the message is out.
func (s *Service) rememberMedia(ctx context.Context, st messaging.Settings, m messaging.OutboundMessage, kind string, ref messaging.MediaRef, wamid string, at time.Time) {
	author := m.SentByName
	if author == "" {
		author = "PropLink Chat"
	}
	cm := messaging.ConversationMessage{
		ID: m.ID, Direction: messaging.DirectionOutbound, Type: kind, Text: ref.Caption, Media: &ref,
		ProviderMessage: wamid, Status: messaging.StatusAccepted, JobID: m.JobID, AuthorName: author, At: at.UTC(),
	}
	if err := s.Reach.RecordOutbound(ctx, m.OrgID, st.PhoneNumberID, m.Recipient, cm); err != nil {
		obs.Logger(ctx).Warn("sent media not kept in its conversation", "org_id", m.OrgID, "message_id", m.ID, "error", err)
	}
}

// uploadFailed maps a failed upload to the provider: coded errors (not found, refused) stand;
// a transient provider failure asks for a retry; any other provider answer is a rejection.
func uploadFailed(err error) error {
	if messaging.ErrorCode(err) != messaging.CodeInternal {
		return err
	}
	var pe *whatsapp.Error
	if !errors.As(err, &pe) {
		return err
	}
	switch whatsapp.Classify(err) {
	case whatsapp.Retry, whatsapp.Pace:
		return messaging.Wrap(messaging.CodeUnavailable, "The WhatsApp provider is busy ("+reasonOf(err)+"). Please try again.", err)
	}
	return messaging.Wrap(messaging.CodeProviderRejected, "The WhatsApp provider refused the attachment: "+reasonOf(err), err)
}

// mediaWords names each kind of media on a case note.
var mediaWords = map[string]string{
	attachments.KindImage: "Photo", attachments.KindVideo: "Video", attachments.KindAudio: "Audio",
	attachments.KindDocument: "Document", attachments.KindSticker: "Sticker",
}

// mediaNoteText is how a sent attachment reads on its case note: "Document sent:
// contract.pdf" with the caption after a dash.
func mediaNoteText(kind, name, caption string) string {
	w := mediaWords[kind]
	if w == "" {
		w = "File"
	}
	t := w + " sent: " + name
	if caption != "" {
		t += " - " + caption
	}
	return t
}
