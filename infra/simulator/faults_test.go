package simulator

import (
	"strings"
	"testing"
)

func TestFaults(t *testing.T) {
	tests := []struct {
		name       string
		fault      Fault
		wantStatus int
		wantCode   int
	}{
		{"throughput", Fault{Code: 130429}, 400, 130429},
		{"unknown error", Fault{Code: 131000}, 500, 131000},
		{"re-engagement", Fault{Code: 131047}, 400, 131047},
		{"undeliverable", Fault{Code: 131026}, 400, 131026},
		{"parameter mismatch", Fault{Code: 132000}, 400, 132000},
		{"expired token", Fault{Code: 190}, 401, 190},
		{"pair rate", Fault{Code: 131056}, 400, 131056},
		{"code with status override", Fault{Code: 131000, HTTPStatus: 503}, 503, 131000},
		{"http 429", Fault{HTTPStatus: 429}, 429, 4},
		{"http 500", Fault{HTTPStatus: 500}, 500, 1},
		{"http 503", Fault{HTTPStatus: 503}, 503, 2},
		{"http 502 is not JSON", Fault{HTTPStatus: 502}, 502, 0},
		{"delay only then success", Fault{Delay: 1}, 200, 0},
		{"for this recipient", Fault{Code: 131026, To: "+447700900123"}, 400, 131026},
		{"for another recipient", Fault{Code: 131026, To: "447700900999"}, 200, 0},
		{"for template listing only", Fault{Code: 131000, Path: PathTemplates}, 200, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := New(Options{})
			sim.Script(tt.fault)
			got := call(t, sim.Handler(), "POST", sendPath, bearer, reminderBody("447700900123"))
			if got.Status != tt.wantStatus || got.errorCode() != tt.wantCode {
				t.Fatalf("got %d code %d, want %d code %d: %s", got.Status, got.errorCode(), tt.wantStatus, tt.wantCode, got.Raw)
			}
			if tt.fault.HTTPStatus == 502 && !strings.Contains(got.Raw, "<html>") {
				t.Errorf("body: got %q, want a gateway's HTML page", got.Raw)
			}
			wantSent := 0
			if tt.wantStatus == 200 {
				wantSent = 1
			}
			if n := len(sim.Sent()); n != wantSent {
				t.Errorf("sent: got %d, want %d", n, wantSent)
			}
		})
	}
}

func TestFaultsAreConsumedInOrder(t *testing.T) {
	sim := New(Options{})
	sim.Script(Fault{Code: 130429, Count: 2})
	sim.Script(Fault{Code: 131000})
	h := sim.Handler()
	var got []int
	for range 5 {
		a := call(t, h, "POST", sendPath, bearer, reminderBody("447700900123"))
		got = append(got, a.errorCode())
	}
	want := []int{130429, 130429, 131000, 0, 0}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("codes: got %v, want %v", got, want)
		}
	}
}

func TestTemplateFault(t *testing.T) {
	sim := New(Options{})
	sim.Script(Fault{Code: 131000, Path: PathTemplates})
	h := sim.Handler()
	if a := call(t, h, "GET", "/v21.0/102290129340398/message_templates", bearer, ""); a.Status != 500 || a.errorCode() != 131000 {
		t.Errorf("first listing: got %d %s, want 500 131000", a.Status, a.Raw)
	}
	if a := call(t, h, "GET", "/v21.0/102290129340398/message_templates", bearer, ""); a.Status != 200 {
		t.Errorf("second listing: got %d %s, want 200", a.Status, a.Raw)
	}
}
