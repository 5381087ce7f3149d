package attributevalue_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
)

func s(v string) ddb.AttributeValue { return &ddb.AttributeValueMemberS{Value: v} }
func n(v string) ddb.AttributeValue { return &ddb.AttributeValueMemberN{Value: v} }
func m(kv ...any) ddb.AttributeValue {
	out := map[string]ddb.AttributeValue{}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1].(ddb.AttributeValue)
	}
	return &ddb.AttributeValueMemberM{Value: out}
}
func l(vs ...ddb.AttributeValue) ddb.AttributeValue {
	return &ddb.AttributeValueMemberL{Value: append([]ddb.AttributeValue{}, vs...)}
}

var null = &ddb.AttributeValueMemberNULL{Value: true}

// stamp is a Marshaler and Unmarshaler: its own encoding wins over the struct's.
type stamp struct{ Day string }

func (st stamp) MarshalDynamoDBAttributeValue() (ddb.AttributeValue, error) {
	return s("day:" + st.Day), nil
}

func (st *stamp) UnmarshalDynamoDBAttributeValue(av ddb.AttributeValue) error {
	v, ok := av.(*ddb.AttributeValueMemberS)
	if !ok || len(v.Value) < 4 {
		return errors.New("stamp: not a day")
	}
	st.Day = v.Value[4:]
	return nil
}

func TestMarshal(t *testing.T) {
	str := "p"
	tests := []struct {
		name string
		in   any
		want ddb.AttributeValue
	}{
		{"string", "héllo", s("héllo")},
		{"empty string", "", s("")},
		{"bool", true, &ddb.AttributeValueMemberBOOL{Value: true}},
		{"int", -42, n("-42")},
		{"int64 min", int64(math.MinInt64), n("-9223372036854775808")},
		{"uint64 max", uint64(math.MaxUint64), n("18446744073709551615")},
		{"float without exponent", 1e21, n("1000000000000000000000")},
		{"small float", 1e-7, n("0.0000001")},
		{"fraction", 0.1, n("0.1")},
		{"float32 shortest", float32(0.1), n("0.1")},
		{"bytes", []byte("ab"), &ddb.AttributeValueMemberB{Value: []byte("ab")}},
		{"nil bytes", []byte(nil), null},
		{"byte array", [2]byte{1, 2}, &ddb.AttributeValueMemberB{Value: []byte{1, 2}}},
		{"bytes list is a binary set", [][]byte{{1}}, &ddb.AttributeValueMemberBS{Value: [][]byte{{1}}}},
		{"time", time.Date(2026, 3, 4, 5, 6, 7, 8, time.FixedZone("", 3600)), s("2026-03-04T05:06:07.000000008+01:00")},
		{"nil", nil, null},
		{"nil pointer", (*string)(nil), null},
		{"pointer", &str, s("p")},
		{"nil slice", []string(nil), null},
		{"empty slice", []string{}, l()},
		{"slice", []any{"a", 1, nil}, l(s("a"), n("1"), null)},
		{"nil map", map[string]int(nil), null},
		{"map", map[string]int{"a": 1}, m("a", n("1"))},
		{"int keys", map[int]bool{7: false}, m("7", &ddb.AttributeValueMemberBOOL{})},
		{"zero struct is not empty", struct{ A struct{ B int } }{}, m("A", m("B", n("0")))},
		{"marshaler", stamp{"mon"}, s("day:mon")},
		{"marshaler field", struct{ At stamp }{stamp{"tue"}}, m("At", s("day:tue"))},
		{"unix time", attributevalue.UnixTime(time.Unix(1700000000, 5)), n("1700000000")},
		{"number", attributevalue.Number("1.50"), n("1.50")},
		{"funcs and chans are left out", struct {
			F func()
			C chan int
			X int
		}{X: 1}, m("X", n("1"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := attributevalue.Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("got (-want +got):\n%s", d)
			}
		})
	}
}

func TestMarshalTags(t *testing.T) {
	type embedded struct {
		PK string `dynamodbav:"PK"`
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name string
		in   any
		want ddb.AttributeValue
	}{
		{"name and skip", struct {
			A string `dynamodbav:"a"`
			B string `dynamodbav:"-"`
			c string
		}{"x", "y", "z"}, m("a", s("x"))},
		{"omitempty", struct {
			S  string         `dynamodbav:"s,omitempty"`
			I  int            `dynamodbav:"i,omitempty"`
			Sl []string       `dynamodbav:"sl,omitempty"`
			M  map[string]int `dynamodbav:"m,omitempty"`
			P  *int           `dynamodbav:"p,omitempty"`
			T  time.Time      `dynamodbav:"t,omitempty"` // a zero time is not empty to the SDK
			E  []string       `dynamodbav:"e,omitempty"` // an empty slice is not either
		}{E: []string{}}, m("t", s("0001-01-01T00:00:00Z"), "e", l())},
		{"nil slice and map without omitempty are NULL", struct {
			Sl []string
			M  map[string]int
		}{}, m("Sl", null, "M", null)},
		{"stringset", struct {
			SS  []string `dynamodbav:"ss,stringset"`
			E   []string `dynamodbav:"e,stringset"`
			Nil []string `dynamodbav:"nil,stringset,omitempty"`
		}{SS: []string{"a", "b"}, E: []string{}}, m("ss", &ddb.AttributeValueMemberSS{Value: []string{"a", "b"}}, "e", null)},
		{"numberset and binaryset", struct {
			NS []float64 `dynamodbav:"ns,numberset"`
			BS [][]byte  `dynamodbav:"bs,binaryset"`
		}{[]float64{1.5, 2}, [][]byte{{1}}}, m("ns", &ddb.AttributeValueMemberNS{Value: []string{"1.5", "2"}}, "bs", &ddb.AttributeValueMemberBS{Value: [][]byte{{1}}})},
		{"string", struct {
			N int `dynamodbav:"n,string"`
		}{12}, m("n", s("12"))},
		{"unixtime", struct {
			T time.Time `dynamodbav:"t,unixtime"`
		}{at}, m("t", n("1767323045"))},
		{"nullempty", struct {
			S string `dynamodbav:"s,nullempty"`
		}{}, m("s", null)},
		{"omitemptyelem", struct {
			L []string          `dynamodbav:"l,omitemptyelem"`
			M map[string]string `dynamodbav:"m,omitemptyelem"`
		}{[]string{"", "a"}, map[string]string{"x": "", "y": "b"}}, m("l", l(s("a")), "m", m("y", s("b")))},
		{"nullemptyelem", struct {
			L []string `dynamodbav:"l,nullemptyelem"`
		}{[]string{"", "a"}}, m("l", l(null, s("a")))},
		{"embedded struct is flattened", struct {
			embedded
			SK string
		}{embedded{"p"}, "s"}, m("PK", s("p"), "SK", s("s"))},
		{"tagged embedded struct is a map", struct {
			embedded `dynamodbav:"key"`
		}{embedded{"p"}}, m("key", m("PK", s("p")))},
		{"nil embedded pointer is left out", struct {
			*Exported
			X int
		}{X: 1}, m("X", n("1"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := attributevalue.Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("got (-want +got):\n%s", d)
			}
		})
	}
}

func TestMarshalJSONTags(t *testing.T) {
	in := jsonTagged{ID: "1", Count: 3, Skip: "x", Both: "b", OnlyAV: "o", Untagged: "u", Amount: 2.5}
	got, err := attributevalue.MarshalMapWithOptions(in, func(o *attributevalue.EncoderOptions) { o.TagKey = "json" })
	if err != nil {
		t.Fatal(err)
	}
	want := m("id", s("1"), "count", s("3"), "json_name", s("b"), "only_av", s("o"), "Untagged", s("u"),
		"zero", s("0001-01-01T00:00:00Z"), "amount", n("2.5"), "is_enabled", &ddb.AttributeValueMemberBOOL{}).(*ddb.AttributeValueMemberM).Value
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("got (-want +got):\n%s", d)
	}
}

func TestMarshalErrors(t *testing.T) {
	tests := []struct {
		name, want string
		in         any
	}{
		{"empty map key", "marshal failed, map key cannot be empty", map[string]int{"": 1}},
		{"omitempty and nullempty", "marshal failed, unable to encode AttributeValue for zero value field with incompatible struct tags, omitempty and nullempty", struct {
			S string `dynamodbav:"s,omitempty,nullempty"`
		}{}},
		{"nil in a binary set", "marshal failed, binary set must only contain non-nil byte slices", [][]byte{nil}},
		{"string in a number set", "marshal failed, number set must only contain non-nil string numbers", struct {
			N []string `dynamodbav:"n,numberset"`
		}{[]string{"x"}}},
		{"unsupported key", "marshal failed, map key type not supported, must be string, number, bool, or TextMarshaler", map[[1]int]int{{1}: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := attributevalue.Marshal(tt.in)
			var ime *attributevalue.InvalidMarshalError
			if !errors.As(err, &ime) || err.Error() != tt.want {
				t.Errorf("got %v, want %s", err, tt.want)
			}
		})
	}
}

func TestMarshalMapOfANonMap(t *testing.T) {
	got, err := attributevalue.MarshalMap("text")
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("got %v, %v; want an empty map", got, err)
	}
}
