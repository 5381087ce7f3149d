package nlu

import "strconv"

// money is an amount found in a message.
type money struct {
	pence      int64
	first, end int // token range [first, end)
}

// findAmount finds the first sum of money: "£120.50", "£1,200", "120.50 pounds", "120 quid",
// "GBP 40", "50p". A bare number is never money. It returns pence.
func findAmount(low string, toks []token) (money, bool) {
	for i, t := range toks {
		switch {
		case (t.s == "£" || t.s == "gbp") && i+1 < len(toks) && toks[i+1].num:
			if p, end, ok := pence(low, toks, i+1); ok {
				return money{pence: p, first: i, end: end}, true
			}
		case t.num && i+1 < len(toks):
			p, end, ok := pence(low, toks, i)
			if !ok || end >= len(toks) {
				continue
			}
			switch u := toks[end]; u.s {
			case "pounds", "pound", "quid", "gbp":
				return money{pence: p, first: i, end: end + 1}, true
			case "p", "pence":
				if end == i+1 && (u.s == "pence" || u.start == t.end) {
					return money{pence: p / 100, first: i, end: end + 1}, true
				}
			}
		}
	}
	return money{}, false
}

// pence reads the number starting at toks[i] from the text: digits with optional thousands
// commas and up to two decimals. end is the first token after it.
func pence(low string, toks []token, i int) (p int64, end int, ok bool) {
	pos := toks[i].start
	var whole, frac int64
	digits, fracDigits, inFrac := 0, 0, false
scan:
	for ; pos < len(low); pos++ {
		c := low[pos]
		switch {
		case c >= '0' && c <= '9':
			if inFrac {
				if fracDigits == 2 {
					return 0, i, false
				}
				frac = frac*10 + int64(c-'0')
				fracDigits++
			} else {
				if digits > 12 {
					return 0, i, false
				}
				whole = whole*10 + int64(c-'0')
				digits++
			}
		case c == ',' && !inFrac && pos+1 < len(low) && low[pos+1] >= '0' && low[pos+1] <= '9':
		case c == '.' && !inFrac && pos+1 < len(low) && low[pos+1] >= '0' && low[pos+1] <= '9':
			inFrac = true
		default:
			break scan
		}
	}
	if fracDigits == 1 {
		frac *= 10
	}
	end = i
	for end < len(toks) && toks[end].start < pos {
		end++
	}
	return whole*100 + frac, end, digits > 0
}

// formatPence writes pence as the entity value.
func formatPence(p int64) string { return strconv.FormatInt(p, 10) }
