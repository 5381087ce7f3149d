package assistant

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Reply length limits: an interactive message body with buttons, and a plain text message.
const (
	maxTextWithButtons = 1024
	maxText            = 4096
	maxButtonTitle     = 20
)

// money formats pence as pounds: £1,234.56, or -£12.00.
func money(pence int64) string {
	sign := ""
	if pence < 0 {
		sign, pence = "-", -pence
	}
	whole := strconv.FormatInt(pence/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + "£" + b.String() + "." + twoDigits(pence%100)
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// day formats a YYYY-MM-DD date as "Tue 3 Mar 2026"; anything else is returned as it is.
func day(ymd string) string {
	d, err := time.Parse(time.DateOnly, ymd)
	if err != nil {
		return ymd
	}
	return d.Format("Mon 2 Jan 2006")
}

// month formats a YYYY-MM month as "March 2026"; anything else is returned as it is.
func month(ym string) string {
	d, err := time.Parse("2006-01", ym)
	if err != nil {
		return ym
	}
	return d.Format("January 2006")
}

// clip cuts s to at most n runes, ending with "…" when it cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// fit keeps a reply within WhatsApp's limits: the body (1024 with buttons, 4096 without), at
// most three buttons, titles of 20 characters.
func fit(r Reply) Reply {
	if len(r.Buttons) > 3 {
		r.Buttons = r.Buttons[:3]
	}
	limit := maxText
	if len(r.Buttons) > 0 {
		limit = maxTextWithButtons
	}
	r.Text = clip(r.Text, limit)
	for i := range r.Buttons {
		r.Buttons[i].Title = clip(r.Buttons[i].Title, maxButtonTitle)
	}
	return r
}

// firstName is the first word of a name, for a greeting.
func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return ""
}
