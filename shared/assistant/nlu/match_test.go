package nlu

import (
	"slices"
	"testing"
)

// TestPlaces checks the site, unit and contact matchers through Parse: typos, abbreviations,
// unit forms, partial names and ambiguity (several ids = the expected candidate set).
func TestPlaces(t *testing.T) {
	v := mustVocabulary(t)
	tests := []struct {
		name string
		in   string
		kind EntityKind
		want []string
	}{
		{name: "site full name", in: "spend at Riverside Court", kind: KindSite, want: []string{"site-riverside"}},
		{name: "site alias", in: "spend at riverside ct", kind: KindSite, want: []string{"site-riverside"}},
		{name: "site partial", in: "spend at harbour", kind: KindSite, want: []string{"site-harbour"}},
		{name: "site typo", in: "spend at riversdie", kind: KindSite, want: []string{"site-riverside"}},
		{name: "site american spelling", in: "spend at harbor view", kind: KindSite, want: []string{"site-harbour"}},
		{name: "site abbreviation", in: "spend at elm gdns", kind: KindSite, want: []string{"site-elm"}},
		{name: "generic word alone is no site", in: "spend at the court", kind: KindSite},
		{name: "unit flat", in: "balance flat 3", kind: KindUnit, want: []string{"unit-riverside-3"}},
		{name: "unit joined", in: "balance flat3", kind: KindUnit, want: []string{"unit-riverside-3"}},
		{name: "unit with site", in: "balance flat 1 harbour", kind: KindUnit, want: []string{"unit-harbour-1"}},
		{name: "unit before site", in: "balance 3 Riverside Ct", kind: KindUnit, want: []string{"unit-riverside-3"}},
		{name: "unit word", in: "balance unit 12", kind: KindUnit, want: []string{"unit-harbour-12"}},
		{name: "unit apt", in: "balance apt 12", kind: KindUnit, want: []string{"unit-harbour-12"}},
		{name: "unit spelt out", in: "balance flat four", kind: KindUnit, want: []string{"unit-riverside-4"}},
		{name: "unit ambiguous", in: "balance flat 1", kind: KindUnit, want: []string{"unit-elm-1", "unit-harbour-1", "unit-riverside-1"}},
		{name: "unit missing in site", in: "balance flat 4 harbour", kind: KindUnit},
		{name: "bare number is no unit", in: "balance 3", kind: KindUnit},
		{name: "contact full", in: "balance Jane Smith", kind: KindContact, want: []string{"c-jane"}},
		{name: "contact possessive", in: "Jane Smith's balance", kind: KindContact, want: []string{"c-jane"}},
		{name: "contact last name only", in: "Smith balance", kind: KindContact, want: []string{"c-jane", "c-john"}},
		{name: "contact typo", in: "balance anna kowalsky", kind: KindContact, want: []string{"c-anna"}},
		{name: "contact short first name typo", in: "balance jon smith", kind: KindContact, want: []string{"c-john"}},
		{name: "contact apostrophe", in: "balance tom o'brien", kind: KindContact, want: []string{"c-tom"}},
		{name: "contact split apostrophe", in: "balance tom o brien", kind: KindContact, want: []string{"c-tom"}},
		{name: "contact initial", in: "balance j smith", kind: KindContact, want: []string{"c-jane", "c-john"}},
		{name: "contact by unit", in: "balance Smith flat 2 riverside", kind: KindContact, want: []string{"c-john"}},
		{name: "common word is not a name", in: "same balance as before", kind: KindContact},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Parse(tt.in, RoleStaff, v, thursday)
			if got := entityValues(r, tt.kind); !slices.Equal(got, tt.want) {
				t.Errorf("Parse(%q) %s = %v, want %v\ntrace: %v", tt.in, tt.kind, got, tt.want, r.Trace)
			}
		})
	}
}

func TestCandidatesRanked(t *testing.T) {
	v := mustVocabulary(t)
	r := Parse("balance for flat 12", RoleStaff, v, thursday)
	if got := r.Entities[KindUnit]; got != "unit-harbour-12" {
		t.Fatalf("unit = %q, want unit-harbour-12 (the only unit 12, though an apartment)", got)
	}
	r = Parse("balance smith", RoleStaff, v, thursday)
	cs := r.Candidates[KindContact]
	if len(cs) != 2 || !r.Ambiguous(KindContact) {
		t.Fatalf("candidates = %v, want two", cs)
	}
	if cs[0].Score < cs[1].Score || cs[0].Label == "" {
		t.Errorf("candidates = %v, want ranked with labels", cs)
	}
	if _, ok := r.Entity(KindContact); ok {
		t.Errorf("an ambiguous contact is also an entity: %v", r.Entities)
	}
}
