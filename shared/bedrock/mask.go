package bedrock

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxMessage is how much of one message the model sees, in characters; a longer one is cut.
const MaxMessage = 1000

var (
	emailRE = regexp.MustCompile(`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}`)
	// phoneRE is a run of 7 or more digits, allowing a leading + and the usual separators.
	phoneRE = regexp.MustCompile(`\+?\d(?:[\s().-]{0,2}\d){6,}`)
	// digitsRE is a run of 6 digits: a link code, an account or card fragment.
	digitsRE = regexp.MustCompile(`\b\d{6}\b`)
	spaceRE  = regexp.MustCompile(`\s+`)
	// refRE is a ticket, work order or invoice reference, kept as written.
	refRE = regexp.MustCompile(`(?i)\b(?:TKT|WO|INV)[\s-]*\d{4}[\s-]*\d{1,4}\b`)
	// heldRE is a reference held aside while the rest is masked.
	heldRE = regexp.MustCompile("\x00[0-9]+\x00")
)

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
	var refs []string
	s := refRE.ReplaceAllStringFunc(b.String(), func(ref string) string {
		refs = append(refs, ref)
		return "\x00" + strconv.Itoa(len(refs)-1) + "\x00"
	})
	s = emailRE.ReplaceAllString(s, "[email]")
	s = phoneRE.ReplaceAllString(s, "[phone]")
	s = digitsRE.ReplaceAllString(s, "[number]")
	s = heldRE.ReplaceAllStringFunc(s, func(h string) string {
		n, _ := strconv.Atoi(strings.Trim(h, "\x00"))
		return refs[n]
	})
	s = strings.TrimSpace(spaceRE.ReplaceAllString(s, " "))
	if utf8.RuneCountInString(s) > MaxMessage {
		s = string([]rune(s)[:MaxMessage])
	}
	return s
}
