package api

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/phone"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/sending"
)

// ticketMessageBody is POST /api/property/tickets/{ref}/messages's body.
type ticketMessageBody struct {
	Text         string          `json:"text"`
	AttachmentID json.RawMessage `json:"attachment_id"`
}

// blanks are the characters the document's pattern '[^ \t\n\f\r]' rules out as a whole value.
const blanks = " \t\n\f\r"

// checkText validates a message's text as the document writes it: 1-4096 characters, not
// only blanks. It returns the text without surrounding white space.
func checkText(text string) (string, error) {
	if strings.Trim(text, blanks) == "" || utf8.RuneCountInString(text) > sending.MaxTextLen {
		return "", messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: text (1-%d characters)", sending.MaxTextLen)
	}
	return strings.TrimSpace(text), nil
}

// optionalString reads an optional string field the document does not let be null: "" when
// absent; null or another type is refused.
func optionalString(raw json.RawMessage, field string) (s string, given bool, err error) {
	if raw == nil {
		return "", false, nil
	}
	if string(bytes.TrimSpace(raw)) == "null" || json.Unmarshal(raw, &s) != nil {
		return "", false, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: %s", field)
	}
	return s, true, nil
}

// TicketReply is a parsed staff message on a ticket of the built-in store.
type TicketReply struct {
	Text string
	// AttachmentID is one of the organisation's attachments, kept on the ticket message.
	AttachmentID string
}

// ParseTicketReply validates a staff message on a ticket as the document writes it: text of
// 1-4096 characters, not only blanks, and an optional attachment_id of 1-64 characters, not
// only blanks and never null; any other field is refused.
func ParseTicketReply(r apigw.Request) (TicketReply, error) {
	var b ticketMessageBody
	if err := decodeStrict(r, &b); err != nil {
		return TicketReply{}, err
	}
	text, err := checkText(b.Text)
	if err != nil {
		return TicketReply{}, err
	}
	id, given, err := optionalString(b.AttachmentID, "attachment_id")
	switch {
	case err != nil:
		return TicketReply{}, err
	case given && (strings.Trim(id, blanks) == "" || utf8.RuneCountInString(id) > maxAttachmentID):
		return TicketReply{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: attachment_id (1-%d characters)", maxAttachmentID)
	}
	return TicketReply{Text: text, AttachmentID: strings.Trim(id, blanks)}, nil
}

// ticketReplyView is the answer to a staff message on a ticket.
type ticketReplyView struct {
	TicketRef string `json:"ticket_ref"`
	// MessageID is the ticket message's id (built-in store only).
	MessageID string `json:"message_id,omitempty"`
	noticeView
}

// propertyTicketMessage is POST /api/property/tickets/{ref}/messages: a staff message added to
// a ticket of the built-in store as a public message, reaching the ticket's reporter on
// WhatsApp (free text inside their 24-hour window, the approved ticket_update template
// otherwise) and kept in their conversation. Everything that could refuse it (the ticket, its
// reporter's number, opt-out, a missing template) is checked before the message is written; a
// retry with the same Idempotency-Key adds nothing twice and sends nothing twice.
func (a *API) propertyTicketMessage(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	ref := r.PathParameters["ref"]
	if !property.ValidRef(property.RefTicket, ref) {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: ref (TKT-YYYY-NNNN)"))
	}
	in, err := ParseTicketReply(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	return a.withIdempotency(ctx, p, r, "TKTMSG#"+ref, func(key string) (apigw.Response, error) {
		return a.addTicketMessage(ctx, p, in, ref, key)
	})
}

func (a *API) addTicketMessage(ctx context.Context, p messaging.Principal, in TicketReply, ref, key string) (apigw.Response, error) {
	tk, err := a.Property.Ticket(ctx, p.OrgID, ref)
	if err != nil {
		return a.refuse(ctx, err)
	}
	if !inScope(p, tk.SiteID) {
		return a.refuse(ctx, messaging.Errorf(messaging.CodeNotFound, "The ticket was not found. It may not exist, have been deleted, or belong to a different organisation."))
	}
	to, err := a.reporterPhone(ctx, p.OrgID, tk)
	if err != nil {
		return a.refuse(ctx, err)
	}
	msg := property.TicketMessage{Author: p.Name, AuthorKind: "staff", Text: in.Text, At: a.Now().UTC()}
	if in.AttachmentID != "" {
		if _, _, _, err := a.Attachments.Get(ctx, p.OrgID, in.AttachmentID); err != nil {
			return a.refuse(ctx, err)
		}
		msg.AttachmentIDs = []string{in.AttachmentID}
	}
	pn, err := a.prepareTicketNotice(ctx, p.OrgID, ref, to, in.Text)
	if err != nil {
		return a.refuse(ctx, err)
	}
	wk := writeKey(p, key)
	if err := a.Property.AddTicketMessage(ctx, p.OrgID, ref, msg, wk); err != nil {
		return a.refuse(ctx, err)
	}
	res, err := a.Send.SendNotice(ctx, p, pn)
	if err != nil {
		// The message is on the ticket; a retry with the same Idempotency-Key sends it
		// without adding it again.
		return apigw.WithHeaders(a.fail(ctx, err), rateHeaders(res)), err
	}
	a.staffReplied(ctx, p.OrgID, pn.ConversationID())
	return noticeAnswer(ticketReplyView{TicketRef: ref, MessageID: wk, noticeView: noticeView{Delivery: deliveryOf(pn), WhatsApp: res}},
		res, "Message added to the ticket and sent to the resident on WhatsApp"), nil
}

// reporterPhone is the WhatsApp number of a ticket's reporter: a contact of the organisation
// with a phone number.
func (a *API) reporterPhone(ctx context.Context, orgID string, tk property.Ticket) (string, error) {
	unreachable := messaging.Errorf(messaging.CodeUnprocessable,
		"Ticket %s has no reporter with a phone number to reach on WhatsApp; nothing was sent or saved", tk.Ref)
	if tk.ReporterID == "" {
		return "", unreachable
	}
	rec, err := a.Property.GetRecord(ctx, orgID, property.CollContacts, tk.ReporterID)
	if messaging.ErrorCode(err) == messaging.CodeNotFound {
		return "", unreachable
	}
	if err != nil {
		return "", err
	}
	c, _ := rec.(property.Contact)
	if c.Phone == "" {
		return "", unreachable
	}
	return c.Phone, nil
}

// prepareTicketNotice checks that a staff reply on a ticket can reach its reporter now: as free
// text, or as the ticket_update template with the reference and an excerpt.
func (a *API) prepareTicketNotice(ctx context.Context, orgID, ref, to, text string) (sending.PreparedNotice, error) {
	tpl, err := a.approvedTemplate(ctx, orgID, TemplateTicketUpdate)
	if err != nil {
		return sending.PreparedNotice{}, err
	}
	return a.Send.PrepareNotice(ctx, orgID, sending.Notice{
		ID: a.newRev(), Phone: to, Text: text, TemplateName: TemplateTicketUpdate, Template: tpl,
		Variables: map[string]string{"ticket_ref": ref, "excerpt": oneLine(text, excerptLen)},
	})
}

// platformTicketBody is POST /api/platform/ticket-messages's body.
type platformTicketBody struct {
	TicketRef     string          `json:"ticket_ref"`
	Text          string          `json:"text"`
	Author        json.RawMessage `json:"author"`
	ReporterPhone string          `json:"reporter_phone"`
}

// maxAuthor bounds the author's display name of a platform callback.
const maxAuthor = 200

// PlatformTicketMessage is a parsed callback from an organisation's own platform: a staff
// message on one of its tickets, for the ticket's reporter.
type PlatformTicketMessage struct {
	TicketRef, Text, Author string
	ReporterPhone           string // E.164
}

// ParsePlatformTicketMessage validates the callback's body as the document writes it: a TKT
// reference, text of 1-4096 characters (not only blanks), the author's display name (up to
// 200 characters, never null; "Staff" when absent or blank) and the reporter's phone number
// in E.164; any other field is refused.
func ParsePlatformTicketMessage(r apigw.Request) (PlatformTicketMessage, error) {
	var b platformTicketBody
	if err := decodeStrict(r, &b); err != nil {
		return PlatformTicketMessage{}, err
	}
	if !property.ValidRef(property.RefTicket, b.TicketRef) {
		return PlatformTicketMessage{}, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: ticket_ref (TKT-YYYY-NNNN)")
	}
	text, err := checkText(b.Text)
	if err != nil {
		return PlatformTicketMessage{}, err
	}
	author, _, err := optionalString(b.Author, "author")
	switch {
	case err != nil:
		return PlatformTicketMessage{}, err
	case utf8.RuneCountInString(author) > maxAuthor:
		return PlatformTicketMessage{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: author (at most %d characters)", maxAuthor)
	case b.ReporterPhone == "":
		return PlatformTicketMessage{}, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: reporter_phone")
	}
	if author = strings.TrimSpace(author); author == "" {
		author = "Staff"
	}
	e164, err := phone.Parse(b.ReporterPhone)
	if err != nil {
		return PlatformTicketMessage{}, err
	}
	return PlatformTicketMessage{TicketRef: b.TicketRef, Text: text, Author: author, ReporterPhone: e164}, nil
}

// platformTicketMessage is POST /api/platform/ticket-messages: an organisation's own property
// platform pushes a staff message on one of its tickets (already kept there), and it reaches
// the ticket's reporter on WhatsApp like a reply through the built-in store. The ticket must be
// the organisation's on its platform and reporter_phone its reporter's number; the token needs
// api.platform.callback.
func (a *API) platformTicketMessage(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if a.Platforms == nil {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInternal, "property platforms are not wired"))
	}
	in, err := ParsePlatformTicketMessage(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	return a.withIdempotency(ctx, p, r, "PLATFORM-TKTMSG", func(string) (apigw.Response, error) {
		return a.relayTicketMessage(ctx, p, in)
	})
}

func (a *API) relayTicketMessage(ctx context.Context, p messaging.Principal, in PlatformTicketMessage) (apigw.Response, error) {
	pl, err := a.Platforms.For(ctx, p.OrgID)
	if err != nil {
		return a.refuse(ctx, err)
	}
	tk, err := pl.Ticket(ctx, p.OrgID, in.TicketRef)
	if err != nil {
		return a.refuse(ctx, err)
	}
	people, err := pl.PeopleByPhone(ctx, p.OrgID, in.ReporterPhone)
	if err != nil {
		return a.refuse(ctx, err)
	}
	reporter := false
	for _, c := range people.Contacts {
		reporter = reporter || (tk.ReporterID != "" && c.ID == tk.ReporterID)
	}
	if !reporter {
		return a.refuse(ctx, messaging.Errorf(messaging.CodeUnprocessable,
			"reporter_phone is not the phone number of ticket %s's reporter on the platform; nothing was sent", in.TicketRef))
	}
	pn, err := a.prepareTicketNotice(ctx, p.OrgID, in.TicketRef, in.ReporterPhone, in.Text)
	if err != nil {
		return a.refuse(ctx, err)
	}
	author := p
	author.Name = in.Author
	res, err := a.Send.SendNotice(ctx, author, pn)
	if err != nil {
		return apigw.WithHeaders(a.fail(ctx, err), rateHeaders(res)), err
	}
	a.staffReplied(ctx, p.OrgID, pn.ConversationID())
	return noticeAnswer(ticketReplyView{TicketRef: in.TicketRef, noticeView: noticeView{Delivery: deliveryOf(pn), WhatsApp: res}},
		res, "Message sent to the resident on WhatsApp"), nil
}
