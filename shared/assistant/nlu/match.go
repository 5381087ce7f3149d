package nlu

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Thresholds of the vocabulary matchers.
const (
	wordMatch   = 0.88 // Jaro-Winkler similarity at which two words are the same word misspelt
	siteMatch   = 0.6  // a site's score from which it counts as named
	personMatch = 0.55 // a contact's score from which they count as named
	closeScores = 0.1  // candidates within this of the best are all kept: the match is ambiguous
)

// genericPlace are the words of a site's name that say little on their own ("Court", "View").
var genericPlace = map[string]bool{
	"court": true, "view": true, "gardens": true, "house": true, "road": true, "street": true,
	"avenue": true, "close": true, "place": true, "lane": true, "estate": true, "building": true,
	"block": true, "tower": true, "the": true, "mews": true, "park": true, "square": true,
	"way": true, "terrace": true, "lodge": true, "heights": true, "apartments": true,
}

// placeAbbrev spells out the abbreviations used in site names.
var placeAbbrev = map[string]string{
	"ct": "court", "crt": "court", "gdns": "gardens", "gdn": "gardens", "rd": "road", "st": "street",
	"ave": "avenue", "cl": "close", "pl": "place", "ln": "lane", "ho": "house", "hse": "house",
	"sq": "square", "terr": "terrace", "twr": "tower", "blk": "block",
}

// nameWords splits a name from the vocabulary into words, as tokenize reads a message.
func nameWords(name string) []string {
	toks := tokenize(strings.ToLower(name))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		s := t.s
		if w, ok := placeAbbrev[s]; ok {
			s = w
		}
		out = append(out, s)
	}
	return out
}

// wordSim is how alike a word of a name and a word of the message are: Jaro-Winkler, stricter
// for three-letter words ("jon" is John); a one-letter plural or possessive ("elms", "smiths");
// never for a word spelt right that means something else ("same" is not Sam, "will" not Bill).
func wordSim(name, w string) float64 {
	switch {
	case name == w:
		return 1
	case placeAbbrev[w] == name:
		return 1
	case len(w) == len(name)+1 && strings.HasPrefix(w, name) && w[len(w)-1] == 's':
		return 0.95
	case min(len(name), len(w)) < 3 || known(w):
		return 0
	}
	s := jaroWinkler(name, w)
	if s >= wordMatch && (min(len(name), len(w)) > 3 || s >= 0.92) {
		return s
	}
	return 0
}

// bestWord returns the best similarity of name to any message word, or to two neighbouring
// words written together ("o brien"), and the index of that word.
func bestWord(name string, ws []string, used []bool) (float64, int) {
	best, at := 0.0, -1
	for i, w := range ws {
		if used[i] {
			continue
		}
		if s := wordSim(name, w); s > best {
			best, at = s, i
		}
		if i+1 < len(ws) && !used[i+1] && len(w)+len(ws[i+1]) == len(name) && w+ws[i+1] == name {
			best, at = 1, i
		}
	}
	return best, at
}

// siteMatches scores every site against the message words; a site's score is the weighted share
// of its name's words found (generic words like "Court" weigh little). at holds the positions of
// the words the kept candidates matched.
func siteMatches(v Vocabulary, ws []string, used []bool) (cs []Candidate, at map[int]bool) {
	type hit struct {
		c   Candidate
		pos []int
	}
	var hits []hit
	for _, s := range v.Sites {
		best := hit{c: Candidate{ID: s.ID, Label: s.Name}}
		for _, name := range append([]string{s.Name}, s.Aliases...) {
			var got, total float64
			var pos []int
			for _, nw := range nameWords(name) {
				w := 1.0
				if genericPlace[nw] {
					w = 0.3
				}
				total += w
				if sim, i := bestWord(nw, ws, used); sim > 0 {
					got += w * sim
					pos = append(pos, i)
				}
			}
			if total > 0 && got/total > best.c.Score {
				best.c.Score, best.pos = got/total, pos
			}
		}
		if best.c.Score >= siteMatch {
			hits = append(hits, best)
			cs = append(cs, best.c)
		}
	}
	cs = closest(cs)
	at = map[int]bool{}
	for _, h := range hits {
		if slices.ContainsFunc(cs, func(c Candidate) bool { return c.ID == h.c.ID }) {
			for _, i := range h.pos {
				at[i] = true
			}
		}
	}
	return cs, at
}

// contactMatches scores every contact against the message words: first and last name both
// found score near 1, the last name alone 0.75, the first name alone 0.6, an initial and the
// last name 0.85.
func contactMatches(v Vocabulary, ws []string, used []bool) []Candidate {
	var out []Candidate
	for _, c := range v.Contacts {
		best := 0.0
		for _, name := range append([]string{c.Name}, c.Aliases...) {
			best = max(best, personScore(nameWords(name), ws, used))
		}
		if best >= personMatch {
			out = append(out, Candidate{ID: c.ID, Label: c.Name, Score: best})
		}
	}
	return closest(out)
}

// personScore scores one name (given names, then the family name) against the message words.
func personScore(name []string, ws []string, used []bool) float64 {
	if len(name) == 0 {
		return 0
	}
	last, lastAt := bestWord(name[len(name)-1], ws, used)
	if len(name) == 1 {
		return 0.75 * last
	}
	first, _ := bestWord(name[0], ws, used)
	if first == 0 && last > 0 && lastAt > 0 && ws[lastAt-1] == name[0][:1] {
		first = 0.7
	}
	switch {
	case first > 0 && last > 0:
		return 0.5 + 0.25*(first+last)
	case last > 0:
		return 0.75 * last
	default:
		return 0.6 * first
	}
}

// closest ranks candidates best first and keeps those within closeScores of the best.
func closest(cs []Candidate) []Candidate {
	if len(cs) == 0 {
		return nil
	}
	slices.SortStableFunc(cs, func(a, b Candidate) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	n := 1
	for n < len(cs) && cs[0].Score-cs[n].Score <= closeScores {
		n++
	}
	return cs[:n]
}

// unitWords are the words that introduce a unit number; "flat" and "apartment" also name the
// kind of unit.
var unitWords = map[string]bool{
	"flat": true, "unit": true, "apartment": true, "no": true, "number": true, "#": true,
	"house": true, "apartement": true, "appartment": true, "flt": true, "num": true, "nr": true,
}

// unitMention is a unit number in a message and the word before it, if any.
type unitMention struct {
	number string // "3"
	kind   string // "flat", "apartment", "unit", … or ""
	at     int    // token index of the number
}

// findUnitNumber finds the first number that names a unit: after a unit word ("flat 3",
// "flat3", "unit three", "apt 12"), or before a site's name ("3 Riverside Ct"); with bare, any
// lone small number counts (an answer to "Which unit?").
func findUnitNumber(toks []token, used []bool, siteAt map[int]bool, bare bool) (unitMention, bool) {
	for i, t := range toks {
		if used[i] {
			continue
		}
		n := ""
		switch {
		case t.num && len(t.s) <= 4:
			n = strings.TrimLeft(t.s, "0")
		case numberWords[t.s] > 0 && i > 0 && unitWords[toks[i-1].s]:
			n = strconv.Itoa(numberWords[t.s])
		default:
			continue
		}
		if n == "" || (i+1 < len(toks) && ordinalSuffix[toks[i+1].s]) {
			continue
		}
		if i > 0 && unitWords[toks[i-1].s] {
			return unitMention{number: n, kind: toks[i-1].s, at: i}, true
		}
		if siteAt[i+1] || (i+2 < len(toks) && siteAt[i+2] && toks[i+1].s == "the") {
			return unitMention{number: n, at: i}, true
		}
		if bare {
			return unitMention{number: n, at: i}, true
		}
	}
	return unitMention{}, false
}

// unitMatches returns the units with the mentioned number, in the named sites if any were
// named, best kind match first ("flat 12" prefers a flat to an apartment 12).
func unitMatches(v Vocabulary, m unitMention, sites []Candidate) []Candidate {
	var out []Candidate
	for _, u := range v.Units {
		lw := nameWords(u.Label)
		if len(lw) == 0 || strings.TrimLeft(lw[len(lw)-1], "0") != m.number {
			continue
		}
		if len(sites) > 0 && !slices.ContainsFunc(sites, func(c Candidate) bool { return c.ID == u.SiteID }) {
			continue
		}
		score := 0.9
		switch {
		case len(lw) > 1 && m.kind == lw[0]:
			score = 1
		case m.kind == "flat" || m.kind == "apartment" || m.kind == "house":
			score = 0.75
		}
		label := u.Label
		if s, ok := v.site(u.SiteID); ok {
			label = fmt.Sprintf("%s, %s", u.Label, s.Name)
		}
		out = append(out, Candidate{ID: u.ID, Label: label, Score: score})
	}
	return closest(out)
}
