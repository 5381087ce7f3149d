package nlu

import (
	"fmt"
	"strconv"
)

// refPrefixes maps the words that start a reference to its kind and upper-case prefix.
var refPrefixes = map[string]struct {
	kind   EntityKind
	prefix string
}{
	"tkt": {KindTicket, "TKT"}, "ticket": {KindTicket, "TKT"},
	"wo": {KindWorkOrder, "WO"}, "job": {KindWorkOrder, "WO"},
	"inv": {KindInvoice, "INV"}, "invoice": {KindInvoice, "INV"},
}

// ref is a platform reference found in a message.
type ref struct {
	kind       EntityKind
	value      string // TKT-2026-0042
	first, end int    // token range [first, end)
}

// findRefs finds TKT-, WO- and INV- references however they are typed: "TKT-2026-0042",
// "tkt 2026 42", "wo2026/42", "WO-20260042", "invoice 2026-311", "work order 2026-0051". The
// year must be 2000-2099 and the number 1 to 6 digits; the number is zero-padded to four.
func findRefs(toks []token) []ref {
	var out []ref
	for i := 0; i < len(toks); i++ {
		p, ok := refPrefixes[toks[i].s]
		j := i + 1
		if !ok && toks[i].s == "work" && j < len(toks) && (toks[j].s == "order" || toks[j].s == "orders") {
			p, ok, j = refPrefixes["wo"], true, j+1
		}
		if !ok {
			continue
		}
		for j < len(toks) && (toks[j].s == "#" || toks[j].s == "no" || toks[j].s == "number" || toks[j].s == "ref") {
			j++
		}
		year, num, next := refNumber(toks, j)
		if year == 0 {
			continue
		}
		out = append(out, ref{kind: p.kind, value: fmt.Sprintf("%s-%d-%04d", p.prefix, year, num), first: i, end: next})
		i = next - 1
	}
	return out
}

// refNumber reads "2026 42" or "20260042" from toks[j:], returning 0 when there is no reference
// number there.
func refNumber(toks []token, j int) (year, num, next int) {
	if j >= len(toks) || !toks[j].num {
		return 0, 0, j
	}
	d := toks[j].s
	if len(d) == 4 && j+1 < len(toks) && toks[j+1].num && len(toks[j+1].s) <= 6 {
		y, _ := strconv.Atoi(d)
		n, _ := strconv.Atoi(toks[j+1].s)
		if y >= 2000 && y <= 2099 && n > 0 {
			return y, n, j + 2
		}
		return 0, 0, j
	}
	if len(d) >= 5 && len(d) <= 10 && d[:2] == "20" {
		y, _ := strconv.Atoi(d[:4])
		n, _ := strconv.Atoi(d[4:])
		if n > 0 {
			return y, n, j + 1
		}
	}
	return 0, 0, j
}
