package ddb

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAttributeValueJSON(t *testing.T) {
	tests := []struct {
		name string
		v    AttributeValue
		json string
	}{
		{"string", s("a\"b\\c\n\t<&>\u0001é"), `{"S":"a\"b\\c\n\t<&>\u0001é"}`},
		{"number", n("-1.5E3"), `{"N":"-1.5E3"}`},
		{"binary", &AttributeValueMemberB{Value: []byte("hi")}, `{"B":"aGk="}`},
		{"bool", &AttributeValueMemberBOOL{Value: true}, `{"BOOL":true}`},
		{"null", &AttributeValueMemberNULL{Value: true}, `{"NULL":true}`},
		{"empty map", &AttributeValueMemberM{Value: map[string]AttributeValue{}}, `{"M":{}}`},
		{"map", &AttributeValueMemberM{Value: map[string]AttributeValue{"k": n("1")}}, `{"M":{"k":{"N":"1"}}}`},
		{"list", &AttributeValueMemberL{Value: []AttributeValue{s("a"), &AttributeValueMemberL{Value: []AttributeValue{}}}}, `{"L":[{"S":"a"},{"L":[]}]}`},
		{"string set", &AttributeValueMemberSS{Value: []string{"a", "b"}}, `{"SS":["a","b"]}`},
		{"number set", &AttributeValueMemberNS{Value: []string{"1"}}, `{"NS":["1"]}`},
		{"binary set", &AttributeValueMemberBS{Value: [][]byte{{1}, {2}}}, `{"BS":["AQ==","Ag=="]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MarshalAttributeValueJSON(tt.v)
			if err != nil || string(got) != tt.json {
				t.Errorf("marshal: got %s, %v, want %s", got, err, tt.json)
			}
			back, err := UnmarshalAttributeValueJSON([]byte(tt.json))
			if err != nil {
				t.Fatalf("unmarshal: %v", err)
			}
			if diff := cmp.Diff(tt.v, back); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAttributeValueJSONRefused(t *testing.T) {
	deep := func(levels int) string {
		return strings.Repeat(`{"M":{"k":`, levels-1) + `{"S":"x"}` + strings.Repeat(`}}`, levels-1)
	}
	if _, err := UnmarshalAttributeValueJSON([]byte(deep(32))); err != nil {
		t.Errorf("32 levels: %v, want accepted", err)
	}
	tests := []struct{ name, json string }{
		{"no member", `{}`},
		{"several members", `{"S":"a","N":"1"}`},
		{"null", `null`},
		{"unknown member", `{"Z":"a"}`},
		{"wrong member type", `{"S":1}`},
		{"33 levels", deep(33)},
		{"unterminated", `{"S":"a`},
		{"bad escape", `{"S":"\x"}`},
		{"control character", "{\"S\":\"\x01\"}"},
		{"trailing", `{"S":"a"}x`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if v, err := UnmarshalAttributeValueJSON([]byte(tt.json)); err == nil {
				t.Errorf("got %#v, want an error", v)
			}
		})
	}
	w := writer{}
	w.value(&AttributeValueMemberM{Value: map[string]AttributeValue{"k": nil}}, 1)
	if w.err == nil {
		t.Error("nil value marshalled, want an error")
	}
}
