package attributevalue_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/ddb/attributevalue/avtest"
)

// fuzzItem is a decode target with a field of each kind the project stores.
type fuzzItem struct {
	Exported
	S     string
	I     int
	I8    int8
	U8    uint8
	U     uint64
	F     float32
	F64   float64
	B     bool
	Bytes []byte
	At    time.Time
	Unix  time.Time `dynamodbav:"unix,unixtime"`
	AsStr int       `dynamodbav:"as_str,string"`
	Tags  []string  `dynamodbav:"tags,stringset"`
	Nums  []int
	M     map[string]int
	MI    map[int]string
	L     []any
	P     *fuzzItem
	Any   any
	Sub   struct{ X string }
	Arr   [2]string
}

// fuzzTargets are the types FuzzUnmarshal decodes into.
var fuzzTargets = []reflect.Type{
	reflect.TypeOf((*any)(nil)).Elem(),
	reflect.TypeOf(map[string]any(nil)),
	reflect.TypeOf(map[string]string(nil)),
	reflect.TypeOf(fuzzItem{}),
	reflect.TypeOf([]fuzzItem(nil)),
	reflect.TypeOf(jsonTagged{}),
}

var (
	fuzzNames   = []string{"S", "s", "I", "I8", "U8", "U", "F", "F64", "B", "Bytes", "At", "at", "unix", "as_str", "tags", "Tags", "Nums", "M", "MI", "L", "P", "Any", "Sub", "X", "Arr", "id", "ID", "Note", "Count", "count", "name"}
	fuzzNumbers = []string{"0", "1", "-1", "1.5", "1e3", "300", "-129", "256", "9223372036854775808", "18446744073709551616", "1767323045", "1e400", "abc", "", " 1", "0x10"}
	fuzzStrings = []string{"", "x", "2026-03-04T05:06:07Z", "2026-03-04T05:06:07.123456789+05:30", "12", "day:mon", "true", "日本"}
)

// fuzzReader draws an attribute value tree from the fuzzer's bytes.
type fuzzReader struct{ b []byte }

func (r *fuzzReader) next() int {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return int(c)
}

func (r *fuzzReader) pick(pool []string) string {
	if c := r.next(); c < 240 {
		return pool[c%len(pool)]
	}
	n := r.next() % 8
	if n > len(r.b) {
		n = len(r.b)
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *fuzzReader) value(depth int) ddb.AttributeValue {
	kind := r.next() % 11
	if depth > 4 && kind >= 3 && kind <= 4 {
		kind = 0
	}
	switch kind {
	case 0:
		return &ddb.AttributeValueMemberS{Value: r.pick(fuzzStrings)}
	case 1:
		return &ddb.AttributeValueMemberN{Value: r.pick(fuzzNumbers)}
	case 2:
		return &ddb.AttributeValueMemberBOOL{Value: r.next()%2 == 0}
	case 3:
		var l []ddb.AttributeValue
		for range r.next() % 4 {
			l = append(l, r.value(depth+1))
		}
		return &ddb.AttributeValueMemberL{Value: l}
	case 4:
		return &ddb.AttributeValueMemberM{Value: r.item(depth + 1)}
	case 5:
		return &ddb.AttributeValueMemberNULL{Value: true}
	case 6:
		return &ddb.AttributeValueMemberB{Value: []byte(r.pick(fuzzStrings))}
	case 7:
		var ss []string
		for range r.next() % 3 {
			ss = append(ss, r.pick(fuzzStrings))
		}
		return &ddb.AttributeValueMemberSS{Value: ss}
	case 8:
		var ns []string
		for range r.next() % 3 {
			ns = append(ns, r.pick(fuzzNumbers))
		}
		return &ddb.AttributeValueMemberNS{Value: ns}
	case 9:
		var bs [][]byte
		for range r.next() % 3 {
			bs = append(bs, []byte(r.pick(fuzzStrings)))
		}
		return &ddb.AttributeValueMemberBS{Value: bs}
	default:
		return nil // a member missing from a list
	}
}

// item draws a map whose names differ even ignoring case: with two names folding to one
// field, which wins depends on map order (in the SDK too).
func (r *fuzzReader) item(depth int) map[string]ddb.AttributeValue {
	m := map[string]ddb.AttributeValue{}
	seen := map[string]bool{}
	for range r.next() % 6 {
		name, v := r.pick(fuzzNames), r.value(depth)
		if !seen[strings.ToLower(name)] && v != nil {
			seen[strings.ToLower(name)] = true
			m[name] = v
		}
	}
	return m
}

// FuzzUnmarshal decodes attribute values built from the fuzzer's bytes into several types with
// ours and the SDK's: ours must not panic and must agree with the SDK's on failure and
// result; what decoded into an interface must encode alike too.
func FuzzUnmarshal(f *testing.F) {
	for _, seed := range []string{"", "\x04\x05\x00\x01\x01\x02", "\x04\x03\x0a\x01\x05\x03\x02\x00\x00\x01\x03", "\x03\x03\x04\x01\x00\x00\x00\x07\x02\x01\x02"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &fuzzReader{b: data}
		av := r.value(0)
		if av == nil {
			av = &ddb.AttributeValueMemberM{Value: r.item(0)}
		}
		for _, typ := range fuzzTargets {
			if _, err := compareDecodeNoPanic(av, typ); err != nil {
				t.Fatalf("into %s: %v", typ, err)
			}
		}
		var decoded any
		if attributevalue.Unmarshal(av, &decoded) == nil {
			if _, err := avtest.Compare(decoded, ""); err != nil {
				t.Fatalf("re-encoding %#v: %v", decoded, err)
			}
		}
	})
}

func compareDecodeNoPanic(av ddb.AttributeValue, typ reflect.Type) (ok bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return avtest.CompareDecode(avtest.ToSDK(av), typ, "")
}
