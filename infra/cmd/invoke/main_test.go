package main

import "testing"

func TestExpand(t *testing.T) {
	vals := map[string]string{"API_TOKEN": "plk_demo_abc"}
	tests := []struct{ in, want string }{
		{`{"authorization": "Bearer ${API_TOKEN}"}`, `{"authorization": "Bearer plk_demo_abc"}`},
		{`{"stage": "$default"}`, `{"stage": "$default"}`},
		{`{"x": "${UNKNOWN}"}`, `{"x": "${UNKNOWN}"}`},
	}
	for _, tt := range tests {
		if got := string(expand([]byte(tt.in), vals)); got != tt.want {
			t.Errorf("expand(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
