package meta

import (
	"bytes"
	"encoding/json"
)

// rawMessages walks a body that encoding/json decoded whole as a wireTypedEnvelope to the bytes
// of each change's messages: per change (entry by entry), its messages items as received. It
// costs a fraction of a decode, so the typed pass decodes each message once instead of keeping
// it raw and decoding it again. ok is false when the walk could disagree with encoding/json
// about which array a change's messages are: a key on the path that is escaped, equal to the
// wanted one but for case (encoding/json folds case), or given twice (it merges repeats); the
// caller then parses the body another way. Meta never sends such a body.
func rawMessages(body []byte) (changes [][]json.RawMessage, ok bool) {
	w := rawWalker{b: body}
	w.object("entry", func() {
		w.array(func() {
			w.object("changes", func() {
				w.array(func() {
					var msgs []json.RawMessage
					w.object("value", func() {
						w.object("messages", func() {
							w.array(func() {
								start := w.skip()
								msgs = append(msgs, body[start:w.i:w.i])
							})
						})
					})
					changes = append(changes, msgs)
				})
			})
		})
	})
	return changes, !w.bad
}

// rawWalker moves through well-formed JSON (encoding/json has validated it) without decoding.
type rawWalker struct {
	b   []byte
	i   int
	bad bool // the walk gave up: see rawMessages
}

func (w *rawWalker) space() {
	for w.i < len(w.b) && (w.b[w.i] == ' ' || w.b[w.i] == '\t' || w.b[w.i] == '\n' || w.b[w.i] == '\r') {
		w.i++
	}
}

// null moves past a null and reports whether there was one.
func (w *rawWalker) null() bool {
	w.space()
	if w.i < len(w.b) && w.b[w.i] == 'n' {
		w.i += len("null")
		return true
	}
	return false
}

// object walks the object (or null) at w.i: the value of key goes to value, which must move
// past it; every other value is skipped.
func (w *rawWalker) object(key string, value func()) {
	if w.bad || w.null() {
		return
	}
	if w.i >= len(w.b) || w.b[w.i] != '{' {
		w.bad = true
		return
	}
	w.i++
	seen := false
	for !w.bad {
		w.space()
		switch {
		case w.i >= len(w.b):
			w.bad = true
			return
		case w.b[w.i] == '}':
			w.i++
			return
		case w.b[w.i] == ',':
			w.i++
			w.space()
		}
		start := w.i + 1
		w.skipString()
		name := w.b[start : w.i-1]
		w.space()
		w.i++ // the colon
		switch {
		case string(name) == key && !seen:
			seen = true
			value()
		case string(name) == key || bytes.IndexByte(name, '\\') >= 0 || bytes.EqualFold(name, []byte(key)):
			w.bad = true
		default:
			w.skip()
		}
	}
}

// array walks the array (or null) at w.i, calling item at each element, which must move past
// it.
func (w *rawWalker) array(item func()) {
	if w.bad || w.null() {
		return
	}
	if w.i >= len(w.b) || w.b[w.i] != '[' {
		w.bad = true
		return
	}
	w.i++
	for !w.bad {
		w.space()
		switch {
		case w.i >= len(w.b):
			w.bad = true
			return
		case w.b[w.i] == ']':
			w.i++
			return
		case w.b[w.i] == ',':
			w.i++
		}
		item()
	}
}

// skip moves past the value at w.i and returns where it starts.
func (w *rawWalker) skip() int {
	w.space()
	start, depth := w.i, 0
	for w.i < len(w.b) {
		switch w.b[w.i] {
		case '"':
			w.skipString()
			if depth == 0 {
				return start
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return start // a number or literal ended with its container
			}
			if depth--; depth == 0 {
				w.i++
				return start
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return start
			}
		}
		w.i++
	}
	return start
}

// skipString moves past the string whose opening quote is at w.i.
func (w *rawWalker) skipString() {
	for w.i++; w.i < len(w.b); w.i++ {
		switch w.b[w.i] {
		case '\\':
			w.i++
		case '"':
			w.i++
			return
		}
	}
	w.bad = true
}
