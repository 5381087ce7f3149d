package nlu

import (
	"fmt"
	"strconv"
	"sync"
	"time"
)

// london is the zone dates are read in; UTC if the zone database is missing.
var london = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
})

// months maps month names and abbreviations to their number.
var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

// weekdays maps day names to their weekday.
var weekdays = map[string]time.Weekday{
	"sunday": 0, "monday": 1, "tuesday": 2, "tues": 2, "wednesday": 3, "weds": 3, "thursday": 4,
	"thurs": 4, "friday": 5, "saturday": 6,
}

// ordinalSuffix is what may follow a day number: "3rd", "21st".
var ordinalSuffix = map[string]bool{"st": true, "nd": true, "rd": true, "th": true}

// span is a found entity's value and token range [first, end).
type span struct {
	value      string
	first, end int
}

// day is a calendar date at UTC noon, where adding days never crosses a zone change.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

// today is now's date in London.
func today(now time.Time) time.Time {
	y, m, d := now.In(london()).Date()
	return day(y, m, d)
}

// findDate finds the first date: "today", "tomorrow", "yesterday", a weekday (the next one from
// today on; "next Tuesday" the first after today), "3rd March", "March 3 2026", "the 3rd of
// March", "2026-03-03" or "3/3/2026" (day first). A date without a year is the occurrence
// nearest to now. It returns YYYY-MM-DD.
func findDate(low string, toks []token, now time.Time) (span, bool) {
	t0 := today(now)
	for i, t := range toks {
		switch t.s {
		case "today", "tonight":
			return span{t0.Format(time.DateOnly), i, i + 1}, true
		case "tomorrow":
			return span{t0.AddDate(0, 0, 1).Format(time.DateOnly), i, i + 1}, true
		case "yesterday":
			return span{t0.AddDate(0, 0, -1).Format(time.DateOnly), i, i + 1}, true
		}
		if wd, ok := weekdays[t.s]; ok {
			ahead := (int(wd) - int(t0.Weekday()) + 7) % 7
			first := i
			if i > 0 && toks[i-1].s == "next" {
				first = i - 1
				if ahead == 0 {
					ahead = 7
				}
			}
			return span{t0.AddDate(0, 0, ahead).Format(time.DateOnly), first, i + 1}, true
		}
		if !t.num {
			continue
		}
		if s, ok := numericDate(low, toks, i); ok {
			return s, true
		}
		if s, ok := dayMonth(toks, i, t0); ok {
			return s, true
		}
		if i > 0 {
			if m, ok := months[toks[i-1].s]; ok {
				if s, ok := monthDay(toks, i-1, m, t0); ok {
					return s, true
				}
			}
		}
	}
	return span{}, false
}

// numericDate reads "2026-03-03" or "3/3/2026" starting at toks[i].
func numericDate(low string, toks []token, i int) (span, bool) {
	if i+2 >= len(toks) || !toks[i+1].num || !toks[i+2].num {
		return span{}, false
	}
	sep1, sep2 := low[toks[i].end:toks[i+1].start], low[toks[i+1].end:toks[i+2].start]
	if sep1 != sep2 || (sep1 != "-" && sep1 != "/" && sep1 != ".") {
		return span{}, false
	}
	a, _ := strconv.Atoi(toks[i].s)
	b, _ := strconv.Atoi(toks[i+1].s)
	c, _ := strconv.Atoi(toks[i+2].s)
	y, m, d := a, b, c
	if len(toks[i].s) != 4 {
		y, m, d = c, b, a
		if len(toks[i+2].s) == 2 {
			y += 2000
		}
	}
	return validDate(y, m, d, i, i+3)
}

// dayMonth reads "3rd March [2026]" or "3 of March" starting at the day number toks[i].
func dayMonth(toks []token, i int, t0 time.Time) (span, bool) {
	j := i + 1
	if j < len(toks) && ordinalSuffix[toks[j].s] {
		j++
	}
	if j < len(toks) && toks[j].s == "of" {
		j++
	}
	if j >= len(toks) {
		return span{}, false
	}
	m, ok := months[toks[j].s]
	if !ok {
		return span{}, false
	}
	d, _ := strconv.Atoi(toks[i].s)
	first := i
	if i > 0 && toks[i-1].s == "the" {
		first = i - 1
	}
	return withYear(toks, j+1, first, int(m), d, t0)
}

// monthDay reads "March 3rd [2026]" with the month at toks[i].
func monthDay(toks []token, i int, m time.Month, t0 time.Time) (span, bool) {
	j := i + 1
	if j < len(toks) && toks[j].s == "the" {
		j++
	}
	if j >= len(toks) || !toks[j].num || len(toks[j].s) > 2 {
		return span{}, false
	}
	d, _ := strconv.Atoi(toks[j].s)
	j++
	if j < len(toks) && ordinalSuffix[toks[j].s] {
		j++
	}
	return withYear(toks, j, i, int(m), d, t0)
}

// withYear completes a day and month with the year at toks[j], if any, else the year that puts
// the date nearest to t0.
func withYear(toks []token, j, first, m, d int, t0 time.Time) (span, bool) {
	if j < len(toks) && toks[j].num && len(toks[j].s) == 4 {
		y, _ := strconv.Atoi(toks[j].s)
		return validDate(y, m, d, first, j+1)
	}
	y := t0.Year()
	best := day(y, time.Month(m), d)
	for _, cy := range []int{y - 1, y + 1} {
		c := day(cy, time.Month(m), d)
		if absDur(c.Sub(t0)) < absDur(best.Sub(t0)) {
			best = c
		}
	}
	return validDate(best.Year(), m, d, first, j)
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// validDate returns the date if it exists on the calendar.
func validDate(y, m, d, first, end int) (span, bool) {
	if y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31 {
		return span{}, false
	}
	t := day(y, time.Month(m), d)
	if t.Day() != d {
		return span{}, false
	}
	return span{t.Format(time.DateOnly), first, end}, true
}

// findPeriod finds the month a message asks about: "this month", "last month", "next month",
// "March", "March 2026", "in may", "2026-03". A month without a year is the latest one not after
// now's month. "may" counts only as "in/for/of/since/last may" or "may 2026". Tokens in
// skip (a date already found) are not read. It returns YYYY-MM.
func findPeriod(low string, toks []token, skip span, now time.Time) (span, bool) {
	t0 := today(now)
	for i, t := range toks {
		if i >= skip.first && i < skip.end && skip.end > 0 {
			continue
		}
		if t.s == "month" && i > 0 {
			switch toks[i-1].s {
			case "this", "current":
				return span{t0.Format("2006-01"), i - 1, i + 1}, true
			case "last", "previous":
				return span{day(t0.Year(), t0.Month()-1, 1).Format("2006-01"), i - 1, i + 1}, true
			case "next":
				return span{day(t0.Year(), t0.Month()+1, 1).Format("2006-01"), i - 1, i + 1}, true
			}
		}
		if t.num && len(t.s) == 4 && i+1 < len(toks) && toks[i+1].num && len(toks[i+1].s) <= 2 &&
			low[t.end:toks[i+1].start] == "-" && (i+2 >= len(toks) || !toks[i+2].num) {
			y, _ := strconv.Atoi(t.s)
			m, _ := strconv.Atoi(toks[i+1].s)
			if y >= 2000 && y <= 2099 && m >= 1 && m <= 12 {
				return span{fmt.Sprintf("%d-%02d", y, m), i, i + 2}, true
			}
		}
		m, ok := months[t.s]
		if !ok {
			continue
		}
		hasYear := i+1 < len(toks) && toks[i+1].num && len(toks[i+1].s) == 4
		if t.s == "may" && !hasYear && (i == 0 || !mayContext[toks[i-1].s]) {
			continue
		}
		if hasYear {
			y, _ := strconv.Atoi(toks[i+1].s)
			if y >= 2000 && y <= 2099 {
				return span{fmt.Sprintf("%d-%02d", y, m), i, i + 2}, true
			}
		}
		y := t0.Year()
		if m > t0.Month() {
			y--
		}
		return span{fmt.Sprintf("%d-%02d", y, m), i, i + 1}, true
	}
	return span{}, false
}

// mayContext are the words before "may" that make it the month.
var mayContext = map[string]bool{"in": true, "for": true, "of": true, "since": true, "last": true, "during": true}
