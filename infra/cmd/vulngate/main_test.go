package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestGate(t *testing.T) {
	const config = `{"config":{"protocol_version":"v1.0.0","go_version":"go1.26.8"}}`
	const stdlibCalled = `{"finding":{"osv":"GO-2026-0001","fixed_version":"v1.26.9","trace":[{"module":"stdlib","version":"v1.26.8","package":"net/http","function":"Serve"}]}}`
	const moduleCalled = `{"finding":{"osv":"GO-2026-0002","fixed_version":"v0.39.0","trace":[{"module":"golang.org/x/text","version":"v0.23.0","package":"golang.org/x/text/unicode/norm","function":"Form.String"}]}}`
	const moduleImported = `{"finding":{"osv":"GO-2026-0003","fixed_version":"v1.2.0","trace":[{"module":"example.com/m","version":"v1.0.0","package":"example.com/m/p"}]}}`
	tests := []struct {
		name    string
		in      string
		want    int
		wantOut []string
	}{
		{"nothing", config, 0, []string{"vulngate: 0 called vulnerabilities (0 in required modules)"}},
		{"standard library only warns", config + "\n" + stdlibCalled + stdlibCalled, 0,
			[]string{"warning: GO-2026-0001 in the standard library of go1.26.8: fixed in Go 1.26.9", "1 called vulnerabilities (0 in required modules)"}},
		{"a called module fails", config + moduleCalled + "\n" + stdlibCalled, 1,
			[]string{"error: GO-2026-0002 in golang.org/x/text@v0.23.0: fixed in v0.39.0", "2 called vulnerabilities (1 in required modules)"}},
		{"imported but not called is not counted", moduleImported, 0, []string{"0 called vulnerabilities"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			got, err := gate(strings.NewReader(tt.in), &out)
			if err != nil || got != tt.want {
				t.Fatalf("got %d, %v, want %d", got, err, tt.want)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output %q: want %q", out.String(), w)
				}
			}
		})
	}
	if _, err := gate(strings.NewReader(`{"finding":`), &bytes.Buffer{}); err == nil {
		t.Error("truncated input: got nil, want an error")
	}
}
