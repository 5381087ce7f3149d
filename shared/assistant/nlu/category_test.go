package nlu

import (
	"strings"
	"testing"
)

func TestFindLabel(t *testing.T) {
	tests := []struct {
		name                   string
		in                     string
		category, wantPriority string
	}{
		{name: "leak", in: "kitchen tap leaking", category: CategoryMaintenance},
		{name: "noise", in: "loud music next door", category: CategoryASB},
		{name: "fire alarm before maintenance", in: "fire alarm broken", category: CategoryCompliance},
		{name: "insurance", in: "insurance claim for water damage", category: CategoryInsurance},
		{name: "account", in: "I was charged twice", category: CategoryAccount},
		{name: "complaint", in: "I want to complain about the cleaners", category: CategoryComplaint},
		{name: "query", in: "question about my lease", category: CategoryQuery},
		{name: "urgent", in: "urgent leak", category: CategoryMaintenance, wantPriority: PriorityUrgent},
		{name: "asap", in: "fix it asap", category: CategoryMaintenance, wantPriority: PriorityUrgent},
		{name: "not urgent is low", in: "not urgent, a bulb", category: CategoryMaintenance, wantPriority: PriorityLow},
		{name: "high", in: "high priority please", wantPriority: PriorityHigh},
		{name: "medium", in: "medium", wantPriority: PriorityMedium},
		{name: "nothing", in: "hello there"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := words(tokenize(strings.ToLower(tt.in)))
			c, _, _ := findLabel(categories, ws)
			p, _, _ := findLabel(priorities, ws)
			if c != tt.category || p != tt.wantPriority {
				t.Errorf("findLabel(%q) = %q, %q; want %q, %q", tt.in, c, p, tt.category, tt.wantPriority)
			}
		})
	}
}
