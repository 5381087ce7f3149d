package bedrock

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// MaxMessage is how much of one message the model sees, in characters; a longer one is cut.
const MaxMessage = 1000

// patterns are Mask's regular expressions.
type patterns struct{ email, phone, digits, space, ref, held *regexp.Regexp }

// maskers are the patterns Mask uses, compiled on first use so that a function whose
// organisations never reach the layer does not compile them at cold start.
var maskers = sync.OnceValue(func() patterns {
	return patterns{
		email: regexp.MustCompile(`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}`),
		// a run of 7 or more digits, allowing a leading + and the usual separators
		phone: regexp.MustCompile(`\+?\d(?:[\s().-]{0,2}\d){6,}`),
		// a run of 6 digits: a link code, an account or card fragment
		digits: regexp.MustCompile(`\b\d{6}\b`),
		space:  regexp.MustCompile(`\s+`),
		// a ticket, work order or invoice reference, kept as written
		ref: regexp.MustCompile(`(?i)\b(?:TKT|WO|INV)[\s-]*\d{4}[\s-]*\d{1,4}\b`),
		// a reference held aside while the rest is masked
		held: regexp.MustCompile("\x00[0-9]+\x00"),
	}
})

// Mask is text as the model may see it: invisible and control characters removed (zero-width
// joiners, bidirectional overrides), letters folded to their compatibility forms where they
// only look alike, e-mail addresses, phone numbers and other long digit runs replaced by
// [email], [phone] and [number], angle brackets turned into ‹ › so that the message cannot close
// the prompt's <message> delimiter, white space collapsed, and at most MaxMessage characters.
// References like TKT-2026-0042 are kept: they name the person's own records, and the scope
// checks decide what they may see.
func Mask(text string) string {
	var b strings.Builder
	n := 0
	for _, r := range text {
		if n++; n > 4*MaxMessage { // enough to mask and cut; bounds the work on a huge message
			break
		}
		switch {
		case r == utf8.RuneError, unicode.Is(unicode.Cf, r), unicode.IsControl(r) && !unicode.IsSpace(r):
			continue
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			r -= 0xFEE0
		}
		switch r { // the prompt's own delimiters cannot be written by the person
		case '<':
			r = '‹'
		case '>':
			r = '›'
		}
		b.WriteRune(r)
	}
	re := maskers()
	var refs []string
	s := re.ref.ReplaceAllStringFunc(b.String(), func(ref string) string {
		refs = append(refs, ref)
		return "\x00" + strconv.Itoa(len(refs)-1) + "\x00"
	})
	s = re.email.ReplaceAllString(s, "[email]")
	s = re.phone.ReplaceAllString(s, "[phone]")
	s = re.digits.ReplaceAllString(s, "[number]")
	s = re.held.ReplaceAllStringFunc(s, func(h string) string {
		n, _ := strconv.Atoi(strings.Trim(h, "\x00"))
		return refs[n]
	})
	s = strings.TrimSpace(re.space.ReplaceAllString(s, " "))
	if utf8.RuneCountInString(s) > MaxMessage {
		s = string([]rune(s)[:MaxMessage])
	}
	return s
}
