package nlu

import "strings"

// phrase is a run of words to look for in a message, written space-separated; "*" stands for
// any one word ("mark * complete").
type phrase []string

// phrases splits each written phrase into words once, at start-up.
func phrases(written ...string) []phrase {
	out := make([]phrase, len(written))
	for i, w := range written {
		out[i] = strings.Fields(w)
	}
	return out
}

// find returns the index of the first occurrence of p in ws, or -1.
func (p phrase) find(ws []string) int {
	for i := 0; i+len(p) <= len(ws); i++ {
		if p.at(ws, i) {
			return i
		}
	}
	return -1
}

// at reports whether p occurs in ws starting at i.
func (p phrase) at(ws []string, i int) bool {
	for k, w := range p {
		if w != "*" && ws[i+k] != w {
			return false
		}
	}
	return true
}

func (p phrase) String() string { return strings.Join(p, " ") }
