package nlu

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// message is one message read into words, with the words entities have claimed.
type message struct {
	low   string
	toks  []token
	ws    []string // canonical words (slang spelt out, typos corrected): what rules match on
	names []string // words as written: what names are matched on
	used  []bool   // words an entity claimed
}

// read tokenizes text and corrects typos of known words, leaving alone the words of the
// vocabulary's names ("Jane" is not a typo of "June").
func read(text string, v Vocabulary, r *Result) *message {
	low := strings.ToLower(text)
	if len(low) > maxText {
		low = low[:maxText]
		r.trace(fmt.Sprintf("text cut to its first %d bytes", maxText))
	}
	m := &message{low: low, toks: tokenize(low)}
	m.ws = make([]string, len(m.toks))
	m.names = make([]string, len(m.toks))
	m.used = make([]bool, len(m.toks))
	for i := range m.toks {
		t := &m.toks[i]
		if i < maxCorrect && !t.num && !known(t.s) && !v.hasWord(t.w) {
			if c, ok := unstretch(t.s); ok {
				r.trace(fmt.Sprintf("%q read as %q", t.raw, c))
				t.s = c
			} else if c, ok := correct(t.s); ok {
				r.trace(fmt.Sprintf("typo %q read as %q", t.raw, c))
				t.s = c
			}
		}
		m.ws[i], m.names[i] = t.s, t.w
	}
	return m
}

// maxCorrect bounds the words checked for typos (each is compared with the lexicon): a request
// is said in its first words.
const maxCorrect = 64

// maxText bounds the text read: WhatsApp allows 4,096 characters, and nothing past this
// changes what a request means.
const maxText = 2048

// claim marks tokens [first, end) as an entity's.
func (m *message) claim(first, end int) {
	for i := max(first, 0); i < end && i < len(m.used); i++ {
		m.used[i] = true
	}
}

// hasWord reports whether w is a word of one of the vocabulary's names.
func (v Vocabulary) hasWord(w string) bool {
	if len(w) < 3 {
		return false
	}
	for _, s := range v.Sites {
		if containsWord(s.Name, w) || containsAnyWord(s.Aliases, w) {
			return true
		}
	}
	for _, c := range v.Contacts {
		if containsWord(c.Name, w) || containsAnyWord(c.Aliases, w) {
			return true
		}
	}
	return false
}

func containsAnyWord(names []string, w string) bool {
	for _, n := range names {
		if containsWord(n, w) {
			return true
		}
	}
	return false
}

// containsWord reports whether name has w as a whole word, ignoring case and apostrophes.
func containsWord(name, w string) bool {
	for _, f := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' || r == ',' }) {
		if len(f) >= len(w) && strings.EqualFold(strings.ReplaceAll(strings.ReplaceAll(f, "'", ""), "’", ""), w) {
			return true
		}
	}
	return false
}

// extract finds the message's entities, in an order where each claims its words before the
// next looks: references, link code, amount, date, period, site, unit, contact. With bareUnit a
// lone number names a unit (an answer to "Which unit?").
func (m *message) extract(v Vocabulary, now time.Time, r *Result, bareUnit bool) {
	for _, f := range findRefs(m.toks) {
		if _, dup := r.Entities[f.kind]; dup {
			r.trace(fmt.Sprintf("%s %s ignored: the first reference counts", f.kind, f.value))
		}
		r.set(f.kind, f.value, "reference")
		m.claim(f.first, f.end)
	}
	if s, ok := findLinkCode(m.toks); ok {
		r.set(KindLinkCode, s.value, "six-digit code")
		m.claim(s.first, s.end)
	}
	if a, ok := findAmount(m.low, m.toks); ok {
		r.set(KindAmount, formatPence(a.pence), "money")
		m.claim(a.first, a.end)
	}
	date, hasDate := findDate(m.low, m.unusedToks(), now)
	if hasDate {
		r.set(KindDate, date.value, "date")
		m.claim(date.first, date.end)
	}
	if p, ok := findPeriod(m.low, m.unusedToks(), date, now); ok {
		r.set(KindPeriod, p.value, "month")
		m.claim(p.first, p.end)
	}
	m.extractPlaces(v, r, bareUnit)
}

// unusedToks returns the tokens with the claimed ones blanked, so finders skip them and keep
// their positions.
func (m *message) unusedToks() []token {
	out := make([]token, len(m.toks))
	for i, t := range m.toks {
		if m.used[i] {
			t = token{s: "\x00", w: "\x00", start: t.start, end: t.end}
		}
		out[i] = t
	}
	return out
}

// extractPlaces matches the sites, units and contacts of the vocabulary.
func (m *message) extractPlaces(v Vocabulary, r *Result, bareUnit bool) {
	sites, siteAt := siteMatches(v, m.names, m.used)
	for i := range siteAt {
		m.used[i] = true
	}
	var unit []Candidate
	if um, ok := findUnitNumber(m.toks, m.used, siteAt, bareUnit); ok {
		unit = unitMatches(v, um, sites)
		m.claim(um.at-1, um.at+1)
		if len(unit) == 0 {
			r.trace(fmt.Sprintf("unit number %s matches no unit", um.number))
		}
	}
	if len(unit) == 1 && len(sites) > 1 {
		for _, s := range sites {
			if u, ok := v.unit(unit[0].ID); ok && u.SiteID == s.ID {
				sites = []Candidate{s}
			}
		}
	}
	contacts := contactMatches(v, m.names, m.used)
	if len(contacts) > 1 && len(unit) == 1 {
		for _, c := range contacts {
			if ct, ok := v.contact(c.ID); ok && slices.Contains(ct.UnitIDs, unit[0].ID) {
				r.trace(fmt.Sprintf("contact %s: the one at %s", c.ID, unit[0].ID))
				contacts = []Candidate{c}
				break
			}
		}
	}
	r.place(KindSite, sites)
	r.place(KindUnit, unit)
	r.place(KindContact, contacts)
}

// place records a site, unit or contact match: one candidate is the entity, several are the
// ranked candidates of an ambiguous match.
func (r *Result) place(k EntityKind, cs []Candidate) {
	switch len(cs) {
	case 0:
	case 1:
		r.set(k, cs[0].ID, fmt.Sprintf("%q (%.2f)", cs[0].Label, cs[0].Score))
	default:
		if r.Candidates == nil {
			r.Candidates = map[EntityKind][]Candidate{}
		}
		r.Candidates[k] = cs
		ids := make([]string, len(cs))
		for i, c := range cs {
			ids[i] = fmt.Sprintf("%s %.2f", c.ID, c.Score)
		}
		r.trace(fmt.Sprintf("%s ambiguous: %s", k, strings.Join(ids, ", ")))
	}
}
