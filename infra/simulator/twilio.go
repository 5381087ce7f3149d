package simulator

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

// TwilioAccount is a Twilio account owning a simulator account's number as its WhatsApp sender.
type TwilioAccount struct {
	AccountSID string
	AuthToken  string
	// InboundURL is the webhook URL configured on the sender for inbound messages, as Twilio
	// calls and signs it (the product's public <base>/webhooks/twilio).
	InboundURL string
	// Deliver is the base URL the simulator connects to in place of a callback URL's scheme
	// and host (the local stack standing in for the public host): a callback URL's path and
	// query are POSTed there with the callback URL's Host header, and signed over the callback
	// URL exactly as given. Empty connects to the callback URL itself.
	Deliver string
}

// twilioRoutes adds Twilio's endpoints to the simulator's API.
func (s *Simulator) twilioRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /2010-04-01/Accounts/{accountSID}/Messages.json", s.handleTwilioSend)
	mux.HandleFunc("GET /v1/ContentAndApprovals", s.handleTwilioContent)
	mux.HandleFunc("POST /v1/Content", s.handleTwilioContentCreate)
	mux.HandleFunc("GET /v1/Content", s.handleTwilioContentList)
	mux.HandleFunc("GET /v2/Channels/Senders", s.handleTwilioSenders)
	s.twilioMediaRoutes(mux)
}

// ContentSID is the simulator's Content SID of a template: stable, shaped like Twilio's (HX
// and 32 hex digits).
func ContentSID(name, lang string) string {
	sum := sha256.Sum256([]byte(name + "#" + lang))
	return "HX" + hex.EncodeToString(sum[:16])
}

// twilioError answers as Twilio's REST API fails.
func twilioError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg,
		"more_info": "https://www.twilio.com/docs/errors/" + strconv.Itoa(code), "status": status})
}

// twilioAccounts returns the simulator accounts of the Basic-auth credentials of r.
func (s *Simulator) twilioAccounts(r *http.Request) []Account {
	sid, token, ok := r.BasicAuth()
	if !ok {
		return nil
	}
	var out []Account
	for _, a := range s.accounts {
		if a.Twilio != nil && a.Twilio.AccountSID == sid && a.Twilio.AuthToken == token {
			out = append(out, a)
		}
	}
	return out
}

// handleTwilioSend is POST /2010-04-01/Accounts/{AccountSid}/Messages.json: a form with To and
// From (whatsapp:+E164), and ContentSid (+ ContentVariables) of a template or of a quick-reply
// item the account created (recorded as an interactive reply-button message, see
// twilio_content.go), MediaUrl (+ Body as caption; the
// link is recorded as the Request's Document, Type "media") or Body, and an optional
// StatusCallback, answered 201 with the message's SID. Statuses go to the StatusCallback.
func (s *Simulator) handleTwilioSend(w http.ResponseWriter, r *http.Request) {
	accts := s.twilioAccounts(r)
	if len(accts) == 0 || accts[0].Twilio.AccountSID != r.PathValue("accountSID") {
		twilioError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxSendBody))
	form, perr := url.ParseQuery(string(raw))
	if err != nil || perr != nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		twilioError(w, http.StatusBadRequest, 20001, "The request body is not form-encoded.")
		return
	}
	from := twilio.Number(form.Get("From"))
	var acct Account
	for _, a := range accts {
		if a.PhoneNumberID == from {
			acct = a
		}
	}
	to := twilio.Number(form.Get("To"))
	switch {
	case acct.Twilio == nil:
		twilioError(w, http.StatusBadRequest, 63007, "Twilio could not find a Channel with the specified From address")
		return
	case to == "" || !digitsOnly.MatchString(to):
		twilioError(w, http.StatusBadRequest, 21211, "Invalid 'To' Phone Number: "+form.Get("To"))
		return
	}
	if f, ok := s.takeFault(PathMessages, to); ok && (f.Code != 0 || f.HTTPStatus != 0) {
		// A fault's code is Twilio's here (63016, 63018, 21211, 20003, ...); 400 unless given.
		status := f.HTTPStatus
		if status == 0 {
			status = http.StatusBadRequest
		}
		twilioError(w, status, f.Code, "Simulated failure")
		return
	}
	msg := SentMessage{Provider: messaging.ProviderTwilio, PhoneNumberID: acct.PhoneNumberID, To: to, Raw: mustJSON(form)}
	if cb, err := url.Parse(form.Get("StatusCallback")); err == nil {
		msg.CallbackData = cb.Query().Get(twilio.CallbackParam)
	}
	if qr, ok := s.contents.get(acct.Twilio.AccountSID, form.Get("ContentSid")); ok {
		in, code, why := qr.interactive(form.Get("ContentVariables"))
		if code != 0 {
			twilioError(w, http.StatusBadRequest, code, why)
			return
		}
		msg.Request.Type, msg.Request.Interactive = "interactive", in
	} else if sid := form.Get("ContentSid"); sid != "" {
		tpl, code, why := s.twilioContent(sid, form.Get("ContentVariables"))
		if code != 0 {
			twilioError(w, http.StatusBadRequest, code, why)
			return
		}
		msg.Template, msg.Language = tpl.Name, tpl.Language
	} else if link := form.Get("MediaUrl"); link != "" {
		if u, err := url.Parse(link); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			twilioError(w, http.StatusBadRequest, 21620, "Invalid media URL(s).")
			return
		}
		// Twilio sends the Body as the media's caption.
		msg.Request.Type, msg.Request.Document = "media", &MediaMessage{Link: link, Caption: form.Get("Body")}
	} else if strings.TrimSpace(form.Get("Body")) == "" {
		twilioError(w, http.StatusBadRequest, 21619, "A text message body or media urls must be specified.")
		return
	} else {
		msg.Request.Text = &TextRef{Body: form.Get("Body")}
	}
	s.mu.Lock()
	s.seq++
	msg.WAMID = fmt.Sprintf("SM%032x", s.seq)
	msg.At = s.now()
	s.sent = append(s.sent, msg)
	s.mu.Unlock()
	s.afterTwilioSend(acct, msg, form.Get("StatusCallback"))
	writeJSON(w, http.StatusCreated, map[string]any{"sid": msg.WAMID, "account_sid": acct.Twilio.AccountSID, "status": "queued",
		"from": form.Get("From"), "to": form.Get("To"), "api_version": "2010-04-01"})
}

// twilioContent finds the approved template of a Content SID and checks its variables: every
// numbered variable of the template's text must have a value. A failure is Twilio's code and
// message (21656 for bad variables, 63027 for an unknown or unapproved template).
func (s *Simulator) twilioContent(sid, vars string) (messaging.Template, int, string) {
	for _, t := range s.Templates() {
		if ContentSID(t.Name, t.Language) != sid {
			continue
		}
		if t.Status != messaging.TemplateApproved {
			return t, 63027, "Template is not approved"
		}
		values := map[string]string{}
		if vars != "" && json.Unmarshal([]byte(vars), &values) != nil {
			return t, 21656, "The ContentVariables Parameter is invalid."
		}
		for i := range len(contentVariables(t)) {
			if strings.TrimSpace(values[strconv.Itoa(i+1)]) == "" {
				return t, 21656, fmt.Sprintf("The ContentVariables Parameter is invalid: variable %d has no value.", i+1)
			}
		}
		return t, 0, ""
	}
	return messaging.Template{}, 63027, "Template does not exist"
}

// contentVariables are a template's variables in order, which the Content API numbers 1, 2, ….
func contentVariables(t messaging.Template) []string {
	return messaging.DeriveVariables(t.Components)
}

// contentText is template text with its variables renumbered as the Content API writes them.
func contentText(t messaging.Template, text string) string {
	for i, v := range contentVariables(t) {
		text = strings.ReplaceAll(text, "{{"+v+"}}", "{{"+strconv.Itoa(i+1)+"}}")
	}
	return text
}

// handleTwilioContent is the Content API's GET /v1/ContentAndApprovals: every template as a
// twilio/text (or twilio/quick-reply) Content item with its WhatsApp approval, one per page of
// PageSize (50 by default) with meta.next_page_url.
func (s *Simulator) handleTwilioContent(w http.ResponseWriter, r *http.Request) {
	if len(s.twilioAccounts(r)) == 0 {
		twilioError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return
	}
	size, _ := strconv.Atoi(r.URL.Query().Get("PageSize"))
	if size <= 0 || size > 1000 {
		size = 50
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("Page"))
	tpls := s.Templates()
	start := min(page*size, len(tpls))
	end := min(start+size, len(tpls))
	items := []any{}
	for _, t := range tpls[start:end] {
		items = append(items, contentItem(t))
	}
	next := any(nil)
	if end < len(tpls) {
		next = fmt.Sprintf("http://%s/v1/ContentAndApprovals?PageSize=%d&Page=%d&PageToken=PT%d", r.Host, size, page+1, end)
	}
	writeJSON(w, http.StatusOK, map[string]any{"contents": items, "meta": map[string]any{"page": page, "page_size": size, "next_page_url": next, "key": "contents"}})
}

// contentItem is a template as a Content API item with its approval request.
func contentItem(t messaging.Template) map[string]any {
	body := ""
	var actions []map[string]string
	for _, c := range t.Components {
		switch c.Type {
		case "BODY":
			body = contentText(t, c.Text)
		case "BUTTONS":
			for _, b := range c.Buttons {
				if b.Type == "QUICK_REPLY" {
					actions = append(actions, map[string]string{"title": b.Text, "id": strings.ToLower(b.Text)})
				}
			}
		}
	}
	vars := map[string]string{}
	for i, v := range contentVariables(t) {
		vars[strconv.Itoa(i+1)] = v
	}
	types := map[string]any{"twilio/text": map[string]string{"body": body}}
	if len(actions) > 0 {
		types["twilio/quick-reply"] = map[string]any{"body": body, "actions": actions}
	}
	return map[string]any{
		"sid": ContentSID(t.Name, t.Language), "friendly_name": t.Name, "language": t.Language,
		"variables": vars, "types": types,
		"approval_requests": map[string]string{"name": t.Name, "category": t.Category, "status": strings.ToLower(t.Status), "type": "whatsapp"},
	}
}

// handleTwilioSenders is the Senders API's GET /v2/Channels/Senders: the account's WhatsApp
// senders.
func (s *Simulator) handleTwilioSenders(w http.ResponseWriter, r *http.Request) {
	accts := s.twilioAccounts(r)
	if len(accts) == 0 {
		twilioError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return
	}
	senders := []any{}
	for _, a := range accts {
		senders = append(senders, map[string]string{"sid": "XE" + a.PhoneNumberID, "sender_id": "whatsapp:+" + a.PhoneNumberID, "status": "ONLINE"})
	}
	writeJSON(w, http.StatusOK, map[string]any{"senders": senders, "meta": map[string]any{"next_page_url": nil}})
}
