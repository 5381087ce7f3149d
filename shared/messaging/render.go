package messaging

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits WhatsApp puts on template parameters.
const (
	maxBodyParamLen   = 1024
	maxHeaderParamLen = 60
)

// Rendered is a template filled with values: the provider's parameters and the text a person
// reads, which goes on the case note.
type Rendered struct {
	Components []RenderedComponent `json:"components"`
	Text       string              `json:"text"`
}

// RenderedComponent is one component's parameters, as a provider send needs them.
type RenderedComponent struct {
	Type       string      `json:"type"`               // header, body, button
	SubType    string      `json:"sub_type,omitempty"` // url or quick_reply, for a button
	Index      int         `json:"index,omitempty"`
	Parameters []Parameter `json:"parameters"`
}

// Parameter is one value of a rendered component.
type Parameter struct {
	Type string `json:"type"` // text, image, video, document
	// Name is set for templates with named parameters.
	Name string `json:"name,omitempty"`
	Text string `json:"text,omitempty"`
	// Media is a media id or an https link, for media headers.
	Media string `json:"media,omitempty"`
	// Payload is what a quick-reply button's tap brings back (Type "payload").
	Payload string `json:"payload,omitempty"`
}

// Render fills the template with values and validates the result against the template before
// any provider sees it: every variable must have a non-empty value, text parameters must fit
// WhatsApp's limits, and media headers need a media id or link.
func (t Template) Render(values map[string]string) (Rendered, error) {
	var missing []string
	for _, v := range t.Variables {
		if strings.TrimSpace(values[v]) == "" {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		return Rendered{}, Errorf(CodeUnprocessable, "Missing value for template variable: %s", strings.Join(missing, ", "))
	}
	named := t.ParameterFormat == FormatNamed
	var r Rendered
	var text []string
	buttonIndex := 0
	for _, c := range t.Components {
		switch c.Type {
		case "HEADER":
			if isMediaHeader(c.Format) {
				r.Components = append(r.Components, RenderedComponent{Type: "header", Parameters: []Parameter{
					{Type: strings.ToLower(c.Format), Media: values[mediaVariable(c.Format)]},
				}})
				continue
			}
			params, err := textParams(c.Text, values, named, maxHeaderParamLen)
			if err != nil {
				return Rendered{}, err
			}
			if len(params) > 0 {
				r.Components = append(r.Components, RenderedComponent{Type: "header", Parameters: params})
			}
			text = append(text, fill(c.Text, values))
		case "BODY":
			params, err := textParams(c.Text, values, named, maxBodyParamLen)
			if err != nil {
				return Rendered{}, err
			}
			if len(params) > 0 {
				r.Components = append(r.Components, RenderedComponent{Type: "body", Parameters: params})
			}
			text = append(text, fill(c.Text, values))
		case "FOOTER":
			text = append(text, c.Text)
		case "BUTTONS":
			for _, b := range c.Buttons {
				if b.Type == "URL" {
					params, err := textParams(b.URL, values, false, maxBodyParamLen)
					if err != nil {
						return Rendered{}, err
					}
					if len(params) > 0 {
						r.Components = append(r.Components, RenderedComponent{Type: "button", SubType: "url", Index: buttonIndex, Parameters: params[:1]})
					}
				}
				buttonIndex++
			}
		}
	}
	r.Text = strings.Join(text, "\n\n")
	return r, nil
}

// textParams returns the text parameters of one piece of template text, in placeholder order.
func textParams(text string, values map[string]string, named bool, maxLen int) ([]Parameter, error) {
	names := placeholders(text)
	if !named {
		// Positional placeholders are sent in numeric order, whatever order the text uses.
		sortPositional(names)
	}
	params := make([]Parameter, 0, len(names))
	for _, n := range names {
		v := values[n]
		if utf8.RuneCountInString(v) > maxLen {
			return nil, Errorf(CodeUnprocessable, "Template variable %s is longer than %d characters", n, maxLen)
		}
		if strings.ContainsAny(v, "\n\t") || strings.Contains(v, "     ") { // WhatsApp allows up to 4
			return nil, Errorf(CodeUnprocessable, "Template variable %s may not contain new lines, tabs or more than 4 consecutive spaces", n)
		}
		p := Parameter{Type: "text", Text: v}
		if named {
			p.Name = n
		}
		params = append(params, p)
	}
	return params, nil
}

func sortPositional(names []string) {
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && num(names[j]) < num(names[j-1]); j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
}

// fill replaces the placeholders of text with their values, for the text a person reads.
func fill(text string, values map[string]string) string {
	return placeholder().ReplaceAllStringFunc(text, func(m string) string {
		return values[placeholder().FindStringSubmatch(m)[1]]
	})
}
