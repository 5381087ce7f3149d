package twilio

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// templatePageSize is how many Content items one page asks for.
const templatePageSize = 100

// maxTemplatePages bounds pagination, so a provider that loops cannot keep us here.
const maxTemplatePages = 100

// contentPage is one page of GET /v1/ContentAndApprovals.
type contentPage struct {
	Contents []content `json:"contents"`
	Meta     struct {
		NextPageURL string `json:"next_page_url"`
	} `json:"meta"`
}

// content is one Content API item with its WhatsApp approval request.
type content struct {
	SID          string                     `json:"sid"`
	FriendlyName string                     `json:"friendly_name"`
	Language     string                     `json:"language"`
	Variables    map[string]string          `json:"variables"`
	Types        map[string]json.RawMessage `json:"types"`
	Approval     *struct {
		Name     string `json:"name"`
		Category string `json:"category"`
		Status   string `json:"status"`
	} `json:"approval_requests"`
}

// contentType is the part of a Content type the product reads.
type contentType struct {
	Title    string   `json:"title"`
	Subtitle string   `json:"subtitle"`
	Body     string   `json:"body"`
	Media    []string `json:"media"`
	Actions  []struct {
		Type  string `json:"type"`
		Title string `json:"title"`
		ID    string `json:"id"`
		URL   string `json:"url"`
		Phone string `json:"phone"`
	} `json:"actions"`
}

// contentTypes are the Content types read, most specific first; an item is mapped from the first
// it has.
var contentTypes = []string{"twilio/quick-reply", "twilio/call-to-action", "twilio/card", "twilio/media", "twilio/text"}

// ListTemplates returns every Content item of the account with its WhatsApp approval status,
// from GET {content}/v1/ContentAndApprovals, following meta.next_page_url on the Content API's
// own scheme and host only. Each maps to a messaging.Template whose Name is the Content SID,
// DisplayName the approval's (or the item's friendly) name, with named variables "1", "2", ….
func (c *Client) ListTemplates(ctx context.Context, acct whatsapp.Account) ([]messaging.Template, error) {
	cred, err := ParseCredentials(acct.Token)
	if err != nil {
		return nil, fmt.Errorf("twilio: list templates: %w", err)
	}
	base, err := url.Parse(contentBase(acct))
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("twilio: list templates: base URL is not an absolute URL")
	}
	next := fmt.Sprintf("%s/v1/ContentAndApprovals?PageSize=%d", contentBase(acct), templatePageSize)
	var out []messaging.Template
	seen := map[string]bool{}
	for page := 0; next != ""; page++ {
		if page == maxTemplatePages || seen[next] {
			return nil, fmt.Errorf("twilio: list templates: pagination does not end after %d pages", page)
		}
		seen[next] = true
		data, err := c.do(ctx, cred, "GET", next, nil)
		if err != nil {
			if _, ok := err.(*whatsapp.Error); ok {
				return nil, err
			}
			return nil, fmt.Errorf("twilio: list templates: %w", err)
		}
		var p contentPage
		if err := json.Unmarshal(data, &p); err != nil {
			return nil, fmt.Errorf("twilio: list templates: %w", err)
		}
		for _, item := range p.Contents {
			out = append(out, item.template())
		}
		next = p.Meta.NextPageURL
		if u, err := url.Parse(next); next != "" && (err != nil || u.Scheme != base.Scheme || u.Host != base.Host) {
			return nil, fmt.Errorf("twilio: list templates: next page is not on %s; not followed", base.Host)
		}
	}
	return out, nil
}

// template maps a Content item onto the product's template.
func (ct content) template() messaging.Template {
	t := messaging.Template{
		Name: ct.SID, DisplayName: ct.FriendlyName, Language: ct.Language, ProviderID: ct.SID,
		Status: "UNSUBMITTED", ParameterFormat: messaging.FormatNamed,
	}
	if a := ct.Approval; a != nil {
		if a.Name != "" {
			t.DisplayName = a.Name
		}
		t.Category = strings.ToUpper(a.Category)
		t.Status = approvalStatus(a.Status)
	}
	for _, name := range contentTypes {
		raw, ok := ct.Types[name]
		if !ok {
			continue
		}
		var typ contentType
		if json.Unmarshal(raw, &typ) == nil {
			t.Components = components(typ)
		}
		break
	}
	t.Variables = messaging.DeriveVariables(t.Components)
	return t
}

// approvalStatus maps a WhatsApp approval status onto Meta's template statuses.
func approvalStatus(s string) string {
	switch strings.ToLower(s) {
	case "approved":
		return messaging.TemplateApproved
	case "pending", "received":
		return messaging.TemplatePending
	case "rejected":
		return messaging.TemplateRejected
	case "paused":
		return messaging.TemplatePaused
	case "disabled":
		return messaging.TemplateDisabled
	case "":
		return "UNSUBMITTED"
	}
	return strings.ToUpper(s)
}

// components maps a Content type onto template components: a card's title as a text header,
// the body (or subtitle), and its actions as buttons. Media is not mapped (Twilio's media URLs
// are fixed in the Content item).
func components(typ contentType) []messaging.Component {
	var cs []messaging.Component
	body := typ.Body
	if typ.Title != "" && body == "" {
		body = typ.Title
	} else if typ.Title != "" {
		cs = append(cs, messaging.Component{Type: "HEADER", Format: "TEXT", Text: typ.Title})
	}
	if body == "" {
		body = typ.Subtitle
	}
	cs = append(cs, messaging.Component{Type: "BODY", Text: body})
	var buttons []messaging.Button
	for _, a := range typ.Actions {
		switch strings.ToUpper(a.Type) {
		case "URL":
			buttons = append(buttons, messaging.Button{Type: "URL", Text: a.Title, URL: a.URL})
		case "PHONE_NUMBER", "PHONE":
			buttons = append(buttons, messaging.Button{Type: "PHONE_NUMBER", Text: a.Title})
		default:
			buttons = append(buttons, messaging.Button{Type: "QUICK_REPLY", Text: a.Title})
		}
	}
	if len(buttons) > 0 {
		cs = append(cs, messaging.Component{Type: "BUTTONS", Buttons: buttons})
	}
	return cs
}
