package ddb

import (
	"encoding/base64"
	"errors"
	"strconv"
	"unicode/utf8"
)

// maxDepth is how deep attribute values nest, as DynamoDB allows (32 levels).
const maxDepth = 32

// errNilValue is a nil AttributeValue, which has no wire form.
var errNilValue = errors.New("ddb: nil attribute value")

// errTooDeep is a value nested deeper than DynamoDB allows.
var errTooDeep = errors.New("ddb: attribute value nested deeper than 32 levels")

// writer appends JSON to a buffer; the first error sticks.
type writer struct {
	b     []byte
	err   error
	comma bool // a member or element came before in the current object or array
}

func (w *writer) open(c byte) {
	w.b = append(w.b, c)
	w.comma = false
}

func (w *writer) close(c byte) {
	w.b = append(w.b, c)
	w.comma = true
}

// key writes an object member's name.
func (w *writer) key(k string) {
	if w.comma {
		w.b = append(w.b, ',')
	}
	w.str(k)
	w.b = append(w.b, ':')
	w.comma = false
}

// elem starts an array element.
func (w *writer) elem() {
	if w.comma {
		w.b = append(w.b, ',')
	}
}

// str writes s as a JSON string, '<', '>' and '&' as they are and invalid UTF-8 as U+FFFD.
func (w *writer) str(s string) {
	const hex = "0123456789abcdef"
	w.b = append(w.b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			w.b = append(w.b, s[start:i]...)
			switch c {
			case '"', '\\':
				w.b = append(w.b, '\\', c)
			case '\n':
				w.b = append(w.b, '\\', 'n')
			case '\r':
				w.b = append(w.b, '\\', 'r')
			case '\t':
				w.b = append(w.b, '\\', 't')
			default:
				w.b = append(w.b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			w.b = append(w.b, s[start:i]...)
			w.b = append(w.b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			w.b = append(w.b, s[start:i]...)
			w.b = append(w.b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	w.b = append(w.b, s[start:]...)
	w.b = append(w.b, '"')
	w.comma = true
}

// bytes writes p base64-encoded as a JSON string.
func (w *writer) bytes(p []byte) {
	w.b = append(w.b, '"')
	w.b = base64.StdEncoding.AppendEncode(w.b, p)
	w.b = append(w.b, '"')
	w.comma = true
}

func (w *writer) boolean(v bool) {
	w.b = strconv.AppendBool(w.b, v)
	w.comma = true
}

func (w *writer) int(v int64) {
	w.b = strconv.AppendInt(w.b, v, 10)
	w.comma = true
}

// optStr writes member k when s is set.
func (w *writer) optStr(k string, s *string) {
	if s != nil {
		w.key(k)
		w.str(*s)
	}
}

// enum writes member k when s is not empty.
func (w *writer) enum(k, s string) {
	if s != "" {
		w.key(k)
		w.str(s)
	}
}

func (w *writer) optBool(k string, v *bool) {
	if v != nil {
		w.key(k)
		w.boolean(*v)
	}
}

func (w *writer) optInt(k string, v *int32) {
	if v != nil {
		w.key(k)
		w.int(int64(*v))
	}
}

// names writes member k, a map of strings, when m is not empty: DynamoDB refuses an empty
// ExpressionAttributeNames (the SDK's client would send {}).
func (w *writer) names(k string, m map[string]string) {
	if len(m) == 0 {
		return
	}
	w.key(k)
	w.open('{')
	for n, v := range m {
		w.key(n)
		w.str(v)
	}
	w.close('}')
}

// strs writes a JSON array of strings.
func (w *writer) strs(ss []string) {
	w.open('[')
	for _, s := range ss {
		w.elem()
		w.str(s)
	}
	w.close(']')
}

// item writes member k, an item (a map of attribute values), when m is not nil.
func (w *writer) item(k string, m map[string]AttributeValue) {
	if m != nil {
		w.key(k)
		w.valueMap(m, 1)
	}
}

// values writes member k, a map of attribute values, when m is not empty: DynamoDB refuses an
// empty ExpressionAttributeValues (the SDK's client would send {}).
func (w *writer) values(k string, m map[string]AttributeValue) {
	if len(m) > 0 {
		w.item(k, m)
	}
}

// valueMap writes m as a JSON object of attribute values at nesting depth.
func (w *writer) valueMap(m map[string]AttributeValue, depth int) {
	w.open('{')
	for n, v := range m {
		w.key(n)
		w.value(v, depth)
	}
	w.close('}')
}

// value writes v in DynamoDB's JSON form ({"S":"text"}, ...), v itself at nesting depth.
func (w *writer) value(v AttributeValue, depth int) {
	if depth > maxDepth {
		w.fail(errTooDeep)
		return
	}
	w.open('{')
	switch v := v.(type) {
	case *AttributeValueMemberS:
		w.key("S")
		w.str(v.Value)
	case *AttributeValueMemberN:
		w.key("N")
		w.str(v.Value)
	case *AttributeValueMemberB:
		w.key("B")
		w.bytes(v.Value)
	case *AttributeValueMemberBOOL:
		w.key("BOOL")
		w.boolean(v.Value)
	case *AttributeValueMemberNULL:
		w.key("NULL")
		w.boolean(v.Value)
	case *AttributeValueMemberM:
		w.key("M")
		w.valueMap(v.Value, depth+1)
	case *AttributeValueMemberL:
		w.key("L")
		w.open('[')
		for _, e := range v.Value {
			w.elem()
			w.value(e, depth+1)
		}
		w.close(']')
	case *AttributeValueMemberSS:
		w.key("SS")
		w.strs(v.Value)
	case *AttributeValueMemberNS:
		w.key("NS")
		w.strs(v.Value)
	case *AttributeValueMemberBS:
		w.key("BS")
		w.open('[')
		for _, e := range v.Value {
			w.elem()
			w.bytes(e)
		}
		w.close(']')
	default:
		w.fail(errNilValue)
	}
	w.close('}')
}

func (w *writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// MarshalAttributeValueJSON returns v in DynamoDB's JSON form, e.g. {"S":"text"} or
// {"M":{"n":{"N":"1"}}}.
func MarshalAttributeValueJSON(v AttributeValue) ([]byte, error) {
	w := writer{}
	w.value(v, 1)
	return w.b, w.err
}
