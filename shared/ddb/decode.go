package ddb

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// reader parses JSON from a buffer, by hand: answers carry many attribute values, and
// encoding/json cannot decode into the AttributeValue interface without a detour.
type reader struct {
	b []byte
	i int
}

// syntaxError is JSON that does not parse, or does not have the shape expected.
type syntaxError struct {
	at  int
	msg string
}

func (e *syntaxError) Error() string { return fmt.Sprintf("ddb: answer at byte %d: %s", e.at, e.msg) }

func (r *reader) errorf(format string, args ...any) error {
	return &syntaxError{at: r.i, msg: fmt.Sprintf(format, args...)}
}

// ws skips white space and returns the next byte (0 at the end).
func (r *reader) ws() byte {
	for r.i < len(r.b) {
		switch c := r.b[r.i]; c {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return c
		}
	}
	return 0
}

// expect consumes c after white space.
func (r *reader) expect(c byte) error {
	if r.ws() != c {
		return r.errorf("want %q", c)
	}
	r.i++
	return nil
}

// null consumes a JSON null when one is next.
func (r *reader) null() bool {
	if r.ws() == 'n' && len(r.b)-r.i >= 4 && string(r.b[r.i:r.i+4]) == "null" {
		r.i += 4
		return true
	}
	return false
}

// object calls member for each member's name of the object next (null is none); member must
// consume the value.
func (r *reader) object(member func(name string) error) error {
	if r.null() {
		return nil
	}
	if err := r.expect('{'); err != nil {
		return err
	}
	if r.ws() == '}' {
		r.i++
		return nil
	}
	for {
		name, err := r.str()
		if err != nil {
			return err
		}
		if err := r.expect(':'); err != nil {
			return err
		}
		if err := member(name); err != nil {
			return err
		}
		switch r.ws() {
		case ',':
			r.i++
		case '}':
			r.i++
			return nil
		default:
			return r.errorf("want ',' or '}'")
		}
	}
}

// array calls elem for each element of the array next (null is none); elem must consume it.
func (r *reader) array(elem func() error) error {
	if r.null() {
		return nil
	}
	if err := r.expect('['); err != nil {
		return err
	}
	if r.ws() == ']' {
		r.i++
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		switch r.ws() {
		case ',':
			r.i++
		case ']':
			r.i++
			return nil
		default:
			return r.errorf("want ',' or ']'")
		}
	}
}

// str reads a JSON string.
func (r *reader) str() (string, error) {
	if err := r.expect('"'); err != nil {
		return "", err
	}
	start := r.i
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			s := string(r.b[start:r.i])
			r.i++
			if !utf8.ValidString(s) {
				return string([]rune(s)), nil // invalid UTF-8 as U+FFFD, as encoding/json does
			}
			return s, nil
		case c == '\\':
			return r.escaped(start)
		case c < 0x20:
			return "", r.errorf("control character in string")
		}
		r.i++
	}
	return "", r.errorf("unterminated string")
}

// escaped reads the rest of a string with escapes, which began at start.
func (r *reader) escaped(start int) (string, error) {
	out := append(make([]byte, 0, r.i-start+16), r.b[start:r.i]...)
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			r.i++
			if !utf8.Valid(out) {
				return string([]rune(string(out))), nil
			}
			return string(out), nil
		case c < 0x20:
			return "", r.errorf("control character in string")
		case c != '\\':
			out = append(out, c)
			r.i++
			continue
		}
		if r.i+1 >= len(r.b) {
			break
		}
		e := r.b[r.i+1]
		r.i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			c1, ok := r.hex4()
			if !ok {
				return "", r.errorf("bad \\u escape")
			}
			rn := rune(c1)
			if utf16.IsSurrogate(rn) {
				rn = utf8.RuneError
				if r.i+1 < len(r.b) && r.b[r.i] == '\\' && r.b[r.i+1] == 'u' {
					save := r.i
					r.i += 2
					c2, ok := r.hex4()
					if d := utf16.DecodeRune(rune(c1), rune(c2)); ok && d != utf8.RuneError {
						rn = d
					} else {
						r.i = save
					}
				}
			}
			out = utf8.AppendRune(out, rn)
		default:
			return "", r.errorf("bad escape")
		}
	}
	return "", r.errorf("unterminated string")
}

// hex4 reads four hex digits.
func (r *reader) hex4() (uint16, bool) {
	if len(r.b)-r.i < 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(string(r.b[r.i:r.i+4]), 16, 16)
	if err != nil {
		return 0, false
	}
	r.i += 4
	return uint16(v), true
}

// boolean reads true or false.
func (r *reader) boolean() (bool, error) {
	r.ws()
	switch {
	case len(r.b)-r.i >= 4 && string(r.b[r.i:r.i+4]) == "true":
		r.i += 4
		return true, nil
	case len(r.b)-r.i >= 5 && string(r.b[r.i:r.i+5]) == "false":
		r.i += 5
		return false, nil
	}
	return false, r.errorf("want a boolean")
}

// int32 reads an integer that fits 32 bits.
func (r *reader) int32() (int32, error) {
	r.ws()
	start := r.i
	for r.i < len(r.b) && (r.b[r.i] == '-' || r.b[r.i] >= '0' && r.b[r.i] <= '9') {
		r.i++
	}
	v, err := strconv.ParseInt(string(r.b[start:r.i]), 10, 32)
	if err != nil {
		return 0, r.errorf("want a 32-bit integer")
	}
	return int32(v), nil
}

// skip consumes any JSON value, nested at most maxSkip deep.
func (r *reader) skip(depth int) error {
	if depth > maxSkip {
		return r.errorf("nested too deep")
	}
	switch c := r.ws(); {
	case c == '{':
		return r.object(func(string) error { return r.skip(depth + 1) })
	case c == '[':
		return r.array(func() error { return r.skip(depth + 1) })
	case c == '"':
		_, err := r.str()
		return err
	case c == 't' || c == 'f':
		_, err := r.boolean()
		return err
	case c == 'n':
		if r.null() {
			return nil
		}
	case c == '-' || c >= '0' && c <= '9':
		start := r.i
		for r.i < len(r.b) && bytesIn(r.b[r.i], "+-.eE0123456789") {
			r.i++
		}
		if _, err := strconv.ParseFloat(string(r.b[start:r.i]), 64); err != nil && !errors.Is(err, strconv.ErrRange) {
			return r.errorf("bad number")
		}
		return nil
	}
	return r.errorf("want a value")
}

// maxSkip bounds the nesting of members skipped.
const maxSkip = 64

func bytesIn(c byte, set string) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}

// end checks nothing but white space follows.
func (r *reader) end() error {
	if r.ws() != 0 {
		return r.errorf("data after the answer")
	}
	return nil
}

// blob reads a base64 string.
func (r *reader) blob() ([]byte, error) {
	s, err := r.str()
	if err != nil {
		return nil, err
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, r.errorf("bad base64")
	}
	return b, nil
}

// strs reads an array of strings.
func (r *reader) strs() ([]string, error) {
	ss := []string{}
	err := r.array(func() error {
		s, err := r.str()
		ss = append(ss, s)
		return err
	})
	return ss, err
}
