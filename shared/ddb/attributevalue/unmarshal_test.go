package attributevalue_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
)

func TestUnmarshalIntoInterface(t *testing.T) {
	tests := []struct {
		name string
		in   ddb.AttributeValue
		want any
	}{
		{"N is float64", n("12"), 12.0},
		{"S", s("x"), "x"},
		{"BOOL", &ddb.AttributeValueMemberBOOL{Value: true}, true},
		{"NULL", null, nil},
		{"B", &ddb.AttributeValueMemberB{Value: []byte{1}}, []byte{1}},
		{"L", l(s("a"), n("1.5")), []any{"a", 1.5}},
		{"M", m("a", l()), map[string]any{"a": []any{}}},
		{"SS", &ddb.AttributeValueMemberSS{Value: []string{"a"}}, []string{"a"}},
		{"NS", &ddb.AttributeValueMemberNS{Value: []string{"1", "2.5"}}, []float64{1, 2.5}},
		{"BS", &ddb.AttributeValueMemberBS{Value: [][]byte{{1}}}, [][]byte{{1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got any
			if err := attributevalue.Unmarshal(tt.in, &got); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("got (-want +got):\n%s", d)
			}
		})
	}
	var num any
	if err := attributevalue.UnmarshalWithOptions(n("1.50"), &num, func(o *attributevalue.DecoderOptions) { o.UseNumber = true }); err != nil || num != attributevalue.Number("1.50") {
		t.Errorf("UseNumber: got %#v, %v; want Number 1.50", num, err)
	}
}

func TestUnmarshalMap(t *testing.T) {
	type item struct {
		PK      string            `dynamodbav:"PK"`
		Count   int64             `dynamodbav:"count"`
		Ratio   float32           `dynamodbav:"ratio"`
		At      time.Time         `dynamodbav:"at"`
		Unix    time.Time         `dynamodbav:"unix,unixtime"`
		AsStr   int               `dynamodbav:"as_str,string"`
		Tags    []string          `dynamodbav:"tags,stringset"`
		Headers map[string]string `dynamodbav:"headers"`
		Ptr     *string           `dynamodbav:"ptr"`
		Stamp   stamp             `dynamodbav:"stamp"`
		Body    []byte            `dynamodbav:"body"`
		Gone    string            `dynamodbav:"gone"`
	}
	x := "x"
	in := m("PK", s("p"), "COUNT", n("7"), "ratio", n("0.5"), "at", s("2026-03-04T05:06:07.5+01:00"),
		"unix", n("1767323045"), "as_str", s("12"), "tags", &ddb.AttributeValueMemberSS{Value: []string{"a"}},
		"headers", m("k", s("v")), "ptr", s("x"), "stamp", s("day:wed"), "body", &ddb.AttributeValueMemberB{Value: []byte("b")},
		"gone", null, "unknown", s("ignored")).(*ddb.AttributeValueMemberM).Value
	got := item{Gone: "was set"}
	if err := attributevalue.UnmarshalMap(in, &got); err != nil {
		t.Fatal(err)
	}
	want := item{PK: "p", Count: 7, Ratio: 0.5, At: time.Date(2026, 3, 4, 5, 6, 7, 5e8, time.FixedZone("", 3600)),
		Unix: time.Unix(1767323045, 0), AsStr: 12, Tags: []string{"a"}, Headers: map[string]string{"k": "v"},
		Ptr: &x, Stamp: stamp{"wed"}, Body: []byte("b")}
	if d := cmp.Diff(want, got, cmp.AllowUnexported(item{})); d != "" {
		t.Errorf("got (-want +got):\n%s", d)
	}
}

func TestUnmarshalListOfMaps(t *testing.T) {
	type row struct{ ID string }
	in := []map[string]ddb.AttributeValue{{"ID": s("a")}, {"id": s("b")}}
	var got []row
	if err := attributevalue.UnmarshalListOfMaps(in, &got); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]row{{"a"}, {"b"}}, got); d != "" {
		t.Errorf("got (-want +got):\n%s", d)
	}
}

func TestUnmarshalJSONTags(t *testing.T) {
	in := m("id", s("1"), "count", s("3"), "json_name", s("b"), "items", l(m("by", s("v"))), "Skip", s("no")).(*ddb.AttributeValueMemberM).Value
	var got jsonTagged
	if err := attributevalue.UnmarshalMapWithOptions(in, &got, func(o *attributevalue.DecoderOptions) { o.TagKey = "json" }); err != nil {
		t.Fatal(err)
	}
	want := jsonTagged{ID: "1", Count: 3, Both: "b", Items: []jsonItem{{By: "v"}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("got (-want +got):\n%s", d)
	}
}

func TestUnmarshalErrors(t *testing.T) {
	var i8 int8
	var str string
	var st struct{ A int }
	tests := []struct {
		name string
		in   ddb.AttributeValue
		out  any
		want string
	}{
		{"not a pointer", s("x"), str, "unmarshal failed, cannot unmarshal to non-pointer value, got string"},
		{"nil pointer", s("x"), (*string)(nil), "unmarshal failed, cannot unmarshal to nil value, *string"},
		{"nil", s("x"), nil, "unmarshal failed, cannot unmarshal to nil value"},
		{"overflow", n("300"), &i8, "unmarshal failed, cannot unmarshal number overflow, 300 into Go value type int8"},
		{"string into int", s("x"), &i8, "unmarshal failed, cannot unmarshal string into Go value type int8"},
		{"number into string is allowed, list into struct is not", l(), &st, "unmarshal failed, cannot unmarshal list into Go value type struct { A int }"},
		{"fraction into int", m("A", n("1.5")), &st, `strconv.ParseInt: parsing "1.5": invalid syntax`},
		{"bad time", s("yesterday"), new(time.Time), `unmarshal failed, cannot unmarshal "yesterday" into time.Time, parsing time "yesterday"`},
		{"marshaler's error", s("x"), new(stamp), "stamp: not a day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := attributevalue.Unmarshal(tt.in, tt.out)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v, want %s", err, tt.want)
			}
		})
	}
	var te *attributevalue.UnmarshalTypeError
	if err := attributevalue.Unmarshal(&ddb.AttributeValueMemberBOOL{}, &i8); !errors.As(err, &te) {
		t.Errorf("got %T, want an UnmarshalTypeError", err)
	}
}
