package nlu

import (
	"slices"
	"strings"
	"sync"
)

// commonWords are everyday words that must never be "corrected" into a keyword one letter away
// ("there" is not "where", "gone" is not "done", "fire" is not "hire").
const commonWords = `a about after again all am an and any are as at back be because been before being
but by can come could day did do does doing done dont down each even few for from get gets getting
give go going gone good got had has have having he her here him his how i if in into is it its just
know last let like look looking made make many me might more most much must my need needs new no nor
not now of off on once only or other our out over own please put said same say see she should so
some still such take tell than that the their them then there these they thing think this those
through time to too under until up us very want was way we well went were what when where which
while who why will with would yes yet you your fire gas fine line lane last lost kind mine nine
time tiles wall walls floor kitchen bathroom bedroom living room stairs stairwell hallway garden
car park parking bike shed bin store letter box post there their they're week weeks month months
year years morning night hour hours minute minutes asked ask told hear heard came leave left right
wrong sure thing things stuff bit lot lots people person man woman men women guy guys dear sir
madam looked looking option options total van anyone someone something same sent send`

// lexicon holds every word the rules, entity finders and common English know, by length, each
// length sorted; a word of a message not in it may be a typo of one of them.
// It is built on first use, not at the function's start.
var lexicon = sync.OnceValues(buildLexicon)

// known reports whether w is a word of the lexicon.
func known(w string) bool {
	_, k := lexicon()
	return k[w]
}

func buildLexicon() (map[int][]string, map[string]bool) {
	known := map[string]bool{}
	add := func(ws ...string) {
		for _, w := range ws {
			known[w] = true
		}
	}
	add(strings.Fields(commonWords)...)
	for _, r := range intentRules() {
		add(r.says...)
	}
	for _, ls := range [][]labelled{categories, priorities} {
		for _, l := range ls {
			for _, p := range l.says {
				add(p...)
			}
		}
	}
	for _, ps := range [][]phrase{injection, bulkData, confirmYes, confirmNo} {
		for _, p := range ps {
			add(p...)
		}
	}
	for w := range months {
		add(w)
	}
	for w := range weekdays {
		add(w)
	}
	for w := range numberWords {
		add(w)
	}
	for w := range unitWords {
		add(w)
	}
	for _, set := range []map[string]bool{greetingWords, choiceFiller, confirmFiller, linkFiller, foreignWords} {
		for w := range set {
			add(w)
		}
	}
	for _, w := range slang {
		add(w)
	}
	add("today", "tomorrow", "yesterday", "month", "pounds", "quid", "pence", "tkt", "wo", "inv", "link", "code")
	byLen := map[int][]string{}
	for w := range known {
		byLen[len(w)] = append(byLen[len(w)], w)
	}
	for _, ws := range byLen {
		slices.Sort(ws)
	}
	return byLen, known
}

// unstretch reads a word typed with letters held down ("hiii", "heyyy", "pleaseee", "yesss") as
// the known word it stretches: the last run of a letter cut to one, or every run cut to one.
func unstretch(w string) (string, bool) {
	n := len(w)
	for n > 1 && w[n-1] == w[n-2] {
		n--
	}
	if n < len(w) && known(w[:n]) {
		return w[:n], true
	}
	var b []byte
	for i := 0; i < len(w); i++ {
		if i == 0 || w[i] != w[i-1] {
			b = append(b, w[i])
		}
	}
	if s := string(b); s != w && known(s) {
		return s, true
	}
	return w, false
}

// correct replaces a word the lexicon does not know by the known word it is a typo of: one edit
// away from four letters up (with the same first and last letter at four), two from eight. Ties
// go to the longer word (a letter left out is the commoner slip on a phone keyboard), then to
// the first in alphabetical order, so the result never varies.
func correct(w string) (string, bool) {
	if known(w) || len(w) < 4 || len(w) > 24 {
		return w, false
	}
	byLen, _ := lexicon()
	limit := typoLimit(len(w))
	best, bestD := "", limit+1
	for n := max(4, len(w)-limit); n <= len(w)+limit; n++ {
		for _, k := range byLen[n] {
			if len(w) == 4 && (k[0] != w[0] || k[len(k)-1] != w[len(w)-1]) {
				continue
			}
			if d := editDistance(w, k, limit); d <= limit && (d < bestD || (d == bestD && len(k) > len(best))) {
				best, bestD = k, d
			}
		}
	}
	if best == "" {
		return w, false
	}
	return best, true
}
