package meta

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// templateFields are the template fields asked of Meta.
const templateFields = "id,name,language,status,category,components,parameter_format"

// templatePageSize is how many templates one page asks for.
const templatePageSize = 100

// maxTemplatePages bounds pagination, so a provider that loops cannot keep us here.
const maxTemplatePages = 100

// ListTemplates returns every template of the account's WABA, following pagination. Meta's
// paging.next is followed only on the scheme and host of the account's BaseURL, so the token
// never leaves for another host; a next link elsewhere is an error rather than a silently
// short list.
//
// For 360dialog the listing is GET {BaseURL}/v1/configs/templates with limit/offset paging,
// answering {"waba_templates":[…],"count","total","offset","limit"}; we assume its template
// objects carry Meta's fields (name, language, status, category, components, and
// parameter_format when Meta sets it), with status compared case-insensitively.
func (c *Client) ListTemplates(ctx context.Context, acct whatsapp.Account) ([]messaging.Template, error) {
	if isDialog360(acct) {
		return c.listDialog360(ctx, acct)
	}
	return c.listMeta(ctx, acct)
}

// listMeta pages through Meta's message_templates edge.
func (c *Client) listMeta(ctx context.Context, acct whatsapp.Account) ([]messaging.Template, error) {
	base, err := url.Parse(baseURL(acct))
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("meta: list templates: base URL is not an absolute URL")
	}
	next := fmt.Sprintf("%s/%s/%s/message_templates?fields=%s&limit=%d",
		baseURL(acct), c.apiVersion, url.PathEscape(acct.WABAID), url.QueryEscape(templateFields), templatePageSize)
	var out []messaging.Template
	seen := map[string]bool{}
	for page := 0; next != ""; page++ {
		if page == maxTemplatePages || seen[next] {
			return nil, fmt.Errorf("meta: list templates: pagination does not end after %d pages", page)
		}
		seen[next] = true
		p, err := c.templatePage(ctx, acct, next)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Templates...)
		next = p.Next
		if next != "" && !sameOrigin(base, next) {
			return nil, fmt.Errorf("meta: list templates: next page is on another host (%s); not followed", hostOf(next))
		}
	}
	return out, nil
}

// templatePage reads one page of a template listing at u.
func (c *Client) templatePage(ctx context.Context, acct whatsapp.Account, u string) (TemplatePage, error) {
	data, err := c.do(ctx, acct, "GET", u, nil)
	if err != nil {
		return TemplatePage{}, listErr(err)
	}
	p, err := ParseTemplatePage(data)
	if err != nil {
		return TemplatePage{}, fmt.Errorf("meta: list templates: %w", err)
	}
	return p, nil
}

// listDialog360 pages through 360dialog's template listing by offset.
func (c *Client) listDialog360(ctx context.Context, acct whatsapp.Account) ([]messaging.Template, error) {
	var out []messaging.Template
	for page, offset := 0, 0; ; page++ {
		if page == maxTemplatePages {
			return nil, fmt.Errorf("meta: list templates: pagination does not end after %d pages", page)
		}
		u := fmt.Sprintf("%s/v1/configs/templates?limit=%d&offset=%d&sort=id", baseURL(acct), templatePageSize, offset)
		p, err := c.templatePage(ctx, acct, u)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Templates...)
		offset += len(p.Templates)
		if len(p.Templates) == 0 || offset >= p.Total {
			return out, nil
		}
	}
}

// listErr passes provider errors through and wraps the rest.
func listErr(err error) error {
	if _, ok := err.(*whatsapp.Error); ok {
		return err
	}
	return fmt.Errorf("meta: list templates: %w", err)
}

// sameOrigin reports whether link is on base's scheme and host.
func sameOrigin(base *url.URL, link string) bool {
	u, err := url.Parse(link)
	return err == nil && strings.EqualFold(u.Scheme, base.Scheme) && strings.EqualFold(u.Host, base.Host)
}

// hostOf names the host of link for an error message.
func hostOf(link string) string {
	if u, err := url.Parse(link); err == nil && u.Host != "" {
		return u.Host
	}
	return "an unreadable URL"
}

// DisplayName turns a template name into a title: "job_created" → "Job Created".
func DisplayName(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '_' || r == '-' || r == ' ' })
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[size:]
	}
	return strings.Join(words, " ")
}

// templateID formats a template id that arrived as a JSON number or string.
func templateID(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
			return strconv.FormatInt(i, 10)
		}
		return n.String()
	}
	return ""
}
