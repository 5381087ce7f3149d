package simulator

import (
	"testing"
)

func TestControlAPI(t *testing.T) {
	sim := New(Options{})
	h := sim.Handler()
	steps := []struct {
		name, method, target, body string
		header                     map[string]string
		wantStatus                 int
	}{
		{"health", "GET", "/_sim/health", "", nil, 200},
		{"bad fault", "POST", "/_sim/faults", `{"path":"media"}`, nil, 400},
		{"queue a fault", "POST", "/_sim/faults", `{"code":131047,"count":1,"to":"447700900123","delay_ms":1}`, nil, 201},
		{"faulted send", "POST", sendPath, reminderBody("447700900123"), bearer, 400},
		{"send", "POST", sendPath, reminderBody("447700900123"), bearer, 200},
		{"clear faults", "DELETE", "/_sim/faults", "", nil, 204},
		{"list messages", "GET", "/_sim/messages", "", nil, 200},
		{"clear messages", "DELETE", "/_sim/messages", "", nil, 204},
		{"bad template", "POST", "/_sim/templates", `{"name":""}`, nil, 400},
		{"add template", "POST", "/_sim/templates", `{"name":"key_collection","language":"en_GB","category":"UTILITY","components":[{"type":"BODY","text":"Collect keys at {{1}}"}]}`, nil, 200},
		{"list templates", "GET", "/_sim/templates", "", nil, 200},
	}
	for _, s := range steps {
		a := call(t, h, s.method, s.target, s.header, s.body)
		if a.Status != s.wantStatus {
			t.Fatalf("%s: got %d %s, want %d", s.name, a.Status, a.Raw, s.wantStatus)
		}
		switch s.name {
		case "faulted send":
			if a.errorCode() != 131047 {
				t.Errorf("%s: got %s, want code 131047", s.name, a.Raw)
			}
		case "list messages":
			if len(sim.Sent()) != 1 || a.Raw[0] != '[' {
				t.Errorf("%s: got %s, want one message", s.name, a.Raw)
			}
		}
	}
	if n := len(sim.Sent()); n != 0 {
		t.Errorf("after DELETE: got %d messages, want 0", n)
	}
	tpls := sim.Templates()
	last := tpls[len(tpls)-1]
	if last.Name != "key_collection" || last.Status != "APPROVED" || len(last.Variables) != 1 || last.ProviderID == "" {
		t.Errorf("added template: got %+v", last)
	}
}
