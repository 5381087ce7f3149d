package local

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Schedule is a parsed rate(...) or cron(...) expression.
type Schedule struct {
	Expr  string
	every time.Duration
	cron  *cronSpec
	loc   *time.Location
}

type cronSpec struct {
	minute, hour, dom, month, dow, year fieldSet
	domAny, dowAny                      bool
}

// fieldSet holds the allowed values of one cron field.
type fieldSet map[int]bool

// ParseSchedule reads an EventBridge schedule expression: rate(N unit) or
// cron(minutes hours day-of-month month day-of-week year); L, W and # are not supported.
func ParseSchedule(expr string, loc *time.Location) (*Schedule, error) {
	if loc == nil {
		loc = time.UTC
	}
	s := &Schedule{Expr: expr, loc: loc}
	switch {
	case strings.HasPrefix(expr, "rate(") && strings.HasSuffix(expr, ")"):
		f := strings.Fields(expr[5 : len(expr)-1])
		if len(f) != 2 {
			return nil, fmt.Errorf("local: schedule %q: want rate(N unit)", expr)
		}
		n, err := strconv.Atoi(f[0])
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("local: schedule %q: rate must be a positive whole number", expr)
		}
		unit := map[string]time.Duration{"minute": time.Minute, "minutes": time.Minute, "hour": time.Hour, "hours": time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour}[f[1]]
		if unit == 0 {
			return nil, fmt.Errorf("local: schedule %q: unit must be minute(s), hour(s) or day(s)", expr)
		}
		if (n == 1) != !strings.HasSuffix(f[1], "s") {
			return nil, fmt.Errorf("local: schedule %q: use the singular unit for 1 and the plural otherwise", expr)
		}
		s.every = time.Duration(n) * unit
		return s, nil
	case strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")"):
		c, err := parseCron(expr[5 : len(expr)-1])
		if err != nil {
			return nil, fmt.Errorf("local: schedule %q: %w", expr, err)
		}
		s.cron = c
		return s, nil
	case strings.HasPrefix(expr, "at("):
		return nil, fmt.Errorf("local: schedule %q: one-time at() schedules are not supported locally; fire it with FireSchedule", expr)
	}
	return nil, fmt.Errorf("local: schedule %q: want rate(...) or cron(...)", expr)
}

// Next returns the first firing time strictly after t.
func (s *Schedule) Next(t time.Time) time.Time {
	if s.every > 0 {
		return t.Add(s.every)
	}
	t = t.In(s.loc).Truncate(time.Minute).Add(time.Minute)
	limit := t.AddDate(5, 0, 0)
	for t.Before(limit) {
		c := s.cron
		switch {
		case !c.year[t.Year()]:
			t = time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, s.loc)
		case !c.month[int(t.Month())]:
			t = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, s.loc)
		case !c.dayMatches(t):
			t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, s.loc)
		case !c.hour[t.Hour()]:
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour()+1, 0, 0, 0, s.loc)
		case !c.minute[t.Minute()]:
			t = t.Add(time.Minute)
		default:
			return t
		}
	}
	return time.Time{}
}

func (c *cronSpec) dayMatches(t time.Time) bool {
	dow := int(t.Weekday()) + 1 // EventBridge: 1 = SUN ... 7 = SAT
	switch {
	case c.domAny && c.dowAny:
		return true
	case c.domAny:
		return c.dow[dow]
	case c.dowAny:
		return c.dom[t.Day()]
	}
	return c.dom[t.Day()] && c.dow[dow]
}

var (
	monthNames = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}
	dayNames   = map[string]int{"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}
)

func parseCron(spec string) (*cronSpec, error) {
	f := strings.Fields(spec)
	if len(f) != 6 {
		return nil, fmt.Errorf("cron needs 6 fields (minutes hours day-of-month month day-of-week year), got %d", len(f))
	}
	c := &cronSpec{domAny: f[2] == "?" || f[2] == "*", dowAny: f[4] == "?" || f[4] == "*"}
	if f[2] != "?" && f[4] != "?" {
		return nil, fmt.Errorf("one of day-of-month and day-of-week must be ?")
	}
	var err error
	fields := []struct {
		dst      *fieldSet
		text     string
		lo, hi   int
		names    map[string]int
		fieldTag string
	}{
		{&c.minute, f[0], 0, 59, nil, "minutes"},
		{&c.hour, f[1], 0, 23, nil, "hours"},
		{&c.dom, f[2], 1, 31, nil, "day-of-month"},
		{&c.month, f[3], 1, 12, monthNames, "month"},
		{&c.dow, f[4], 1, 7, dayNames, "day-of-week"},
		{&c.year, f[5], 1970, 2199, nil, "year"},
	}
	for _, fl := range fields {
		if *fl.dst, err = parseField(fl.text, fl.lo, fl.hi, fl.names); err != nil {
			return nil, fmt.Errorf("%s: %w", fl.fieldTag, err)
		}
	}
	return c, nil
}

// parseField reads one cron field: *, ?, values, ranges a-b, steps x/n, lists.
func parseField(text string, lo, hi int, names map[string]int) (fieldSet, error) {
	set := fieldSet{}
	lastDay := len(text) > 1 && text[len(text)-1] == 'L' && text[len(text)-2] >= '0' && text[len(text)-2] <= '9'
	if strings.Contains(text, "#") || names == nil && strings.ContainsAny(text, "LW") || text == "L" || lastDay {
		return nil, fmt.Errorf("%q uses L, W or #, which the local runner does not support", text)
	}
	for _, part := range strings.Split(text, ",") {
		step := 1
		if base, s, ok := strings.Cut(part, "/"); ok {
			n, err := strconv.Atoi(s)
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("bad step in %q", part)
			}
			step, part = n, base
		}
		from, to := lo, hi
		switch {
		case part == "*" || part == "?":
		default:
			a, b, isRange := strings.Cut(part, "-")
			var err error
			if from, err = fieldValue(a, names); err != nil {
				return nil, err
			}
			to = from
			if isRange {
				if to, err = fieldValue(b, names); err != nil {
					return nil, err
				}
			} else if step > 1 {
				to = hi
			}
		}
		if from < lo || to > hi || from > to {
			return nil, fmt.Errorf("%q is outside %d-%d", part, lo, hi)
		}
		for v := from; v <= to; v += step {
			set[v] = true
		}
	}
	return set, nil
}

func fieldValue(s string, names map[string]int) (int, error) {
	if v, ok := names[strings.ToUpper(s)]; ok {
		return v, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("bad value %q", s)
	}
	return v, nil
}
