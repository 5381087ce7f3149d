package api

import (
	"context"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/console"
	"github.com/proplink/chat/shared/messaging"
)

// TestForConsoleServesTheConsolesOwnRoutes holds ForConsole to the routes console.Delegations
// gives ConsoleFunction: each method of each is answered (no panic on a field ForConsole leaves
// unset, no "not wired"), and the routes it gives ApiFunction are not found.
func TestForConsoleServesTheConsolesOwnRoutes(t *testing.T) {
	staff := messaging.Principal{OrgID: "org1", UserID: "u1", Name: "Sam",
		Permissions: []string{messaging.PermWhatsAppSend, messaging.PermCaseNotesView, messaging.PermJobsManage}}
	params := map[string]string{"conversation_id": "c" + strings.Repeat("a", 24), "job_id": "1050", "attachment_id": "01JATT"}
	for _, d := range console.Delegations {
		rt, ok := routes[d.Route]
		if !ok {
			t.Errorf("%s: no route %s", d.Path, d.Route)
			continue
		}
		for _, m := range rt.Methods {
			t.Run(d.Function+" "+m+" "+d.Route, func(t *testing.T) {
				w := newWorld()
				conv := messaging.Conversation{ID: params["conversation_id"], OrgID: "org1", Phone: "+447700900123"}
				a := ForConsole(w.api.Store, &memConversations{convs: map[string]messaging.Conversation{conv.ID: conv}}, w.api.Handovers, w.api.Now)
				r := req(m, d.Route, strings.TrimPrefix(d.Route, "ANY "), "", "{}")
				r.PathParameters = params
				resp := a.HandleAs(context.Background(), staff, r)
				switch {
				case d.Function == console.ConsoleFunction && resp.StatusCode >= 500:
					t.Errorf("answer = %d %s, want it served", resp.StatusCode, resp.Body)
				case d.Function == console.APIFunction && resp.StatusCode != 404:
					t.Errorf("answer = %d %s, want 404 (ApiFunction's route)", resp.StatusCode, resp.Body)
				}
			})
		}
	}
}
