package nlu

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word, number or meaningful symbol of a message.
type token struct {
	s          string // lower-case, slang spelled out, typos of known words corrected
	w          string // lower-case without apostrophes, as written: what names are matched on
	raw        string // lower-case as written
	num        bool   // ASCII digits only
	start, end int    // byte offsets in the lower-cased text
}

// slang spells out the shorthand people type on phones.
var slang = map[string]string{
	"u": "you", "ya": "you", "yu": "you", "ur": "your", "yr": "your",
	"pls": "please", "plz": "please", "plse": "please", "pleez": "please", "plez": "please",
	"wot": "what", "wots": "what", "wat": "what", "whats": "what", "wats": "what", "wuts": "what",
	"thx": "thanks", "thnx": "thanks", "thanx": "thanks", "tnx": "thanks", "ty": "thanks",
	"tx": "thanks", "thankyou": "thanks", "cheers": "thanks", "ta": "thanks",
	"r": "are", "bal": "balance", "appt": "apartment", "apt": "apartment",
	"pic": "photo", "pics": "photos", "piccy": "photo", "piccies": "photos", "pix": "photos",
	"tmrw": "tomorrow", "tmr": "tomorrow", "tomoz": "tomorrow", "tomorow": "tomorrow",
	"tkts": "tickets", "invoices": "invoice", "hse": "house",
	"yh": "yeah", "ye": "yeah", "ya'll": "you", "k": "ok", "kk": "ok", "okey": "ok", "okay": "ok",
	"dont": "don't", "cant": "can't", "wont": "won't", "im": "i'm", "ive": "i've", "ill": "i'll",
	"gonna": "going", "wanna": "want", "gotta": "must", "abt": "about", "becoz": "because",
	"bcos": "because", "cos": "because", "coz": "because", "msg": "message", "fone": "phone",
}

// emoji stand in for words.
var emoji = map[rune]string{
	'👍': "yes", '✅': "yes", '👌': "yes", '👎': "no", '❌': "no", '👋': "hi", '🙏': "thanks",
}

// tokenize splits lower-cased text into tokens: runs of letters, runs of ASCII digits (a letter
// run and a digit run split: "flat3" is "flat" "3"), and the symbols ? £ # as tokens of their own.
// Apostrophes join a word ("o'brien" is "obrien", "don't" is "don't"), and a possessive "'s" is
// dropped ("smith's" is "smith").
func tokenize(low string) []token {
	toks := make([]token, 0, 16)
	start, class := -1, 0 // class 1 letters, 2 digits
	flush := func(end int) {
		if start < 0 {
			return
		}
		raw := low[start:end]
		s := raw
		if strings.ContainsAny(raw, "'’") {
			s = strings.ReplaceAll(raw, "’", "'")
			if strings.HasSuffix(s, "'s") && len(s) > 3 {
				s = s[:len(s)-2]
			}
			if s != "don't" && s != "can't" && s != "won't" && s != "i'm" && s != "i've" && s != "i'll" {
				s = strings.ReplaceAll(s, "'", "")
			}
		}
		w := strings.ReplaceAll(s, "'", "")
		if sl, ok := slang[s]; ok {
			s = sl
		}
		toks = append(toks, token{s: s, w: w, raw: raw, num: class == 2, start: start, end: end})
		start, class = -1, 0
	}
	for i, r := range low {
		c := 0
		switch {
		case r >= '0' && r <= '9':
			c = 2
		case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r):
			c = 1
		case (r == '\'' || r == '’') && class == 1:
			if next, _ := utf8.DecodeRuneInString(low[i+utf8.RuneLen(r):]); unicode.IsLetter(next) {
				continue
			}
		}
		if c != 0 && c == class {
			continue
		}
		flush(i)
		switch {
		case c != 0:
			start, class = i, c
		case r == '?' || r == '£' || r == '#':
			toks = append(toks, token{s: string(r), w: string(r), raw: string(r), start: i, end: i + utf8.RuneLen(r)})
		default:
			if w, ok := emoji[r]; ok {
				toks = append(toks, token{s: w, w: w, raw: string(r), start: i, end: i + utf8.RuneLen(r)})
			}
		}
	}
	flush(len(low))
	return toks
}

// words returns the tokens' words, for phrase matching.
func words(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.s
	}
	return out
}
