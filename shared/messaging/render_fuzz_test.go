package messaging

import (
	"strings"
	"testing"
)

// FuzzRender renders a fuzzed template (header, body and a URL button built from fuzzed text) with
// fuzzed values. It never panics; when every variable has a brace-free value and the template's
// own text holds no stray "{{", the text a person reads holds no "{{" either.
func FuzzRender(f *testing.F) {
	f.Add("Job {{1}}", "Hi {{2}}, see you {{ 1 }}", "https://x/{{3}}", "POSITIONAL", "a", "b", "c")
	f.Add("", "Hi {{first_name}} {{date}}", "", "NAMED", "Ann", "2 March", "")
	f.Add("{{{{a}}}}", "{{a}}{{b}}", "{{c}}", "NAMED", "x", "y", "z")
	f.Add("h", "b\n{{a}}", "", "NAMED", "line\nbreak", "", "")
	f.Fuzz(func(t *testing.T, header, body, url, format, v1, v2, v3 string) {
		components := []Component{
			{Type: "HEADER", Format: "TEXT", Text: header},
			{Type: "BODY", Text: body},
			{Type: "FOOTER", Text: "footer"},
			{Type: "BUTTONS", Buttons: []Button{{Type: "QUICK_REPLY", Text: "Stop"}, {Type: "URL", URL: url}}},
		}
		tp := Template{ParameterFormat: format, Components: components, Variables: DeriveVariables(components)}
		pool := []string{v1, v2, v3}
		values := map[string]string{}
		for i, v := range tp.Variables {
			values[v] = pool[i%len(pool)]
		}
		r, err := tp.Render(values)
		if err != nil {
			if ErrorCode(err) != CodeUnprocessable {
				t.Fatalf("Render error %v has code %q, want %q", err, ErrorCode(err), CodeUnprocessable)
			}
			return
		}
		for _, v := range tp.Variables {
			if strings.TrimSpace(values[v]) == "" {
				t.Fatalf("Render accepted blank value for %q", v)
			}
		}
		for _, c := range r.Components {
			if len(c.Parameters) == 0 {
				t.Fatalf("rendered component %+v has no parameters", c)
			}
		}
		braceFree := true
		for _, v := range values {
			braceFree = braceFree && !strings.ContainsAny(v, "{}")
		}
		stray := false
		for _, s := range []string{header, body} {
			stray = stray || strings.Contains(placeholder().ReplaceAllString(s, ""), "{")
		}
		if braceFree && !stray && strings.Contains(r.Text, "{{") {
			t.Fatalf("rendered text %q still holds a placeholder (values %v)", r.Text, values)
		}
	})
}
