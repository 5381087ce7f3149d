package api

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/sending"
)

// The approved templates the notices fall back on (their names in WhatsApp Manager).
const (
	// TemplateTicketUpdate tells a resident staff replied on their ticket: {{ticket_ref}},
	// {{excerpt}}.
	TemplateTicketUpdate = "ticket_update"
	// TemplateWorkOrderInvitation invites a contractor to a work order: {{work_order_ref}},
	// {{title}}, {{site}}, {{deadline}}, with two quick-reply buttons (accept, decline).
	TemplateWorkOrderInvitation = "work_order_invitation"
)

// excerptLen bounds the excerpt of a staff reply in the ticket_update template, in characters.
const excerptLen = 120

// Platforms picks an organisation's property platform: its own over HTTP, or the built-in
// store (property.Platforms is one).
type Platforms interface {
	For(ctx context.Context, orgID string) (property.Platform, error)
}

// noticeView is the answer to a route that reached a person on WhatsApp.
type noticeView struct {
	// Delivery is "text" (free text inside the 24-hour window) or "template".
	Delivery string         `json:"delivery"`
	WhatsApp sending.Result `json:"whatsapp"`
}

// deliveryOf names how a prepared notice goes.
func deliveryOf(pn sending.PreparedNotice) string {
	if pn.Free() {
		return "text"
	}
	return "template"
}

// noticeAnswer is a route's answer once its notice went (200) or was queued (202).
func noticeAnswer(data any, res sending.Result, sent string) apigw.Response {
	headers := rateHeaders(res)
	if res.Queued() {
		return apigw.WithHeaders(apigw.Accepted(data, "WhatsApp message queued for sending"), headers)
	}
	return apigw.WithHeaders(apigw.OK(data, sent), headers)
}

// refuse answers with err in the envelope and returns err, for routes whose idempotency needs
// to know what failed.
func (a *API) refuse(ctx context.Context, err error) (apigw.Response, error) {
	return a.fail(ctx, err), err
}

// approvedTemplate returns the organisation's approved template of that name, or a zero
// template (PrepareNotice refuses it when the notice needs it).
func (a *API) approvedTemplate(ctx context.Context, orgID, name string) (messaging.Template, error) {
	ts, err := a.Store.ListTemplates(ctx, orgID)
	if err != nil {
		return messaging.Template{}, err
	}
	for _, t := range ts {
		if t.Name == name && t.Sendable() {
			return t, nil
		}
	}
	return messaging.Template{}, nil
}

// withIdempotency runs do once per Idempotency-Key (scoped to the caller and the route's
// subject), like the send API; without the header it just runs. do gets the key ("" without).
func (a *API) withIdempotency(ctx context.Context, p messaging.Principal, r apigw.Request, scope string, do func(key string) (apigw.Response, error)) apigw.Response {
	body, err := apigw.Body(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	key := apigw.Header(r, "Idempotency-Key")
	if key == "" {
		resp, _ := do("")
		return resp
	}
	if len(key) > 255 {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInvalid, "Idempotency-Key must be at most 255 characters"))
	}
	return a.idempotent(ctx, "ORG#"+p.OrgID+"#IDEM#"+p.UserID+"#"+scope+"#"+key, body, func() (apigw.Response, error) { return do(key) })
}

// writeKey is the idempotency key of the platform write a request makes: the caller's
// Idempotency-Key (so a retry writes nothing twice), or a fresh id without one.
func writeKey(p messaging.Principal, key string) string {
	if key == "" {
		return ulid.Make().String()
	}
	return "api:" + p.UserID + ":" + key
}

// oneLine is text as one template parameter: whitespace runs (new lines, tabs) become one
// space, and text longer than limit characters is cut at a word with "…".
func oneLine(text string, limit int) string {
	s := strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	cut := string([]rune(s)[:limit-1])
	if i := strings.LastIndex(cut, " "); i > limit/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// longDate writes a YYYY-MM-DD date as "Friday 27 November 2026" (as it was when unreadable),
// and an empty one as "no fixed date".
func longDate(d string) string {
	if d == "" {
		return "no fixed date"
	}
	t, err := time.Parse(messaging.DateLayout, d)
	if err != nil {
		return d
	}
	return t.Format("Monday 2 January 2006")
}

// inScope reports whether a record of the site is in the caller's site scope (every site
// when the caller has none).
func inScope(p messaging.Principal, siteID string) bool {
	return len(p.SiteIDs) == 0 || slices.Contains(p.SiteIDs, siteID)
}
