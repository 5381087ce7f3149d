package nlu

import (
	"slices"
	"testing"
)

func TestFill(t *testing.T) {
	v := mustVocabulary(t)
	tests := []struct {
		name   string
		want   EntityKind
		in     string
		intent Intent
		kind   EntityKind
		values []string
	}{
		{name: "unit by label", want: KindUnit, in: "flat 3", intent: IntentChoose, kind: KindUnit, values: []string{"unit-riverside-3"}},
		{name: "bare number for a unit is a choice", want: KindUnit, in: "2", intent: IntentChoose, kind: KindChoice, values: []string{"2"}},
		{name: "bare number for a unit names units too", want: KindUnit, in: "2", intent: IntentChoose, kind: KindUnit, values: []string{"unit-harbour-2", "unit-riverside-2"}},
		{name: "ordinal", want: KindContact, in: "the second one", intent: IntentChoose, kind: KindChoice, values: []string{"2"}},
		{name: "site narrows units", want: KindUnit, in: "the harbour one", intent: IntentChoose, kind: KindSite, values: []string{"site-harbour"}},
		{name: "site", want: KindSite, in: "Riverside", intent: IntentChoose, kind: KindSite, values: []string{"site-riverside"}},
		{name: "contact still ambiguous", want: KindContact, in: "smith", intent: IntentChoose, kind: KindContact, values: []string{"c-jane", "c-john"}},
		{name: "category by name", want: KindCategory, in: "maintenance", intent: IntentChoose, kind: KindCategory, values: []string{CategoryMaintenance}},
		{name: "category by words", want: KindCategory, in: "it's about the noise", intent: IntentChoose, kind: KindCategory, values: []string{CategoryASB}},
		{name: "priority", want: KindPriority, in: "asap", intent: IntentChoose, kind: KindPriority, values: []string{PriorityUrgent}},
		{name: "bare ticket number this year", want: KindTicket, in: "107", intent: IntentChoose, kind: KindTicket, values: []string{"TKT-2026-0107"}},
		{name: "period", want: KindPeriod, in: "april", intent: IntentChoose, kind: KindPeriod, values: []string{"2026-04"}},
		{name: "date", want: KindDate, in: "next monday", intent: IntentChoose, kind: KindDate, values: []string{"2026-05-18"}},
		{name: "cancel", want: KindUnit, in: "cancel", intent: IntentConfirmNo},
		{name: "change of subject", want: KindUnit, in: "actually what's Sam Taylor's balance", intent: IntentBalance, kind: KindContact, values: []string{"c-sam"}},
		{name: "nonsense", want: KindUnit, in: "purple", intent: IntentUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Fill(tt.in, tt.want, RoleStaff, v, thursday)
			if r.Intent != tt.intent {
				t.Errorf("Fill(%q, %s) = %s, want %s\ntrace: %v", tt.in, tt.want, r.Intent, tt.intent, r.Trace)
			}
			if tt.kind == "" {
				return
			}
			if got := entityValues(r, tt.kind); !slices.Equal(got, tt.values) {
				t.Errorf("Fill(%q, %s) %s = %v, want %v\ntrace: %v", tt.in, tt.want, tt.kind, got, tt.values, r.Trace)
			}
		})
	}
}
