package console

import (
	"context"
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
)

// Handler answers the console's routes: GET /console (the page), /console/{proxy+} (assets,
// sign-in and the console API under /console/api/) and GET /api/security/csrf-token (the
// session's CSRF token, at the platform's path).
type Handler struct {
	Sessions      *Sessions
	Store         Store
	Conversations Conversations
	API           API
	// Links and Settings serve the click-to-chat links (wa.me to the organisation's number).
	Links    ChatLinkStore
	Settings SettingsReader
	// WhatsApp sends sign-in links to staff members' linked numbers; nil offers none.
	WhatsApp *WhatsAppSignIn
	// Receipts sends the provider's read receipt when staff read a conversation; nil sends none.
	Receipts *Receipts
	// Secure puts Secure on the session cookie; false only on the local stack's plain HTTP.
	Secure bool
	Now    func() time.Time
}

// Handle answers one request of the HTTP API.
func (h *Handler) Handle(ctx context.Context, r apigw.Request) (apigw.Response, error) {
	method := apigw.Method(r)
	if r.RawPath == CSRFTokenPath {
		return h.csrfToken(ctx, r), nil
	}
	rest, ok := strings.CutPrefix(r.RawPath, "/console")
	if !ok {
		return h.fail(ctx, messaging.Errorf(messaging.CodeNotFound, "No route for %s %s", method, r.RawPath)), nil
	}
	rest = strings.TrimPrefix(rest, "/")
	switch {
	case rest == "" || rest == "index.html":
		if method != "GET" {
			return h.fail(ctx, messaging.Errorf(messaging.CodeMethodNotAllowed, "Method %s not allowed. Allowed: GET", method)), nil
		}
		resp, _ := asset("index.html")
		return resp, nil
	case rest == "sign-in":
		return h.signIn(ctx, r), nil
	case rest == "sign-in/whatsapp" && method == "POST":
		return h.whatsappSignIn(ctx, r), nil
	case strings.HasPrefix(rest, "api/"):
		return h.api(ctx, r, strings.TrimPrefix(rest, "api/")), nil
	}
	if resp, ok := asset(rest); ok && method == "GET" {
		return resp, nil
	}
	return h.fail(ctx, messaging.Errorf(messaging.CodeNotFound, "No route for %s %s", method, r.RawPath)), nil
}

// signIn is GET /console/sign-in?code=… (a page with a button, so that a link preview cannot
// use the code up) and POST /console/sign-in (code=…: the session cookie, then the inbox).
func (h *Handler) signIn(ctx context.Context, r apigw.Request) apigw.Response {
	if apigw.Method(r) == "GET" {
		code := r.QueryStringParameters["code"]
		if code == "" {
			return page(401, `<h1>Sign in to PropLink Chat</h1><p>Open the sign-in link sent to your WhatsApp, or ask your platform administrator for one.</p>`+
				`<h2>Send me a link on WhatsApp</h2><form method="post" action="/console/sign-in/whatsapp">`+
				`<label for="org">Organisation</label><input id="org" name="org" required autocomplete="organization">`+
				`<label for="phone">Your WhatsApp number (linked in Profile → PropLink Chat)</label>`+
				`<input id="phone" name="phone" type="tel" placeholder="+447700900123" required autocomplete="tel">`+
				`<button type="submit">Send me a sign-in link</button></form>`)
		}
		return page(200, `<h1>Sign in to PropLink Chat</h1><form method="post" action="/console/sign-in">`+
			`<input type="hidden" name="code" value="`+html.EscapeString(code)+`">`+
			`<button type="submit" id="sign-in">Sign in</button></form>`)
	}
	if apigw.Method(r) != "POST" {
		return h.fail(ctx, messaging.Errorf(messaging.CodeMethodNotAllowed, "Method %s not allowed. Allowed: GET, POST", apigw.Method(r)))
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
		return page(400, `<h1>Sign-in failed</h1><p>The sign-in form was malformed.</p>`)
	}
	id, sess, err := h.Sessions.Redeem(ctx, form.Get("code"))
	if err != nil {
		if messaging.ErrorCode(err) != messaging.CodeUnauthenticated {
			obs.Logger(ctx).Error("console sign-in failed", "error", err)
			return page(500, `<h1>Sign-in failed</h1><p>Please try again.</p>`)
		}
		obs.Logger(ctx).Info("console sign-in refused")
		return page(401, `<h1>This sign-in link has expired or was already used</h1><p>Ask for a new one.</p>`)
	}
	obs.Logger(ctx).Info("console signed in", "org_id", sess.Principal.OrgID, "user_id", sess.Principal.UserID)
	resp := apigw.Response{StatusCode: 303, Headers: map[string]string{"Location": "/console", "Cache-Control": "no-store"},
		Cookies: sessionCookies(id, int(SessionTTL.Seconds()), h.Secure)}
	return resp
}

// sameOrigin refuses a sign-in form another site posted (login CSRF: signing a browser in
// as someone else): a browser's Origin, when it sends one, must be the console's own host.
func sameOrigin(r apigw.Request) bool {
	origin := apigw.Header(r, "Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && u.Host == r.RequestContext.DomainName
}

// page is a small HTML answer with the console's security headers.
func page(status int, body string) apigw.Response {
	hd := map[string]string{"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
	for k, v := range securityHeaders {
		hd[k] = v
	}
	return apigw.Response{StatusCode: status, Headers: hd, Body: `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><title>PropLink Chat</title>` +
		`<link rel="stylesheet" href="/console/app.css"></head><body class="signin"><main>` + body + `</main></body></html>`}
}

// convIDRE matches a conversation id; compiled on first use, not at cold start.
var convIDRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^c[0-9a-f]{24}$`) })

// api answers /console/api/<rest> for the session's staff member; writes carry the session's
// CSRF token.
func (h *Handler) api(ctx context.Context, r apigw.Request, rest string) apigw.Response {
	ctx, id, sess, err := authorize(ctx, h.Sessions, r)
	if err != nil {
		return h.fail(ctx, err)
	}
	p := sess.Principal
	method := apigw.Method(r)
	seg := strings.Split(rest, "/")
	switch {
	case rest == "me" && method == "GET":
		return apigw.OK(map[string]any{"org_id": p.OrgID, "user_id": p.UserID, "name": p.Name, "permissions": p.Permissions}, "")
	case rest == "sign-out" && method == "POST":
		if err := h.Sessions.End(ctx, id); err != nil {
			return h.fail(ctx, err)
		}
		resp := apigw.OK(nil, "Signed out")
		resp.Cookies = sessionCookies("", 0, h.Secure)
		return resp
	case rest == "inbox" && method == "GET":
		f, err := ParseFilter(r.QueryStringParameters)
		if err != nil {
			return h.fail(ctx, err)
		}
		in, err := ListInbox(ctx, h.Conversations, h.Store, p, f, h.Now())
		if err != nil {
			return h.fail(ctx, err)
		}
		return apigw.OK(in, "")
	case rest == "links" && (method == "GET" || method == "POST"):
		return h.links(ctx, p, r)
	case len(seg) == 3 && seg[0] == "conversations" && seg[2] == "read" && method == "POST":
		return h.markRead(ctx, p, seg[1])
	}
	if resp, ok := delegate(ctx, h.API, ConsoleFunction, p, r); ok {
		return resp
	}
	return h.fail(ctx, messaging.Errorf(messaging.CodeNotFound, "No route for %s %s", method, r.RawPath))
}

// markRead is POST /console/api/conversations/{id}/read: the staff member's read marker moves
// to the person's latest message, and the provider is told it was read (the person's blue
// ticks; best effort: the marker stands if the provider fails). Another organisation's
// conversation is not found.
func (h *Handler) markRead(ctx context.Context, p messaging.Principal, id string) apigw.Response {
	if !convIDRE().MatchString(id) {
		return h.fail(ctx, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: conversation_id (c and 24 hex digits)"))
	}
	_, msgs, _, err := h.Conversations.ConversationWithMessages(ctx, p.OrgID, id, 0, 0)
	if err != nil {
		return h.fail(ctx, err)
	}
	var last messaging.ConversationMessage
	for _, m := range msgs {
		if m.Direction == messaging.DirectionInbound && !m.At.Before(last.At) {
			last = m
		}
	}
	view := readView{ConversationID: id}
	if last.ID == "" {
		return apigw.OK(view, "Nothing to mark as read")
	}
	if err := h.Store.MarkRead(ctx, p.OrgID, p.UserID, id, last.At); err != nil {
		return h.fail(ctx, err)
	}
	view.ReadAt = &last.At
	if h.Receipts != nil {
		sent, err := h.Receipts.Send(ctx, p.OrgID, last.ID)
		if err != nil {
			obs.Logger(ctx).Warn("read receipt not sent", "conversation_id", id, "error", err)
		}
		view.ProviderReceipt = sent
	}
	return apigw.OK(view, "Conversation marked as read")
}

// readView is the answer of a read: up to when, and whether the person was told.
type readView struct {
	ConversationID  string     `json:"conversation_id"`
	ReadAt          *time.Time `json:"read_at,omitempty"`
	ProviderReceipt bool       `json:"provider_read_receipt"`
}

// csrfToken is GET /api/security/csrf-token: the cookie session's CSRF token, in the platform's
// envelope ({"success":true,"data":{"csrf_token":"…"},"message":"…"}); no session is 401.
func (h *Handler) csrfToken(ctx context.Context, r apigw.Request) apigw.Response {
	if m := apigw.Method(r); m != "GET" {
		return h.fail(ctx, messaging.Errorf(messaging.CodeMethodNotAllowed, "Method %s not allowed. Allowed: GET", m))
	}
	sess, err := h.Sessions.Resolve(ctx, sessionID(r))
	if err != nil {
		return h.fail(ctx, err)
	}
	return apigw.OK(map[string]string{"csrf_token": sess.CSRF}, "CSRF token issued")
}

// csrfTokenOf reads a write's CSRF token: the X-CSRF-Token header, or a JSON body's csrf_token.
func csrfTokenOf(r apigw.Request) string {
	if t := apigw.Header(r, "X-CSRF-Token"); t != "" {
		return t
	}
	body, err := apigw.Body(r)
	if err != nil || len(body) == 0 {
		return ""
	}
	var b struct {
		CSRFToken string `json:"csrf_token"`
	}
	if json.Unmarshal(body, &b) != nil {
		return ""
	}
	return b.CSRFToken
}

// fail answers with err in the envelope, logging what the caller does not see.
func (h *Handler) fail(ctx context.Context, err error) apigw.Response { return fail(ctx, err) }

// fail answers with err in the envelope, logging what the caller does not see.
func fail(ctx context.Context, err error) apigw.Response {
	resp := apigw.Error(err)
	if resp.StatusCode >= 500 {
		obs.Logger(ctx).Error("console request failed", "status", resp.StatusCode, "error", err)
	} else {
		obs.Logger(ctx).Info("console request refused", "status", resp.StatusCode, "reason", messaging.ErrorMessage(err))
	}
	return resp
}
