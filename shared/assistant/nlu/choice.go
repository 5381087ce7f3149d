package nlu

import "strconv"

// numberWords are the spelt-out numbers and ordinals a choice may be.
var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
	"sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3,
}

// choiceFiller are the words that may surround a numbered choice without changing it.
var choiceFiller = map[string]bool{
	"option": true, "number": true, "no": true, "#": true, "choice": true, "the": true, "its": true,
	"it's": true, "is": true, "one": true, "please": true, "thanks": true, "i": true, "want": true,
	"choose": true, "pick": true, "select": true, "go": true, "with": true, "ll": true, "i'll": true,
	"take": true, "that": true, "first": true, "second": true, "third": true, "fourth": true,
	"fifth": true, "ok": true, "yes": false, "mean": true, "meant": true, "nr": true, "num": true,
}

// maxChoice is the largest number read as a numbered choice; larger bare numbers are not.
const maxChoice = 20

// findChoice reads a message that is only a numbered choice: "2", "#2", "option 3", "the second
// one", "2nd", "number two please". It returns the 1-based choice.
func findChoice(toks []token) (int, bool) {
	n, found := 0, false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		v := 0
		switch {
		case t.num:
			v, _ = strconv.Atoi(t.s)
			if i+1 < len(toks) && ordinalSuffix[toks[i+1].s] {
				i++
			}
		case numberWords[t.s] > 0 && !(t.s == "one" && found):
			v = numberWords[t.s]
		case choiceFiller[t.s] || t.s == "." || t.s == ")":
			continue
		default:
			return 0, false
		}
		if found || v < 1 || v > maxChoice {
			return 0, false
		}
		n, found = v, true
	}
	return n, found
}

// linkFiller are the words that may surround a linking code.
var linkFiller = map[string]bool{
	"link": true, "code": true, "my": true, "is": true, "the": true, "linking": true, "here": true,
	"it's": true, "its": true, "proplink": true, "please": true, "thanks": true, "chat": true,
}

// findLinkCode finds a six-digit staff linking code: "LINK 483920", "code 483920", "my code is
// 483 920", or a message of only the six digits and words like those.
func findLinkCode(toks []token) (span, bool) {
	for i, t := range toks {
		if !t.num {
			if !linkFiller[t.s] {
				break
			}
			continue
		}
		code, end := t.s, i+1
		if len(code) == 3 && end < len(toks) && toks[end].num && len(toks[end].s) == 3 {
			code, end = code+toks[end].s, end+1
		}
		if len(code) != 6 {
			return span{}, false
		}
		for _, rest := range toks[end:] {
			if rest.num || !linkFiller[rest.s] {
				return span{}, false
			}
		}
		return span{code, i, end}, true
	}
	return span{}, false
}
