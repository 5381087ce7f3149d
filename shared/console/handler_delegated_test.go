package console

import (
	"regexp"
	"strings"
	"testing"
)

// Each delegated path is answered by the function Delegations names and no other: the other
// one answers not found without calling the platform API, so a path the template routed to the
// wrong function fails loudly instead of running where its libraries are missing.
func TestEachDelegatedPathServedOnlyByItsFunction(t *testing.T) {
	param := regexp.MustCompile(`\{[a-z_]+\}`)
	for _, d := range Delegations {
		path := param.ReplaceAllString(d.Path, "c"+strings.Repeat("a", 24))
		for _, fn := range []string{ConsoleFunction, APIFunction} {
			t.Run(fn+" "+d.Path, func(t *testing.T) {
				w := newWorld(t)
				resp := w.doAt(t, fn, "GET", path, "", nil)
				switch {
				case fn == d.Function && len(w.api.calls) != 1:
					t.Errorf("got %d %s with %d platform API calls, want it served", resp.StatusCode, resp.Body, len(w.api.calls))
				case fn == d.Function && w.api.calls[0].r.RouteKey != d.Route:
					t.Errorf("route %q, want %q", w.api.calls[0].r.RouteKey, d.Route)
				case fn != d.Function && (resp.StatusCode != 404 || len(w.api.calls) != 0):
					t.Errorf("got %d %s with %d platform API calls, want 404 and none", resp.StatusCode, resp.Body, len(w.api.calls))
				}
			})
		}
	}
}

// Every delegation names a console path under /console/api/ whose parameters are its route's,
// and one of the two functions.
func TestDelegationsAreWellFormed(t *testing.T) {
	param := regexp.MustCompile(`\{[a-z_]+\}`)
	seen := map[string]bool{}
	for _, d := range Delegations {
		t.Run(d.Path, func(t *testing.T) {
			if !strings.HasPrefix(d.Path, "/console/api/") || !strings.HasPrefix(d.Route, "ANY /api/") {
				t.Errorf("path %q, route %q: want /console/api/… served by ANY /api/…", d.Path, d.Route)
			}
			if got, want := strings.Join(param.FindAllString(d.Path, -1), ","), strings.Join(param.FindAllString(d.Route, -1), ","); got != want {
				t.Errorf("path parameters %q, route's %q", got, want)
			}
			if d.Function != ConsoleFunction && d.Function != APIFunction {
				t.Errorf("function %q, want %s or %s", d.Function, ConsoleFunction, APIFunction)
			}
			if seen[d.Path] {
				t.Errorf("path listed twice")
			}
			seen[d.Path] = true
		})
	}
}
