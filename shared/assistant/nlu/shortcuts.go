package nlu

import "slices"

// Short messages that are only a greeting, a yes or a no are read whole, before any scoring.

// greetingWords are the words of a message that only greets or thanks, in English and the
// most common greetings of other languages.
var greetingWords = map[string]bool{
	"hi": true, "hello": true, "hey": true, "hiya": true, "heya": true, "yo": true, "morning": true,
	"afternoon": true, "evening": true, "good": true, "gm": true, "thanks": true, "thank": true,
	"you": true, "much": true, "very": true, "there": true, "all": true, "hola": true,
	"bonjour": true, "salut": true, "ciao": true, "hallo": true, "ola": true, "olá": true,
	"namaste": true, "salaam": true, "buenos": true, "dias": true, "días": true, "guten": true,
	"tag": true, "morgen": true, "dzień": true, "dzien": true, "dobry": true, "cześć": true,
	"proplink": true, "team": true, "folks": true, "bye": true, "goodbye": true, "great": true,
	"lovely": true, "brilliant": true, "cool": true, "nice": true, "perfect": true, "so": true,
	"appreciated": true, "appreciate": true, "it": true, "that": true, "cheers": true, "mate": true,
	"again": true, "for": true, "your": true, "help": false, "a": true, "lot": true, "merci": true,
	"gracias": true, "danke": true, "grazie": true, "obrigado": true, "dziękuję": true,
	"how": true, "are": true, "doing": true, "is": true, "awesome": true, "hope": true,
	"well": true, "day": true, "nite": true, "night": true, "ta": true, "bonsoir": true,
}

// confirmYes and confirmNo are the phrases of a bare yes or no; confirmFiller the words that may
// come with them.
var (
	confirmYes = phrases("yes", "yeah", "yep", "yup", "y", "sure", "ok", "confirm", "confirmed",
		"correct", "go ahead", "do it", "affirmative", "absolutely", "definitely", "proceed", "agreed",
		"sounds good", "fine", "right", "go on", "please do", "alright", "aye", "yea", "yas", "course",
		"that's right", "thats right", "why not")
	confirmNo = phrases("no", "nope", "nah", "n", "don't", "do not", "cancel", "never mind",
		"nevermind", "not now", "wrong", "incorrect", "negative", "abort", "stop that", "forget it",
		"leave it", "not yet", "no way", "not that")
	confirmFiller = map[string]bool{
		"please": true, "thanks": true, "it": true, "that": true, "is": true, "the": true, "ok": true,
		"thank": true, "you": true, "yes": true, "no": true, "its": true, "it's": true, "all": true,
		"good": true, "great": true, "of": true, "mate": true, "then": true, "for": true, "now": true,
		"i": true, "think": true, "so": true, "oh": true, "oops": true, "sorry": true, "just": true,
		"well": true, "ahead": true, "go": true, "a": true, "this": true,
	}
)

// onlyGreeting reports whether every word greets or thanks ("help" too, in thanks: "thanks for
// your help").
func onlyGreeting(ws []string) bool {
	if len(ws) == 0 {
		return false
	}
	thanks := slices.Contains(ws, "thanks") || slices.Contains(ws, "thank")
	for _, w := range ws {
		if !greetingWords[w] && !(thanks && w == "help") {
			return false
		}
	}
	return true
}

// bareConfirm reads a message that is only a yes or a no (with "please", "thanks" and the like);
// the first of them counts.
func bareConfirm(ws []string) (Intent, phrase, bool) {
	if len(ws) == 0 || len(ws) > 8 {
		return "", nil, false
	}
	covered := make([]bool, len(ws))
	var first Intent
	var said phrase
	at := len(ws)
	for _, set := range []struct {
		in Intent
		ps []phrase
	}{{IntentConfirmYes, confirmYes}, {IntentConfirmNo, confirmNo}} {
		for _, p := range set.ps {
			for i := 0; i+len(p) <= len(ws); i++ {
				if !p.at(ws, i) {
					continue
				}
				for k := range p {
					covered[i+k] = true
				}
				if i < at || (i == at && len(p) > len(said)) {
					first, said, at = set.in, p, i
				}
			}
		}
	}
	if first == "" {
		return "", nil, false
	}
	for i, w := range ws {
		if !covered[i] && !confirmFiller[w] && !greetingWords[w] {
			return "", nil, false
		}
	}
	return first, said, true
}
