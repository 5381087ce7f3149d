package simulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"
)

// Twilio's limits on a twilio/quick-reply Content item and on sending one in session.
const (
	maxQuickReplyActions   = 10   // actions of an item
	maxQuickReplyInSession = 3    // actions of an item sent in session without approval
	maxQuickReplyIDLen     = 200  // characters of an action's id
	maxQuickReplyBodyLen   = 1024 // characters of the item's body
)

// TwilioQuickReply is a twilio/quick-reply Content item an account created.
type TwilioQuickReply struct {
	SID          string           `json:"sid"`
	AccountSID   string           `json:"account_sid"`
	FriendlyName string           `json:"friendly_name"`
	Language     string           `json:"language"`
	Body         string           `json:"body"`
	Actions      []QuickReplyItem `json:"actions"`
}

// QuickReplyItem is one action of a quick-reply item: the id comes back as ButtonPayload.
type QuickReplyItem struct {
	Title string `json:"title"`
	ID    string `json:"id"`
}

// twilioContents are the Content items created through POST /v1/Content, in order.
type twilioContents struct {
	mu    sync.Mutex
	items []TwilioQuickReply
}

// add keeps a created item and returns it with its SID.
func (c *twilioContents) add(qr TwilioQuickReply) TwilioQuickReply {
	c.mu.Lock()
	defer c.mu.Unlock()
	qr.SID = fmt.Sprintf("HX%032x", len(c.items)+1)
	c.items = append(c.items, qr)
	return qr
}

// get finds an account's item by SID.
func (c *twilioContents) get(accountSID, sid string) (TwilioQuickReply, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, qr := range c.items {
		if qr.SID == sid && qr.AccountSID == accountSID {
			return qr, true
		}
	}
	return TwilioQuickReply{}, false
}

// of returns an account's items.
func (c *twilioContents) of(accountSID string) []TwilioQuickReply {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []TwilioQuickReply
	for _, qr := range c.items {
		if qr.AccountSID == accountSID {
			out = append(out, qr)
		}
	}
	return out
}

// TwilioContents returns the quick-reply Content items every account created, in order.
func (s *Simulator) TwilioContents() []TwilioQuickReply {
	s.contents.mu.Lock()
	defer s.contents.mu.Unlock()
	return append([]TwilioQuickReply(nil), s.contents.items...)
}

// handleTwilioContentCreate is the Content API's POST /v1/Content with a JSON body: the
// simulator keeps twilio/quick-reply items (friendly_name, language, a body of 1-1024
// characters, 1-10 actions each with a title of 1-20 and an id of 1-200 characters) and answers
// 201 with the item and its SID; any other type is refused with 400.
func (s *Simulator) handleTwilioContentCreate(w http.ResponseWriter, r *http.Request) {
	accts := s.twilioAccounts(r)
	if len(accts) == 0 {
		twilioError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return
	}
	var req struct {
		FriendlyName string            `json:"friendly_name"`
		Language     string            `json:"language"`
		Variables    map[string]string `json:"variables"`
		Types        map[string]struct {
			Body    string           `json:"body"`
			Actions []QuickReplyItem `json:"actions"`
		} `json:"types"`
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxSendBody))
	if err != nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || json.Unmarshal(raw, &req) != nil {
		twilioError(w, http.StatusBadRequest, 20001, "The request body is not a JSON Content resource.")
		return
	}
	qr, ok := req.Types["twilio/quick-reply"]
	if why := validQuickReply(req.FriendlyName, req.Language, qr.Body, qr.Actions, ok && len(req.Types) == 1); why != "" {
		twilioError(w, http.StatusBadRequest, 20001, why)
		return
	}
	item := s.contents.add(TwilioQuickReply{AccountSID: accts[0].Twilio.AccountSID, FriendlyName: req.FriendlyName,
		Language: req.Language, Body: qr.Body, Actions: qr.Actions})
	writeJSON(w, http.StatusCreated, item.resource(req.Variables))
}

// validQuickReply is why a quick-reply item is refused, "" when it is not.
func validQuickReply(name, lang, body string, actions []QuickReplyItem, onlyQuickReply bool) string {
	switch {
	case !onlyQuickReply:
		return "The simulator creates twilio/quick-reply content only."
	case strings.TrimSpace(name) == "" || strings.TrimSpace(lang) == "":
		return "friendly_name and language are required."
	case strings.TrimSpace(body) == "" || utf8.RuneCountInString(body) > maxQuickReplyBodyLen:
		return fmt.Sprintf("The body must be 1-%d characters.", maxQuickReplyBodyLen)
	case len(actions) == 0 || len(actions) > maxQuickReplyActions:
		return fmt.Sprintf("A quick reply has 1-%d actions.", maxQuickReplyActions)
	}
	for i, a := range actions {
		if strings.TrimSpace(a.Title) == "" || utf8.RuneCountInString(a.Title) > maxButtonTitleLen ||
			strings.TrimSpace(a.ID) == "" || utf8.RuneCountInString(a.ID) > maxQuickReplyIDLen {
			return fmt.Sprintf("Action %d needs a title of 1-%d and an id of 1-%d characters.", i+1, maxButtonTitleLen, maxQuickReplyIDLen)
		}
	}
	return ""
}

// resource is the item as the Content API answers it.
func (qr TwilioQuickReply) resource(vars map[string]string) map[string]any {
	return map[string]any{"sid": qr.SID, "account_sid": qr.AccountSID, "friendly_name": qr.FriendlyName,
		"language": qr.Language, "variables": vars,
		"types": map[string]any{"twilio/quick-reply": map[string]any{"body": qr.Body, "actions": qr.Actions}}}
}

// handleTwilioContentList is the Content API's GET /v1/Content: the account's templates and the
// quick-reply items it created, on one page.
func (s *Simulator) handleTwilioContentList(w http.ResponseWriter, r *http.Request) {
	accts := s.twilioAccounts(r)
	if len(accts) == 0 {
		twilioError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return
	}
	items := []any{}
	for _, t := range s.Templates() {
		items = append(items, contentItem(t))
	}
	for _, qr := range s.contents.of(accts[0].Twilio.AccountSID) {
		items = append(items, qr.resource(nil))
	}
	writeJSON(w, http.StatusOK, map[string]any{"contents": items, "meta": map[string]any{"page": 0, "next_page_url": nil, "key": "contents"}})
}

// interactive is a send of the item with its content variables as the reply-button message
// WhatsApp shows: the body with every {{n}} replaced, the actions as buttons. Variables that
// are not a JSON object of strings, a body variable without a value, or more actions than a
// session message may carry are Twilio's code and message.
func (qr TwilioQuickReply) interactive(vars string) (*InteractiveRef, int, string) {
	values := map[string]string{}
	if vars != "" && json.Unmarshal([]byte(vars), &values) != nil {
		return nil, 21656, "The ContentVariables Parameter is invalid."
	}
	if len(qr.Actions) > maxQuickReplyInSession {
		return nil, 63027, fmt.Sprintf("A quick reply sent without approval carries at most %d actions.", maxQuickReplyInSession)
	}
	body := qr.Body
	for n := 1; strings.Contains(body, "{{"); n++ {
		v := fmt.Sprintf("{{%d}}", n)
		if !strings.Contains(body, v) {
			break
		}
		if strings.TrimSpace(values[fmt.Sprint(n)]) == "" {
			return nil, 21656, fmt.Sprintf("The ContentVariables Parameter is invalid: variable %d has no value.", n)
		}
		body = strings.ReplaceAll(body, v, values[fmt.Sprint(n)])
	}
	in := &InteractiveRef{Type: "button", Body: &struct {
		Text string `json:"text"`
	}{Text: body}}
	for _, a := range qr.Actions {
		b := InteractiveButton{Type: "reply"}
		b.Reply.ID, b.Reply.Title = a.ID, a.Title
		in.Action.Buttons = append(in.Action.Buttons, b)
	}
	return in, 0, ""
}
