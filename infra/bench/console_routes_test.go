package bench

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/console"
)

// TestConsoleDelegationsAreTheTemplatesRoutes holds template.yaml to console.Delegations, the
// one table of which function serves each console path a platform route answers: a path whose
// route validates a phone number or carries attachments is an event of ApiFunction (the
// function that serves the route itself), every other one is no event and reaches
// ConsoleFunction's /console/{proxy+}; and no other /console/api/ path is an event.
func TestConsoleDelegationsAreTheTemplatesRoutes(t *testing.T) {
	root, err := motoserver.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := local.LoadTemplate(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	served := map[string][]string{} // route key (METHOD path) -> functions with that event
	for _, id := range tpl.OfType("AWS::Serverless::Function") {
		events, _ := tpl.Resources[id].Properties["Events"].(map[string]any)
		for _, ev := range events {
			ev, _ := ev.(map[string]any)
			p, _ := ev["Properties"].(map[string]any)
			path, _ := p["Path"].(string)
			method, _ := p["Method"].(string)
			if ev["Type"] == "HttpApi" {
				key := strings.ToUpper(method) + " " + path
				served[key] = append(served[key], id)
			}
		}
	}
	if got, want := served["ANY /console/{proxy+}"], []string{console.ConsoleFunction}; !slices.Equal(got, want) {
		t.Fatalf("ANY /console/{proxy+} is served by %v, want %v", got, want)
	}
	paths := map[string]bool{}
	for _, d := range console.Delegations {
		paths[d.Path] = true
		t.Run(d.Path, func(t *testing.T) {
			needs := api.ValidatesNumbers(d.Route) || api.CarriesAttachments(d.Route)
			var want []string // the functions with an event for the path
			switch {
			case d.Function == console.APIFunction && needs:
				want = []string{console.APIFunction}
				if got := served[d.Route]; !slices.Equal(got, want) {
					t.Errorf("its route %s is served by %v, want %v", d.Route, got, want)
				}
			case d.Function == console.ConsoleFunction && !needs:
			default:
				t.Fatalf("the table names %s for route %s (validates a number or carries attachments: %v); "+
					"want ApiFunction exactly when it does", d.Function, d.Route, needs)
			}
			for key, fns := range served {
				if _, path, _ := strings.Cut(key, " "); path == d.Path && !slices.Equal(fns, want) {
					t.Errorf("%s is served by %v, want %v", key, fns, want)
				}
			}
			if want != nil && len(served["ANY "+d.Path]) == 0 {
				t.Errorf("no event ANY %s; want one of %v", d.Path, want)
			}
		})
	}
	for key, fns := range served {
		if _, path, _ := strings.Cut(key, " "); strings.HasPrefix(path, "/console/api/") && !paths[path] {
			t.Errorf("%s (%v) is no path of console.Delegations", key, fns)
		}
	}
}
