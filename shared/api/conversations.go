package api

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/sending"
)

// Conversations reads the organisation's WhatsApp conversations.
type Conversations interface {
	ListConversations(ctx context.Context, orgID string, limit, offset int) ([]messaging.Conversation, int, error)
	GetConversation(ctx context.Context, orgID, id string) (messaging.Conversation, error)
	ConversationWithMessages(ctx context.Context, orgID, id string, limit, offset int) (messaging.Conversation, []messaging.ConversationMessage, int, error)
}

var conversationIDRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^c[0-9a-f]{24}$`) })

// conversationID reads the {conversation_id} path parameter; a malformed one is refused.
func conversationID(r apigw.Request) (string, error) {
	id := r.PathParameters["conversation_id"]
	if !conversationIDRE().MatchString(id) {
		return "", messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: conversation_id (c and 24 hex digits)")
	}
	return id, nil
}

// conversationView is a conversation with a page of its messages.
type conversationView struct {
	messaging.Conversation
	Messages     []messaging.ConversationMessage `json:"messages"`
	MessageCount int                             `json:"message_count"`
}

// listConversations is GET /api/whatsapp/conversations: latest activity first, paginated with
// limit (default 50, 1-200) and offset.
func (a *API) listConversations(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	limit, offset, err := page(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	list, total, err := a.Conversations.ListConversations(ctx, p.OrgID, limit, offset)
	if err != nil {
		return a.fail(ctx, err)
	}
	if list == nil {
		list = []messaging.Conversation{}
	}
	return apigw.List(list, total, "")
}

// conversation is GET /api/whatsapp/conversations/{conversation_id}: the conversation with a
// page of its messages, oldest first (limit, offset).
func (a *API) conversation(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	view, err := a.readConversation(ctx, p, r)
	if err != nil {
		return a.fail(ctx, err)
	}
	return apigw.OK(view, "")
}

func (a *API) readConversation(ctx context.Context, p messaging.Principal, r apigw.Request) (conversationView, error) {
	id, err := conversationID(r)
	if err != nil {
		return conversationView{}, err
	}
	limit, offset, err := page(r)
	if err != nil {
		return conversationView{}, err
	}
	conv, msgs, total, err := a.Conversations.ConversationWithMessages(ctx, p.OrgID, id, limit, offset)
	if err != nil {
		return conversationView{}, err
	}
	if msgs == nil {
		msgs = []messaging.ConversationMessage{}
	}
	return conversationView{Conversation: conv, Messages: msgs, MessageCount: total}, nil
}

// conversationMessages is GET (a page of messages) and POST (a staff reply) on
// /api/whatsapp/conversations/{conversation_id}/messages.
func (a *API) conversationMessages(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if apigw.Method(r) == "GET" {
		view, err := a.readConversation(ctx, p, r)
		if err != nil {
			return a.fail(ctx, err)
		}
		return apigw.List(view.Messages, view.MessageCount, "")
	}
	id, err := conversationID(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	body, err := apigw.Body(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	reply := func() apigw.Response { return a.reply(ctx, p, id, body) }
	key := apigw.Header(r, "Idempotency-Key")
	if key == "" {
		return reply()
	}
	if len(key) > 255 {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInvalid, "Idempotency-Key must be at most 255 characters"))
	}
	return a.idempotent(ctx, "ORG#"+p.OrgID+"#IDEM#"+p.UserID+"#CONV#"+id+"#"+key, body, func() (apigw.Response, error) { return reply(), nil })
}

// replyBody is a staff reply: free text, a template about a job, or an attachment.
type replyBody struct {
	Text         *string           `json:"text"`
	TemplateID   json.RawMessage   `json:"template_id"`
	JobID        json.RawMessage   `json:"job_id"`
	Variables    map[string]string `json:"variables"`
	AttachmentID *string           `json:"attachment_id"`
	Caption      *string           `json:"caption"`
	apigw.CSRF
}

// Reply is a parsed staff reply: exactly one of Text, TemplateID or AttachmentID.
type Reply struct {
	Text       string
	TemplateID int
	// JobID is the job the reply is about; 0 for the conversation's latest job.
	JobID     int64
	Variables map[string]string
	// AttachmentID is one of the organisation's attachments to send, with an optional Caption.
	AttachmentID string
	Caption      string
}

// maxAttachmentID bounds an attachment id as sent (ids are 26-character ULIDs).
const maxAttachmentID = 64

// ParseReply validates a staff reply body: exactly one of text, template_id or attachment_id;
// caption only with attachment_id; job_id optional (the conversation's latest job by default).
// An unknown field or data after the body is refused.
func ParseReply(body []byte) (Reply, error) {
	var b replyBody
	if err := apigw.Decode(body, &b); err != nil {
		return Reply{}, err
	}
	hasTpl := present(b.TemplateID)
	kinds := 0
	for _, has := range []bool{b.Text != nil, hasTpl, b.AttachmentID != nil} {
		if has {
			kinds++
		}
	}
	if kinds != 1 {
		return Reply{}, messaging.Errorf(messaging.CodeInvalid, "Send exactly one of text (inside the 24-hour window), attachment_id (inside the window) or template_id")
	}
	if b.Caption != nil && b.AttachmentID == nil {
		return Reply{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: caption (only with attachment_id)")
	}
	if err := checkVariables(b.Variables); err != nil {
		return Reply{}, err
	}
	var r Reply
	if present(b.JobID) {
		var err error
		if r.JobID, err = positiveInt(b.JobID, messaging.MsgJobIDRequired, "job_id", MaxJobID); err != nil {
			return Reply{}, err
		}
	}
	switch {
	case b.Text != nil:
		if *b.Text == "" || utf8.RuneCountInString(*b.Text) > sending.MaxTextLen {
			return Reply{}, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: text (1-%d characters)", sending.MaxTextLen)
		}
		r.Text = *b.Text
		return r, nil
	case b.AttachmentID != nil:
		id := strings.Trim(*b.AttachmentID, " \t\n\f\r")
		if id == "" || utf8.RuneCountInString(*b.AttachmentID) > maxAttachmentID {
			return Reply{}, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: attachment_id")
		}
		r.AttachmentID = id
		if b.Caption != nil && utf8.RuneCountInString(*b.Caption) > sending.MaxCaptionLen {
			return Reply{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: caption (at most %d characters)", sending.MaxCaptionLen)
		}
		if b.Caption != nil {
			r.Caption = *b.Caption
		}
		return r, nil
	}
	tid, err := positiveInt(b.TemplateID, messaging.MsgTemplateIDRequired, "template_id", MaxTemplateID)
	if err != nil {
		return Reply{}, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: template_id")
	}
	r.TemplateID, r.Variables = int(tid), b.Variables
	return r, nil
}

// present reports whether a raw JSON value was given and is not null.
func present(raw json.RawMessage) bool {
	v := bytes.TrimSpace(raw)
	return len(v) > 0 && string(v) != "null"
}

// reply sends a staff reply in a conversation: free text through SendText and an attachment
// through SendMedia (both window checked, never queued), a template through the ordinary send
// path (may be queued).
func (a *API) reply(ctx context.Context, p messaging.Principal, id string, body []byte) apigw.Response {
	rb, err := ParseReply(body)
	if err != nil {
		return a.fail(ctx, err)
	}
	conv, err := a.Conversations.GetConversation(ctx, p.OrgID, id)
	if err != nil {
		return a.fail(ctx, err)
	}
	var res sending.Result
	switch {
	case rb.AttachmentID != "":
		res, err = a.Send.SendMedia(ctx, p, sending.MediaRequest{Conversation: conv, AttachmentID: rb.AttachmentID, Caption: rb.Caption, JobID: rb.JobID})
	case rb.TemplateID == 0:
		res, err = a.Send.SendText(ctx, p, sending.TextRequest{Conversation: conv, Text: rb.Text, JobID: rb.JobID})
	default:
		jobID := rb.JobID
		if jobID == 0 {
			jobID = conv.LastJobID
		}
		if jobID == 0 {
			return a.fail(ctx, messaging.Errorf(messaging.CodeInvalid, messaging.MsgJobIDRequired))
		}
		res, err = a.Send.Send(ctx, p, sending.Request{JobID: jobID, PhoneNumber: conv.Phone, TemplateID: rb.TemplateID, Variables: rb.Variables})
	}
	headers := rateHeaders(res)
	if err != nil {
		return apigw.WithHeaders(a.fail(ctx, err), headers)
	}
	a.staffReplied(ctx, p.OrgID, id)
	if res.Queued() {
		return apigw.WithHeaders(apigw.Accepted(res, "WhatsApp message queued for sending"), headers)
	}
	return apigw.WithHeaders(apigw.OK(res, "WhatsApp message sent successfully"), headers)
}
