package twilio

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/proplink/chat/shared/whatsapp"
)

// Twilio's limits on a twilio/quick-reply action sent in session (its title limit is the Cloud
// API's, whatsapp.MaxButtonTitleLen).
const maxActionIDLen = 200

// ButtonIDPrefix marks the action ids of the quick replies SendButtons creates, so a tap on one
// parses as an interactive button reply (as Meta's button_reply) rather than a template's quick
// reply; it is not part of the id the caller gave.
const ButtonIDPrefix = "pl:"

// quickReplyPrefix begins the friendly name of every Content item SendButtons creates.
const quickReplyPrefix = "proplink_qr_"

// quickReplyBody is the body of those items: one variable, so one item serves every text.
const quickReplyBody = "{{1}}"

// quickReplyAction is one action of a twilio/quick-reply Content type.
type quickReplyAction struct {
	Title string `json:"title"`
	ID    string `json:"id"`
}

// quickReplyContent is the Content API's create request of a twilio/quick-reply item.
type quickReplyContent struct {
	FriendlyName string            `json:"friendly_name"`
	Language     string            `json:"language"`
	Variables    map[string]string `json:"variables"`
	Types        struct {
		QuickReply struct {
			Body    string             `json:"body"`
			Actions []quickReplyAction `json:"actions"`
		} `json:"twilio/quick-reply"`
	} `json:"types"`
}

// SendButtons sends reply buttons as a twilio/quick-reply Content item, which Twilio sends inside
// the customer-service window without WhatsApp's approval: the item for this set of buttons is
// found (cached per account, else by its friendly name in the account's Content list) or
// created, then sent by ContentSid with the body as its variable 1. Each action's id is
// ButtonIDPrefix and the button's id. A message breaking WhatsApp's or Twilio's limits (an id
// over 200 characters with the prefix) is refused before any request (whatsapp.ErrInvalidMessage).
func (c *Client) SendButtons(ctx context.Context, acct whatsapp.Account, msg whatsapp.ButtonsSend) (string, error) {
	if err := msg.Validate(); err != nil {
		return "", fmt.Errorf("twilio: send buttons: %w", err)
	}
	for i, b := range msg.Buttons {
		if utf8.RuneCountInString(ButtonIDPrefix+b.ID) > maxActionIDLen {
			return "", fmt.Errorf("twilio: send buttons: %w: button %d: id must be 1-%d characters", whatsapp.ErrInvalidMessage, i+1, maxActionIDLen-len(ButtonIDPrefix))
		}
	}
	cred, err := ParseCredentials(acct.Token)
	if err != nil {
		return "", fmt.Errorf("twilio: send buttons: %w", err)
	}
	sid, err := c.quickReply(ctx, acct, cred, msg.Buttons)
	switch {
	case whatsapp.MaybeSent(err):
		// An unanswered Content call sent no message: a retry finds the item by its name.
		return "", fmt.Errorf("twilio: send buttons: no message sent, the Content API did not answer: %v", err)
	case err != nil:
		if _, ok := err.(*whatsapp.Error); ok {
			return "", err
		}
		return "", fmt.Errorf("twilio: send buttons: %w", err)
	}
	vars, err := json.Marshal(map[string]string{"1": msg.Body})
	if err != nil {
		return "", fmt.Errorf("twilio: send buttons: encode content variables: %w", err)
	}
	form := c.message(acct, msg.To, msg.CallbackData)
	form.Set("ContentSid", sid)
	form.Set("ContentVariables", string(vars))
	return c.send(ctx, acct, form, "send buttons")
}

// QuickReplyName is the friendly name of the quick-reply Content item of a set of buttons: the
// prefix and a digest of their ids and titles in order.
func QuickReplyName(buttons []whatsapp.Button) string {
	h := sha256.New()
	for _, b := range buttons {
		fmt.Fprintf(h, "%d:%s%d:%s", len(b.ID), b.ID, len(b.Title), b.Title)
	}
	return quickReplyPrefix + hex.EncodeToString(h.Sum(nil)[:16])
}

// quickReply returns the Content SID of the quick-reply item of buttons: cached, listed or
// created. Two cold instances may each create one; either serves.
func (c *Client) quickReply(ctx context.Context, acct whatsapp.Account, cred Credentials, buttons []whatsapp.Button) (string, error) {
	name := QuickReplyName(buttons)
	key := cred.AccountSID + "/" + name
	if sid, ok := c.quickReplies.Load(key); ok {
		return sid.(string), nil
	}
	sid, err := c.findContent(ctx, acct, cred, name)
	if err != nil {
		return "", err
	}
	if sid == "" {
		if sid, err = c.createQuickReply(ctx, acct, cred, name, buttons); err != nil {
			return "", err
		}
	}
	c.quickReplies.Store(key, sid)
	return sid, nil
}

// findContent is the SID of the account's Content item named name, "" when there is none, from
// GET {content}/v1/Content, following meta.next_page_url on the Content API's host only.
func (c *Client) findContent(ctx context.Context, acct whatsapp.Account, cred Credentials, name string) (string, error) {
	base, err := url.Parse(contentBase(acct))
	if err != nil || base.Host == "" {
		return "", fmt.Errorf("find content %s: base URL is not an absolute URL", name)
	}
	next := fmt.Sprintf("%s/v1/Content?PageSize=%d", contentBase(acct), templatePageSize)
	seen := map[string]bool{}
	for page := 0; next != ""; page++ {
		if page == maxTemplatePages || seen[next] {
			return "", fmt.Errorf("find content %s: pagination does not end after %d pages", name, page)
		}
		seen[next] = true
		data, err := c.do(ctx, cred, "GET", next, nil)
		if err != nil {
			return "", err
		}
		var p contentPage
		if err := json.Unmarshal(data, &p); err != nil {
			return "", fmt.Errorf("find content %s: %w", name, err)
		}
		for _, item := range p.Contents {
			if item.FriendlyName == name && item.SID != "" {
				return item.SID, nil
			}
		}
		next = p.Meta.NextPageURL
		if u, err := url.Parse(next); next != "" && (err != nil || u.Scheme != base.Scheme || u.Host != base.Host) {
			return "", fmt.Errorf("find content %s: next page is not on %s; not followed", name, base.Host)
		}
	}
	return "", nil
}

// createQuickReply creates the quick-reply item of buttons with POST {content}/v1/Content and
// returns its SID.
func (c *Client) createQuickReply(ctx context.Context, acct whatsapp.Account, cred Credentials, name string, buttons []whatsapp.Button) (string, error) {
	req := quickReplyContent{FriendlyName: name, Language: "en", Variables: map[string]string{"1": "Please choose"}}
	req.Types.QuickReply.Body = quickReplyBody
	for _, b := range buttons {
		req.Types.QuickReply.Actions = append(req.Types.QuickReply.Actions, quickReplyAction{Title: b.Title, ID: ButtonIDPrefix + b.ID})
	}
	body, err := json.Marshal(req)
	if err != nil {
		return "", fmt.Errorf("create content %s: %w", name, err)
	}
	data, err := c.doBody(ctx, cred, "POST", contentBase(acct)+"/v1/Content", "application/json", body)
	if err != nil {
		return "", err
	}
	var created content
	if json.Unmarshal(data, &created) != nil || !strings.HasPrefix(created.SID, "HX") {
		return "", fmt.Errorf("create content %s: answer without a content sid", name)
	}
	return created.SID, nil
}
