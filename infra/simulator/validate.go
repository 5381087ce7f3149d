package simulator

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/proplink/chat/shared/messaging"
)

var placeholderRE = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_]+)\s*\}\}`)

// placeholderNames returns the distinct placeholders of text in order.
func placeholderNames(text string) []string {
	var names []string
	for _, m := range placeholderRE.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	return names
}

// validate checks a send the way Meta does and returns the template it uses, or the error Meta
// would answer with.
func (s *Simulator) validate(req SendRequest) (messaging.Template, *apiError) {
	fail := func(code int, format string, a ...any) (messaging.Template, *apiError) {
		e := errorFor(code, fmt.Sprintf(format, a...))
		return messaging.Template{}, &e
	}
	switch {
	case req.MessagingProduct == "":
		return fail(100, "The parameter messaging_product is required.")
	case req.MessagingProduct != "whatsapp":
		return fail(100, "Param messaging_product must be one of {WHATSAPP} - got %q.", req.MessagingProduct)
	case req.RecipientType != "" && req.RecipientType != "individual":
		return fail(100, "Param recipient_type must be individual - got %q.", req.RecipientType)
	case !digitsOnly.MatchString(req.To):
		return fail(100, "Param to must be the recipient's phone number in digits, with country code and no plus - got %q.", req.To)
	case req.Type == "text":
		if e := validateText(req); e != nil {
			return messaging.Template{}, e
		}
		return messaging.Template{}, nil
	case req.Type == "interactive":
		return messaging.Template{}, validateInteractive(req)
	case mediaSendTypes[req.Type]:
		return messaging.Template{}, s.validateMediaSend(req)
	case req.Type != "template":
		return fail(100, "The simulator only accepts template and text messages - got type %q.", req.Type)
	case req.Template == nil || req.Template.Name == "":
		return fail(131008, "The parameter template.name is required.")
	case req.Template.Language.Code == "":
		return fail(131008, "The parameter template.language.code is required.")
	}
	tpl, ok := s.template(req.Template.Name, req.Template.Language.Code)
	if !ok {
		return fail(132001, "template name (%s) does not exist in %s", req.Template.Name, req.Template.Language.Code)
	}
	switch tpl.Status {
	case messaging.TemplateApproved:
	case messaging.TemplatePaused:
		return fail(132015, "Template %s (%s) is paused.", tpl.Name, tpl.Language)
	case messaging.TemplateDisabled:
		return fail(132016, "Template %s (%s) is disabled.", tpl.Name, tpl.Language)
	default:
		return fail(132001, "template name (%s) in %s is %s, not APPROVED", tpl.Name, tpl.Language, tpl.Status)
	}
	if e := checkParams(tpl, req.Template.Components); e != nil {
		return messaging.Template{}, e
	}
	return tpl, nil
}

// expectation is what one component of a send must carry.
type expectation struct {
	key   string   // header, body, button/<index>
	media string   // image, video, document for a media header
	names []string // placeholders, for text
}

// expectations lists what a template's components need, keyed like the send's components.
func expectations(tpl messaging.Template) map[string]expectation {
	out := map[string]expectation{}
	for _, c := range tpl.Components {
		switch c.Type {
		case "HEADER":
			switch c.Format {
			case "IMAGE", "VIDEO", "DOCUMENT":
				out["header"] = expectation{key: "header", media: strings.ToLower(c.Format)}
			default:
				if n := placeholderNames(c.Text); len(n) > 0 {
					out["header"] = expectation{key: "header", names: n}
				}
			}
		case "BODY":
			if n := placeholderNames(c.Text); len(n) > 0 {
				out["body"] = expectation{key: "body", names: n}
			}
		case "BUTTONS":
			for i, b := range c.Buttons {
				if b.Type == "URL" && len(placeholderNames(b.URL)) > 0 {
					k := "button/" + strconv.Itoa(i)
					out[k] = expectation{key: k, names: placeholderNames(b.URL)[:1]}
				}
			}
		}
	}
	return out
}

// componentKey names a sent component like expectations does; ok is false for an unreadable one.
func componentKey(c ComponentParams) (string, bool) {
	switch strings.ToLower(c.Type) {
	case "header", "body":
		return strings.ToLower(c.Type), true
	case "button":
		idx, err := strconv.Atoi(strings.Trim(string(c.Index), `"`))
		if err != nil || idx < 0 || strings.ToLower(c.SubType) != "url" {
			return "", false
		}
		return "button/" + strconv.Itoa(idx), true
	}
	return "", false
}

// checkParams compares the sent components with the template's placeholders.
func checkParams(tpl messaging.Template, comps []ComponentParams) *apiError {
	want := expectations(tpl)
	got := map[string]ComponentParams{}
	for _, c := range comps {
		k, ok := componentKey(c)
		if !ok {
			e := errorFor(100, fmt.Sprintf("Component of type %q (sub_type %q, index %s) is not valid for this template.", c.Type, c.SubType, c.Index))
			return &e
		}
		got[k] = c
	}
	keys := []string{}
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	named := tpl.ParameterFormat == messaging.FormatNamed
	for _, k := range keys {
		if e := checkComponent(k, want[k], got[k].Parameters, named && !strings.HasPrefix(k, "button/")); e != nil {
			return e
		}
	}
	return nil
}

// checkComponent checks one component's parameters against what the template expects.
func checkComponent(key string, want expectation, params []Param, named bool) *apiError {
	mismatch := func(format string, a ...any) *apiError {
		e := errorFor(132000, key+": "+fmt.Sprintf(format, a...))
		return &e
	}
	if want.media != "" {
		if len(params) != 1 {
			return mismatch("number of parameters (%d) does not match the expected number of params (1)", len(params))
		}
		p := params[0]
		m := map[string]*Media{"image": p.Image, "video": p.Video, "document": p.Document}[want.media]
		if p.Type != want.media || m == nil || (m.ID == "") == (m.Link == "") {
			e := errorFor(132012, fmt.Sprintf("header: expected a %s parameter with an id or an https link", want.media))
			return &e
		}
		return nil
	}
	if len(params) != len(want.names) {
		return mismatch("number of parameters (%d) does not match the expected number of params (%d)", len(params), len(want.names))
	}
	for i, p := range params {
		if p.Type != "text" {
			e := errorFor(132012, fmt.Sprintf("%s: parameter %d is of type %q; the template expects text", key, i+1, p.Type))
			return &e
		}
		if strings.TrimSpace(p.Text) == "" {
			e := errorFor(131008, fmt.Sprintf("%s: parameter %d has no text", key, i+1))
			return &e
		}
		if named && !slices.Contains(want.names, p.ParameterName) {
			if p.ParameterName == "" {
				return mismatch("parameter %d has no parameter_name; the template uses named parameters %v", i+1, want.names)
			}
			return mismatch("parameter name %q does not exist in the template; expected %v", p.ParameterName, want.names)
		}
	}
	if named {
		seen := map[string]bool{}
		for _, p := range params {
			if seen[p.ParameterName] {
				return mismatch("parameter name %q is given twice", p.ParameterName)
			}
			seen[p.ParameterName] = true
		}
	}
	return nil
}
