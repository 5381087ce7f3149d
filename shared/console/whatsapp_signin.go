package console

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
)

// WhatsAppSignIn sends a one-time sign-in link to a staff member's WhatsApp number linked
// through the assistant (Profile → PropLink Chat). The message goes straight to the provider
// and is not kept in the conversation, so no colleague reading that conversation in the
// console can use the link.
type WhatsAppSignIn struct {
	Links interface {
		LinkedStaff(ctx context.Context, orgID, e164 string) (assistant.StaffLink, error)
	}
	Conversations interface {
		GetConversation(ctx context.Context, orgID, id string) (messaging.Conversation, error)
	}
	Settings SettingsReader
	Secrets  interface {
		Get(ctx context.Context, name string) (string, error)
	}
	Provider interface {
		SendText(ctx context.Context, acct whatsapp.Account, to, text, callbackData string) (string, error)
	}
	// Limit admits a few requests per number and period, so the form cannot flood a phone.
	Limit interface {
		Allow(ctx context.Context, key string, now time.Time) (messaging.RateDecision, error)
	}
}

// msgWhatsAppSignIn is the one answer of the form, whether or not a link went: it does not
// tell who is linked.
const msgWhatsAppSignIn = "If that number is linked to a staff member, a sign-in link is on its way to WhatsApp. " +
	"It can only go within 24 hours of your last message to the organisation's number: send it any message first."

// whatsappSignIn is POST /console/sign-in/whatsapp (form: org, phone): a sign-in link to the
// staff member's linked WhatsApp number. The answer is the same whoever the number is.
func (h *Handler) whatsappSignIn(ctx context.Context, r apigw.Request) apigw.Response {
	if h.WhatsApp == nil {
		return h.fail(ctx, messaging.Errorf(messaging.CodeNotFound, "No route for POST /console/sign-in/whatsapp"))
	}
	if !sameOrigin(r) {
		return page(403, `<h1>Sign-in refused</h1><p>The sign-in form was posted from another site.</p>`)
	}
	body, err := apigw.Body(r)
	if err != nil {
		return h.fail(ctx, err)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return page(400, `<h1>Sign-in failed</h1><p>The form was malformed.</p>`)
	}
	org := strings.TrimSpace(form.Get("org"))
	// The number only finds a staff link (stored E.164, looked up by its variants), so an
	// E.164 shape is enough here: ConsoleFunction links no phone-number metadata.
	e164 := strings.NewReplacer(" ", "", "-", "", "(", "", ")", "").Replace(strings.TrimSpace(form.Get("phone")))
	if !validOrg(org) || !messaging.IsE164(e164) {
		return page(400, `<h1>Sign-in failed</h1><p>Enter your organisation and your WhatsApp number in international format, e.g. +447700900123.</p>`)
	}
	base := "https://" + r.RequestContext.DomainName
	if !h.Secure {
		base = "http://" + r.RequestContext.DomainName
	}
	if err := h.WhatsApp.send(ctx, h.Sessions, org, e164, base, h.Now()); err != nil {
		if messaging.ErrorCode(err) == messaging.CodeRateLimited {
			return page(429, `<h1>Too many sign-in requests</h1><p>Wait a few minutes, then try again.</p>`)
		}
		obs.Logger(ctx).Warn("console WhatsApp sign-in not sent", "org_id", org, "error", err)
	}
	return page(200, `<h1>Check WhatsApp</h1><p>`+msgWhatsAppSignIn+`</p>`)
}

// send mints a code for the staff member linked to e164 and sends the link inside the
// customer-service window. A number nobody is linked to, a closed window or an opted-out
// number sends nothing (and says so only in the error, for the logs).
func (w *WhatsAppSignIn) send(ctx context.Context, s *Sessions, org, e164, base string, now time.Time) error {
	d, err := w.Limit.Allow(ctx, "ORG#"+org+"#CONSOLE#SIGNIN#"+messaging.WAID(e164), now)
	if err != nil {
		return err
	}
	if !d.Allowed {
		return messaging.Errorf(messaging.CodeRateLimited, "too many sign-in requests")
	}
	link, err := w.Links.LinkedStaff(ctx, org, e164)
	if err != nil {
		return err
	}
	st, err := w.Settings.GetSettings(ctx, org)
	if err != nil {
		return err
	}
	conv, err := w.Conversations.GetConversation(ctx, org, messaging.ConversationID(org, st.PhoneNumberID, e164))
	if err != nil {
		return err
	}
	if conv.OptedOut || !conv.WindowOpen(now) {
		return fmt.Errorf("console: no sign-in link for %s: window closed or opted out", messaging.MaskPhone(e164))
	}
	acct, err := whatsapp.LoadAccount(ctx, w.Secrets, st)
	if err != nil {
		return err
	}
	code, _, err := s.Mint(ctx, messaging.Principal{OrgID: org, UserID: link.UserID, Name: link.Name, Permissions: link.Permissions, SiteIDs: link.SiteIDs})
	if err != nil {
		return err
	}
	text := "Your PropLink Chat console sign-in link (works once, for 15 minutes; do not share it):\n" +
		base + "/console/sign-in?code=" + url.QueryEscape(code)
	_, err = w.Provider.SendText(ctx, acct, e164, text, "")
	return err
}
