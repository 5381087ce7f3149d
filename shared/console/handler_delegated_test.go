package console

import (
	"slices"
	"strings"
	"testing"
)

// Every console path delegated to the platform API names a route of DelegatedRoutes, so the
// link check in infra/bench sees every route the console serves.
func TestDelegatedRoutesListsEveryDelegation(t *testing.T) {
	paths := []string{"templates", "send", "attachments", "attachments/a1", "conversations/c1",
		"conversations/c1/messages", "conversations/c1/handover", "jobs/1", "jobs/1/case-notes"}
	seen := map[string]bool{}
	for _, p := range paths {
		key, _, ok := delegated(strings.Split(p, "/"))
		if !ok {
			t.Fatalf("delegated(%q) = not delegated", p)
		}
		if !slices.Contains(DelegatedRoutes, key) {
			t.Errorf("delegated(%q) = %q, not in DelegatedRoutes", p, key)
		}
		seen[key] = true
	}
	if got, want := len(seen), len(DelegatedRoutes); got != want {
		t.Errorf("paths reach %d routes, DelegatedRoutes lists %d", got, want)
	}
}
