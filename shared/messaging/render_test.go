package messaging

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tpl builds a template from components with its variables derived, as the template sync does.
func tpl(format string, components ...Component) Template {
	return Template{Name: "t", Language: "en_GB", Status: TemplateApproved, ParameterFormat: format,
		Components: components, Variables: DeriveVariables(components)}
}

func TestRender(t *testing.T) {
	tests := []struct {
		name   string
		tpl    Template
		values map[string]string
		want   Rendered
	}{
		{
			name:   "named body",
			tpl:    tpl(FormatNamed, Component{Type: "BODY", Text: "Hi {{tenant_first_name}}, see you on {{appointment_date}}."}),
			values: map[string]string{"tenant_first_name": "Ann", "appointment_date": "Monday 2 March 2026", "unused": "x"},
			want: Rendered{
				Components: []RenderedComponent{{Type: "body", Parameters: []Parameter{
					{Type: "text", Name: "tenant_first_name", Text: "Ann"},
					{Type: "text", Name: "appointment_date", Text: "Monday 2 March 2026"},
				}}},
				Text: "Hi Ann, see you on Monday 2 March 2026.",
			},
		},
		{
			name:   "positional params go in numeric order whatever the text order",
			tpl:    tpl(FormatPositional, Component{Type: "BODY", Text: "{{2}} then {{10}} then {{1}}"}),
			values: map[string]string{"1": "one", "2": "two", "10": "ten"},
			want: Rendered{
				Components: []RenderedComponent{{Type: "body", Parameters: []Parameter{
					{Type: "text", Text: "one"}, {Type: "text", Text: "two"}, {Type: "text", Text: "ten"},
				}}},
				Text: "two then ten then one",
			},
		},
		{
			name:   "repeated placeholder is one parameter",
			tpl:    tpl(FormatNamed, Component{Type: "BODY", Text: "{{a}} and {{ a }}"}),
			values: map[string]string{"a": "x"},
			want: Rendered{
				Components: []RenderedComponent{{Type: "body", Parameters: []Parameter{{Type: "text", Name: "a", Text: "x"}}}},
				Text:       "x and x",
			},
		},
		{
			name: "text header, body and footer",
			tpl: tpl(FormatNamed,
				Component{Type: "HEADER", Format: "TEXT", Text: "Job {{job_ref}}"},
				Component{Type: "BODY", Text: "At {{property_address}}"},
				Component{Type: "FOOTER", Text: "PropLink"}),
			values: map[string]string{"job_ref": "JOB-001", "property_address": "1 High St"},
			want: Rendered{
				Components: []RenderedComponent{
					{Type: "header", Parameters: []Parameter{{Type: "text", Name: "job_ref", Text: "JOB-001"}}},
					{Type: "body", Parameters: []Parameter{{Type: "text", Name: "property_address", Text: "1 High St"}}},
				},
				Text: "Job JOB-001\n\nAt 1 High St\n\nPropLink",
			},
		},
		{
			name:   "image header by media id",
			tpl:    tpl(FormatNamed, Component{Type: "HEADER", Format: "IMAGE"}, Component{Type: "BODY", Text: "Photo"}),
			values: map[string]string{"header_image": "1234567890"},
			want: Rendered{
				Components: []RenderedComponent{{Type: "header", Parameters: []Parameter{{Type: "image", Media: "1234567890"}}}},
				Text:       "Photo",
			},
		},
		{
			name:   "document header by link",
			tpl:    tpl(FormatNamed, Component{Type: "HEADER", Format: "DOCUMENT"}, Component{Type: "BODY", Text: "Invoice"}),
			values: map[string]string{"header_document": "https://example.com/i.pdf"},
			want: Rendered{
				Components: []RenderedComponent{{Type: "header", Parameters: []Parameter{{Type: "document", Media: "https://example.com/i.pdf"}}}},
				Text:       "Invoice",
			},
		},
		{
			name: "URL button index counts every button",
			tpl: tpl(FormatPositional,
				Component{Type: "BODY", Text: "Pay {{1}}"},
				Component{Type: "BUTTONS", Buttons: []Button{
					{Type: "QUICK_REPLY", Text: "Stop"},
					{Type: "URL", Text: "Pay", URL: "https://pay.example.com/{{2}}"},
					{Type: "URL", Text: "Site", URL: "https://example.com"},
				}}),
			values: map[string]string{"1": "£10", "2": "inv-42"},
			want: Rendered{
				Components: []RenderedComponent{
					{Type: "body", Parameters: []Parameter{{Type: "text", Text: "£10"}}},
					{Type: "button", SubType: "url", Index: 1, Parameters: []Parameter{{Type: "text", Text: "inv-42"}}},
				},
				Text: "Pay £10",
			},
		},
		{
			name:   "no variables",
			tpl:    tpl(FormatNamed, Component{Type: "BODY", Text: "Hello"}),
			values: nil,
			want:   Rendered{Text: "Hello"},
		},
		{
			name:   "values holding braces are not expanded again",
			tpl:    tpl(FormatNamed, Component{Type: "BODY", Text: "{{a}} {{b}}"}),
			values: map[string]string{"a": "{{b}}", "b": "B"},
			want: Rendered{
				Components: []RenderedComponent{{Type: "body", Parameters: []Parameter{
					{Type: "text", Name: "a", Text: "{{b}}"}, {Type: "text", Name: "b", Text: "B"},
				}}},
				Text: "{{b}} B",
			},
		},
		{
			name:   "four consecutive spaces are allowed",
			tpl:    tpl(FormatNamed, Component{Type: "BODY", Text: "{{a}}"}),
			values: map[string]string{"a": "x    y"},
			want: Rendered{
				Components: []RenderedComponent{{Type: "body", Parameters: []Parameter{{Type: "text", Name: "a", Text: "x    y"}}}},
				Text:       "x    y",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.tpl.Render(tt.values)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Render (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRenderRefuses(t *testing.T) {
	body := tpl(FormatNamed, Component{Type: "BODY", Text: "{{a}} {{b}} {{c}}"})
	header := tpl(FormatNamed, Component{Type: "HEADER", Format: "TEXT", Text: "{{h}}"}, Component{Type: "BODY", Text: "{{b}}"})
	image := tpl(FormatNamed, Component{Type: "HEADER", Format: "IMAGE"}, Component{Type: "BODY", Text: "{{b}}"})
	button := tpl(FormatPositional, Component{Type: "BODY", Text: "{{1}}"},
		Component{Type: "BUTTONS", Buttons: []Button{{Type: "URL", URL: "https://x.example/{{2}}"}}})
	tests := []struct {
		name    string
		tpl     Template
		values  map[string]string
		message string
	}{
		{name: "every missing variable is named", tpl: body, values: map[string]string{"b": "B"},
			message: "Missing value for template variable: a, c"},
		{name: "blank counts as missing", tpl: body, values: map[string]string{"a": " ", "b": "\t", "c": "C"},
			message: "Missing value for template variable: a, b"},
		{name: "nil values", tpl: body, values: nil,
			message: "Missing value for template variable: a, b, c"},
		{name: "missing media", tpl: image, values: map[string]string{"b": "B"},
			message: "Missing value for template variable: header_image"},
		{name: "body param too long", tpl: body, values: map[string]string{"a": strings.Repeat("x", 1025), "b": "B", "c": "C"},
			message: "Template variable a is longer than 1024 characters"},
		{name: "header param too long", tpl: header, values: map[string]string{"h": strings.Repeat("é", 61), "b": "B"},
			message: "Template variable h is longer than 60 characters"},
		{name: "newline", tpl: body, values: map[string]string{"a": "A", "b": "line\nbreak", "c": "C"},
			message: "Template variable b may not contain new lines, tabs or more than 4 consecutive spaces"},
		{name: "tab", tpl: body, values: map[string]string{"a": "A", "b": "B", "c": "x\ty"},
			message: "Template variable c may not contain new lines, tabs or more than 4 consecutive spaces"},
		{name: "five spaces", tpl: body, values: map[string]string{"a": "x     y", "b": "B", "c": "C"},
			message: "Template variable a may not contain new lines, tabs or more than 4 consecutive spaces"},
		{name: "newline in URL button param", tpl: button, values: map[string]string{"1": "A", "2": "x\ny"},
			message: "Template variable 2 may not contain new lines, tabs or more than 4 consecutive spaces"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.tpl.Render(tt.values)
			if got, want := ErrorCode(err), CodeUnprocessable; got != want {
				t.Fatalf("code = %q (err %v), want %q", got, err, want)
			}
			if got := ErrorMessage(err); got != tt.message {
				t.Errorf("message = %q, want %q", got, tt.message)
			}
		})
	}
}

func TestRenderLimitsCountRunes(t *testing.T) {
	tp := tpl(FormatNamed, Component{Type: "HEADER", Format: "TEXT", Text: "{{h}}"})
	if _, err := tp.Render(map[string]string{"h": strings.Repeat("é", 60)}); err != nil {
		t.Errorf("60 two-byte runes in a header: %v, want accepted", err)
	}
}
