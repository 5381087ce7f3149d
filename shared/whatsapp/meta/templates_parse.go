package meta

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/proplink/chat/shared/messaging"
)

// TemplatePage is one page of a template listing, mapped to the domain.
type TemplatePage struct {
	Templates []messaging.Template
	// Next is Meta's absolute link to the next page; empty on the last page.
	Next string
	// Total is 360dialog's count of all templates; zero for Meta.
	Total int
}

// templateList is a page of Meta's message_templates edge or 360dialog's listing.
type templateList struct {
	Data          []wireTemplate `json:"data"`
	WABATemplates []wireTemplate `json:"waba_templates"`
	Total         int            `json:"total"`
	Paging        struct {
		Next string `json:"next"`
	} `json:"paging"`
}

// wireTemplate is one template as the providers describe it.
type wireTemplate struct {
	ID              json.RawMessage `json:"id"`
	Name            string          `json:"name"`
	Language        string          `json:"language"`
	Status          string          `json:"status"`
	Category        string          `json:"category"`
	ParameterFormat string          `json:"parameter_format"`
	Components      []struct {
		Type    string `json:"type"`
		Format  string `json:"format"`
		Text    string `json:"text"`
		Buttons []struct {
			Type string `json:"type"`
			Text string `json:"text"`
			URL  string `json:"url"`
		} `json:"buttons"`
	} `json:"components"`
}

// ParseTemplatePage reads one page of a template listing (Meta's {"data":[…],"paging":{…}} or
// 360dialog's {"waba_templates":[…],"total":n}). Templates without a name are skipped.
func ParseTemplatePage(body []byte) (TemplatePage, error) {
	var l templateList
	if err := json.Unmarshal(body, &l); err != nil {
		return TemplatePage{}, fmt.Errorf("decode template list: %w", err)
	}
	p := TemplatePage{Next: l.Paging.Next, Total: l.Total}
	for _, w := range append(l.Data, l.WABATemplates...) {
		if w.Name == "" {
			continue
		}
		p.Templates = append(p.Templates, w.domain())
	}
	return p, nil
}

// ParseTemplate reads one template as Meta describes it (a listing's element; End User
// Messaging Social's GetWhatsAppMessageTemplate answers it as a JSON string). A template without
// a name is an error.
func ParseTemplate(body []byte) (messaging.Template, error) {
	var w wireTemplate
	if err := json.Unmarshal(body, &w); err != nil {
		return messaging.Template{}, fmt.Errorf("decode template: %w", err)
	}
	if w.Name == "" {
		return messaging.Template{}, fmt.Errorf("decode template: no name")
	}
	return w.domain(), nil
}

// domain maps a provider template to ours; ID stays 0 (the store assigns ids).
func (w wireTemplate) domain() messaging.Template {
	t := messaging.Template{
		Name:            w.Name,
		DisplayName:     DisplayName(w.Name),
		Language:        w.Language,
		Category:        strings.ToUpper(w.Category),
		Status:          strings.ToUpper(w.Status),
		ParameterFormat: strings.ToUpper(w.ParameterFormat),
		ProviderID:      templateID(w.ID),
		Components:      []messaging.Component{},
	}
	for _, c := range w.Components {
		mc := messaging.Component{Type: strings.ToUpper(c.Type), Format: strings.ToUpper(c.Format), Text: c.Text}
		for _, b := range c.Buttons {
			mc.Buttons = append(mc.Buttons, messaging.Button{Type: strings.ToUpper(b.Type), Text: b.Text, URL: b.URL})
		}
		t.Components = append(t.Components, mc)
	}
	if t.ParameterFormat == "" {
		t.ParameterFormat = inferFormat(t.Components)
	}
	t.Variables = messaging.DeriveVariables(t.Components)
	return t
}

var positionalPlaceholder = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{\s*[0-9]+\s*\}\}`) })
var templatePlaceholder = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{\s*[A-Za-z0-9_]+\s*\}\}`) })

// inferFormat decides the parameter format of a template whose listing did not say: NAMED when
// the header or body uses a placeholder that is not a number, else POSITIONAL (Meta's default).
func inferFormat(components []messaging.Component) string {
	for _, c := range components {
		if c.Type != "HEADER" && c.Type != "BODY" {
			continue
		}
		if len(templatePlaceholder().FindAllString(c.Text, -1)) > len(positionalPlaceholder().FindAllString(c.Text, -1)) {
			return messaging.FormatNamed
		}
	}
	return messaging.FormatPositional
}
