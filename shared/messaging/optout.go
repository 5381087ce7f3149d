package messaging

import (
	"strings"
	"unicode"
)

// Keyword is what a person's whole message asks for about receiving messages.
type Keyword int

// The keyword classes.
const (
	KeywordNone   Keyword = iota // an ordinary message
	KeywordOptOut                // STOP and its synonyms: stop messaging this person
	KeywordOptIn                 // START and its synonyms: messages are welcome again
)

// String names the keyword class for logs and metrics.
func (k Keyword) String() string {
	switch k {
	case KeywordOptOut:
		return "opt_out"
	case KeywordOptIn:
		return "opt_in"
	}
	return "none"
}

// The replies sent once when a person opts out or back in.
const (
	OptOutConfirmation = "You have been unsubscribed from PropLink messages. Reply START to resubscribe."
	OptInConfirmation  = "You have been resubscribed to PropLink messages. Reply STOP to unsubscribe."
)

// keywords are the whole messages that change what a person receives. Only unmistakable words
// count: WhatsApp sets no keyword list (Meta's policy asks businesses to honour any clear
// request to stop, and offers its own "stop promotions" control, which arrives as a
// user_preferences webhook), and the SMS carriers' extra words CANCEL, END, QUIT and YES are
// ordinary answers in a conversation with the assistant ("cancel" a pending question, "yes" to
// a confirmation), so they are not keywords here.
var keywords = map[string]Keyword{
	"STOP": KeywordOptOut, "STOP ALL": KeywordOptOut, "STOPALL": KeywordOptOut,
	"UNSUBSCRIBE": KeywordOptOut, "OPT OUT": KeywordOptOut, "OPT-OUT": KeywordOptOut, "OPTOUT": KeywordOptOut,
	"START": KeywordOptIn, "UNSTOP": KeywordOptIn, "SUBSCRIBE": KeywordOptIn,
}

// maxKeywordLen bounds the text worth normalising; no keyword is longer.
const maxKeywordLen = 64

// ClassifyKeyword classifies a whole inbound message: STOP, STOP ALL, UNSUBSCRIBE and OPT OUT
// are KeywordOptOut; START, UNSTOP and SUBSCRIBE are KeywordOptIn; anything else, CANCEL, END,
// QUIT and YES included, is KeywordNone and reaches the assistant. Only the whole message
// counts (trimmed, case-insensitive, inner spaces collapsed, trailing punctuation ignored):
// "Stop!" opts out, "stop the leak" is KeywordNone.
func ClassifyKeyword(text string) Keyword {
	if len(text) > maxKeywordLen {
		return KeywordNone
	}
	text = strings.TrimRightFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	})
	text = strings.ToUpper(strings.Join(strings.Fields(text), " "))
	return keywords[text]
}
