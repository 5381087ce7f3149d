package messaging

import (
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Template statuses, as Meta reports them.
const (
	TemplateApproved = "APPROVED"
	TemplatePending  = "PENDING"
	TemplateRejected = "REJECTED"
	TemplatePaused   = "PAUSED"
	TemplateDisabled = "DISABLED"
)

// Parameter formats of a template: positional {{1}} or named {{first_name}}.
const (
	FormatPositional = "POSITIONAL"
	FormatNamed      = "NAMED"
)

// Template is an organisation's message template, with a stable integer id of our own.
type Template struct {
	ID              int         `json:"id"`
	Name            string      `json:"name"`
	DisplayName     string      `json:"display_name"`
	Description     string      `json:"description"`
	Language        string      `json:"language"`
	Category        string      `json:"category"`
	Status          string      `json:"status"`
	Variables       []string    `json:"variables"`
	ParameterFormat string      `json:"parameter_format,omitempty"`
	Components      []Component `json:"components,omitempty"`
	// ProviderID is the provider's own id of the template (Meta's numeric id as a string).
	ProviderID string `json:"provider_id,omitempty"`
}

// Component is one part of a template as the provider describes it.
type Component struct {
	Type    string   `json:"type"`             // HEADER, BODY, FOOTER, BUTTONS
	Format  string   `json:"format,omitempty"` // for HEADER: TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION
	Text    string   `json:"text,omitempty"`
	Buttons []Button `json:"buttons,omitempty"`
}

// Button is one button of a BUTTONS component.
type Button struct {
	Type string `json:"type"` // QUICK_REPLY, URL, PHONE_NUMBER, ...
	Text string `json:"text,omitempty"`
	URL  string `json:"url,omitempty"`
}

// Sendable reports whether the template may be sent: only APPROVED templates can.
func (t Template) Sendable() bool { return t.Status == TemplateApproved }

var placeholder = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{\s*([A-Za-z0-9_]+)\s*\}\}`) })

// placeholders returns the placeholder names of text in order of first appearance.
func placeholders(text string) []string {
	var names []string
	for _, m := range placeholder().FindAllStringSubmatch(text, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	return names
}

// mediaVariable names the variable that carries a media header's media id or link.
func mediaVariable(format string) string { return "header_" + strings.ToLower(format) }

// isMediaHeader reports whether a header format takes a media parameter.
func isMediaHeader(format string) bool {
	switch format {
	case "IMAGE", "VIDEO", "DOCUMENT":
		return true
	}
	return false
}

// DeriveVariables lists the variables a template's components need, in the order they appear:
// header, body, then URL buttons.
func DeriveVariables(components []Component) []string {
	vars := []string{}
	add := func(names ...string) {
		for _, n := range names {
			if !slices.Contains(vars, n) {
				vars = append(vars, n)
			}
		}
	}
	for _, typ := range []string{"HEADER", "BODY", "BUTTONS"} {
		for _, c := range components {
			if c.Type != typ {
				continue
			}
			switch {
			case c.Type == "HEADER" && isMediaHeader(c.Format):
				add(mediaVariable(c.Format))
			case c.Type == "BUTTONS":
				for _, b := range c.Buttons {
					if b.Type == "URL" {
						add(placeholders(b.URL)...)
					}
				}
			default:
				add(placeholders(c.Text)...)
			}
		}
	}
	return vars
}
