package api

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/proplink/chat/shared/api/openapi"
)

// gen generates values from the document's schemas: valid ones that respect types, formats,
// patterns, enums, lengths and bounds, and the mutations that break one constraint at a time.
// The document's validator stays the judge of what it made: a value is only ever used as the
// validator classifies it.
type gen struct {
	rng *rand.Rand
	// hints are values a property or parameter of that name takes half the time, so that
	// generated requests reach records the fakes hold (job 1050, template 3, ...).
	hints map[string][]any
}

// ascii, latin and wide are the letters generated strings draw on; wide letters take several
// bytes each, so a length counted in bytes instead of characters shows.
const (
	ascii = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-_"
	wide  = "éü漢字😀"
)

var e164Shapes = []string{"+447700900%03d", "+12025550%03d", "+33612345%03d", "+80012345%03d"}

var timeZones = []string{"Europe/London", "America/New_York", "Asia/Tokyo", "UTC", "Australia/Sydney"}

// value returns a valid value of s (nil for null), with name the property or parameter name.
func (g *gen) value(name string, ref *openapi3.SchemaRef) any {
	s := ref.Value
	if hs := g.fitting(name, s); len(hs) > 0 && g.rng.IntN(2) == 0 {
		return hs[g.rng.IntN(len(hs))]
	}
	if s.Nullable && g.rng.IntN(10) == 0 {
		return nil
	}
	switch {
	case len(s.Enum) > 0:
		return s.Enum[g.rng.IntN(len(s.Enum))]
	case len(s.OneOf) > 0 && len(s.Properties) == 0:
		return g.value(name, s.OneOf[g.rng.IntN(len(s.OneOf))])
	case len(s.AllOf) == 1 && s.Type.IsEmpty():
		return g.value(name, s.AllOf[0])
	}
	switch {
	case s.Type.Is(openapi3.TypeInteger):
		return g.integer(s)
	case s.Type.Is(openapi3.TypeBoolean):
		return g.rng.IntN(2) == 0
	case s.Type.Is(openapi3.TypeObject):
		return g.object(s)
	case s.Type.Is(openapi3.TypeArray):
		var out []any
		for range g.rng.IntN(3) {
			out = append(out, g.value("", s.Items))
		}
		return out
	}
	return g.str(s)
}

// fitting are the hints for name that s can hold: a string hint must match s's pattern, so
// one name (a path's ref) can hint the references of several kinds.
func (g *gen) fitting(name string, s *openapi3.Schema) []any {
	if s.Pattern == "" {
		return g.hints[name]
	}
	re := regexp.MustCompile(s.Pattern)
	var out []any
	for _, h := range g.hints[name] {
		if v, ok := h.(string); !ok || re.MatchString(v) {
			out = append(out, h)
		}
	}
	return out
}

// integer returns an integer within s's bounds, often one of them.
func (g *gen) integer(s *openapi3.Schema) int64 {
	lo, hi := int64(0), int64(1_000_000)
	if s.Min != nil {
		lo = int64(*s.Min)
		hi = lo + 1_000_000
	}
	if s.Max != nil {
		hi = int64(*s.Max)
	}
	switch g.rng.IntN(6) {
	case 0:
		return lo
	case 1:
		return hi
	}
	return lo + g.rng.Int64N(min(hi-lo, 1_000_000)+1)
}

// str returns a string of s: by format, by pattern, or of letters within its lengths.
func (g *gen) str(s *openapi3.Schema) string {
	switch s.Format {
	case openapi.FormatE164:
		return fmt.Sprintf(e164Shapes[g.rng.IntN(len(e164Shapes))], g.rng.IntN(1000))
	case openapi.FormatTimeZone:
		return timeZones[g.rng.IntN(len(timeZones))]
	case "date":
		return fmt.Sprintf("20%02d-%02d-%02d", g.rng.IntN(100), 1+g.rng.IntN(12), 1+g.rng.IntN(28))
	}
	maxLen := 40
	if s.MaxLength != nil {
		maxLen = int(*s.MaxLength)
	}
	if s.Pattern != "" {
		for range 20 {
			v := g.match(s.Pattern)
			if n := utf8.RuneCountInString(v); n >= int(s.MinLength) && n <= maxLen {
				return v
			}
		}
	}
	n := int(s.MinLength) + g.rng.IntN(min(maxLen, int(s.MinLength)+20)-int(s.MinLength)+1)
	if s.MaxLength != nil && g.rng.IntN(5) == 0 {
		n = maxLen // the longest, in characters that take several bytes
		return strings.Repeat("é", n)
	}
	return g.letters(n)
}

// letters returns n characters, now and then a wide one.
func (g *gen) letters(n int) string {
	var b strings.Builder
	w := []rune(wide)
	for range n {
		if g.rng.IntN(8) == 0 {
			b.WriteRune(w[g.rng.IntN(len(w))])
			continue
		}
		b.WriteByte(ascii[g.rng.IntN(len(ascii))])
	}
	return b.String()
}

// object returns an object of s: every required property, some optional ones, a few
// additional ones where s allows them. Where s has oneOf branches (exactly one of several
// fields), one branch is chosen: its fields are required, the other branches' are left out,
// and a field the branch forbids (not) is left out.
func (g *gen) object(s *openapi3.Schema) map[string]any {
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	leave := map[string]bool{}
	if len(s.OneOf) > 0 {
		pick := g.rng.IntN(len(s.OneOf))
		for i, b := range s.OneOf {
			for _, r := range b.Value.Required {
				if i == pick {
					required[r] = true
				} else {
					leave[r] = true
				}
			}
			for name, p := range b.Value.Properties {
				if i == pick && p.Value.Not != nil {
					leave[name] = true
				}
			}
		}
	}
	out := map[string]any{}
	// In name order, so that a seed draws the same values every run.
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		p := s.Properties[name]
		switch {
		case required[name]:
			v := g.value(name, p)
			for tries := 0; v == nil && tries < 5; tries++ {
				v = g.value(name, p)
			}
			out[name] = v
		case leave[name]:
		case g.rng.IntN(2) == 0:
			out[name] = g.value(name, p)
		}
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		for range g.rng.IntN(3) {
			out[g.letters(1+g.rng.IntN(10))] = g.value("", ap)
		}
	}
	return out
}

// match returns a string that pattern matches.
func (g *gen) match(pattern string) string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic(err)
	}
	var b strings.Builder
	g.regex(&b, re)
	return b.String()
}

func (g *gen) regex(b *strings.Builder, re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		b.WriteRune(g.classRune(re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte(ascii[g.rng.IntN(len(ascii))])
	case syntax.OpCapture:
		g.regex(b, re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			g.regex(b, s)
		}
	case syntax.OpAlternate:
		g.regex(b, re.Sub[g.rng.IntN(len(re.Sub))])
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := re.Min, re.Max
		switch re.Op {
		case syntax.OpStar:
			lo, hi = 0, 6
		case syntax.OpPlus:
			lo, hi = 1, 6
		case syntax.OpQuest:
			lo, hi = 0, 1
		}
		if hi < 0 {
			hi = lo + 6
		}
		for range lo + g.rng.IntN(hi-lo+1) {
			g.regex(b, re.Sub[0])
		}
	}
}

// classRune picks a rune of a character class (pairs of ranges), mostly a printable ASCII one.
func (g *gen) classRune(ranges []rune) rune {
	var printable []rune
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := max(ranges[i], 0x20); r <= min(ranges[i+1], 0x7e); r++ {
			printable = append(printable, r)
		}
	}
	if len(printable) > 0 && g.rng.IntN(10) > 0 {
		return printable[g.rng.IntN(len(printable))]
	}
	i := 2 * g.rng.IntN(len(ranges)/2)
	r := ranges[i] + rune(g.rng.IntN(int(min(ranges[i+1]-ranges[i], 300))+1))
	if !utf8.ValidRune(r) {
		return ranges[i]
	}
	return r
}

// breaks returns values of the wrong kind for s, one constraint broken in each: a wrong type,
// out of bounds, too long or short, outside the enum, against the pattern or format, null.
func (g *gen) breaks(s *openapi3.Schema) []any {
	out := []any{map[string]any{"x": 1}}
	if !s.Nullable {
		out = append(out, nil)
	}
	if s.Type.Is(openapi3.TypeString) || len(s.OneOf) > 0 {
		out = append(out, true)
	}
	if !s.Type.Is(openapi3.TypeString) {
		out = append(out, "x"+g.letters(3))
	} else {
		out = append(out, 12)
	}
	if s.Min != nil {
		out = append(out, int64(*s.Min)-1)
	}
	if s.Max != nil {
		out = append(out, int64(*s.Max)+1, "1234567890123456789012345")
	}
	if s.MaxLength != nil {
		out = append(out, strings.Repeat("é", int(*s.MaxLength)+1))
	}
	if s.MinLength > 0 {
		out = append(out, "")
	}
	if len(s.Enum) > 0 {
		out = append(out, "bogus")
	}
	if s.Pattern != "" || s.Format != "" || len(s.OneOf) > 0 {
		out = append(out, "", " ", "~", "0", "2026-02-30", "+999123456789", "Mars/Olympus", "+44 7700 900123")
	}
	return out
}
