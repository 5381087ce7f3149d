package attributevalue_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/proplink/chat/shared/ddb/attributevalue/avtest"
)

// The types below exercise each kind and tag option; the differential tests hold our output to
// the SDK's for representative and random values of each.

type scalars struct {
	S    string
	B    bool
	I    int
	I8   int8
	I16  int16
	I32  int32
	I64  int64
	U    uint
	U8   uint8
	U16  uint16
	U32  uint32
	U64  uint64
	F32  float32
	F64  float64
	Blob []byte
	Raw  json.RawMessage
	At   time.Time
	Arr  [3]int
	BArr [4]byte
}

type pointers struct {
	S   *string
	I   *int64
	F   *float64
	B   *bool
	T   *time.Time
	In  *inner
	PP  **string
	Sl  *[]string
	Any any
}

type inner struct {
	Name  string            `dynamodbav:"name"`
	Tags  []string          `dynamodbav:"tags,stringset"`
	Count int               `dynamodbav:"count,omitempty"`
	Attrs map[string]string `dynamodbav:"attrs"`
}

type tagged struct {
	Renamed    string             `dynamodbav:"renamed"`
	Skipped    string             `dynamodbav:"-"`
	OmitS      string             `dynamodbav:"omit_s,omitempty"`
	OmitI      int64              `dynamodbav:"omit_i,omitempty"`
	OmitB      bool               `dynamodbav:"omit_b,omitempty"`
	OmitT      time.Time          `dynamodbav:"omit_t,omitempty"`
	OmitSl     []string           `dynamodbav:"omit_sl,omitempty"`
	OmitM      map[string]int     `dynamodbav:"omit_m,omitempty"`
	OmitP      *inner             `dynamodbav:"omit_p,omitempty"`
	OmitAny    any                `dynamodbav:"omit_any,omitempty"`
	OmitStruct inner              `dynamodbav:"omit_struct,omitempty"`
	SS         []string           `dynamodbav:"ss,stringset"`
	SSOmit     []string           `dynamodbav:"ss_omit,stringset,omitempty"`
	NS         []int              `dynamodbav:"ns,numberset"`
	NSF        []float64          `dynamodbav:"nsf,numberset,omitempty"`
	BS         [][]byte           `dynamodbav:"bs,binaryset"`
	BSDefault  [][]byte           `dynamodbav:"bs_default"`
	AsString   int64              `dynamodbav:"as_string,string"`
	AsStringF  float64            `dynamodbav:"as_string_f,string"`
	Unix       time.Time          `dynamodbav:"unix,unixtime"`
	NullEmpty  string             `dynamodbav:"null_empty,nullempty"`
	NullSl     []string           `dynamodbav:"null_sl,nullempty"`
	ElemOmit   []string           `dynamodbav:"elem_omit,omitemptyelem"`
	ElemOmitM  map[string]string  `dynamodbav:"elem_omit_m,omitemptyelem"`
	ElemNull   []string           `dynamodbav:"elem_null,nullemptyelem"`
	ElemNullM  map[string]*string `dynamodbav:"elem_null_m,nullemptyelem"`
	OmitBoth   *string            `dynamodbav:"omit_both,omitempty,omitemptyelem"`
	NoName     string             `dynamodbav:",omitempty"`
	//lint:ignore U1000 there to show that unexported fields are skipped
	unexported string
}

type base struct {
	PK string `dynamodbav:"PK"`
	SK string `dynamodbav:"SK"`
}

type Exported struct {
	ID   string `dynamodbav:"id"`
	Note string
}

type Deeper struct {
	Exported
	Level int `dynamodbav:"level"`
}

type embedded struct {
	base
	*Exported
	Deeper `dynamodbav:"deeper"`
	ID     string `dynamodbav:"own_id"`
	Note   string // shadows Exported.Note
	Kind   string `dynamodbav:"kind"`
}

// conflicting has two embedded fields of the same name at the same depth: both are hidden.
type conflicting struct {
	A
	B
	Own string
}

// A is embedded in conflicting.
type A struct{ Name, OnlyA string }

// B is embedded in conflicting.
type B struct{ Name, OnlyB string }

type collections struct {
	L      []inner
	LP     []*inner
	LAny   []any
	M      map[string]inner
	MAny   map[string]any
	MInt   map[int]string
	MBool  map[bool]int
	MF     map[float64]string
	MS     map[string][]string
	Nested [][]string
	Iface  any
}

// jsonTagged is stored with TagKey "json", as the property records are.
type jsonTagged struct {
	ID        string `json:"id"`
	Name      string `json:"name,omitempty"`
	Count     int    `json:"count,string"`
	Skip      string `json:"-"`
	Both      string `json:"json_name" dynamodbav:"av_name,omitempty"`
	OnlyAV    string `dynamodbav:"only_av"`
	Untagged  string
	Zero      time.Time         `json:"zero,omitzero"`
	Meta      map[string]string `json:"meta,omitempty"`
	Items     []jsonItem        `json:"items,omitempty"`
	Optional  *jsonItem         `json:"optional,omitempty"`
	Amount    float64           `json:"amount"`
	IsEnabled bool              `json:"is_enabled"`
}

type jsonItem struct {
	By   string `json:"by"`
	Text string `json:"text,omitempty"`
}

type namedKinds struct {
	Kind   kindString
	Level  levelInt
	Kinds  []kindString `dynamodbav:",stringset"`
	Number numberLike
}

type kindString string
type levelInt int

// numberLike has Float64, Int64 and String: the SDK encodes it as N, and so must we.
type numberLike string

func (n numberLike) Float64() (float64, error) { return 0, nil }
func (n numberLike) Int64() (int64, error)     { return 0, nil }
func (n numberLike) String() string            { return string(n) }

func TestMarshalMatchesSDK(t *testing.T) {
	s := "x"
	tests := []struct {
		name    string
		tagKey  string
		samples []any
	}{
		{name: "scalars", samples: []any{scalars{S: "x", F32: 0.1, F64: 0.1, Blob: []byte{}, Raw: json.RawMessage(`{"a":1}`)}}},
		{name: "pointers", samples: []any{pointers{S: &s, PP: new(*string)}}},
		{name: "tag options", samples: []any{tagged{SS: []string{}, NS: []int{}, ElemOmit: []string{"", "a"}, ElemNull: []string{"", "b"}}}},
		{name: "embedded structs", samples: []any{embedded{Exported: &Exported{ID: "e"}}}},
		{name: "conflicting embedded names", samples: []any{conflicting{A: A{Name: "a"}, B: B{Name: "b"}}}},
		{name: "collections", samples: []any{collections{MInt: map[int]string{-1: "x"}, MAny: map[string]any{"n": 1.5}}}},
		{name: "json tags", tagKey: "json", samples: []any{jsonTagged{ID: "1", Count: 3}}},
		{name: "json tagged type, default tags", samples: []any{jsonTagged{ID: "1"}}},
		{name: "named kinds", samples: []any{namedKinds{Kind: "k", Number: "12.5"}}},
		{name: "map of any", samples: []any{map[string]any{"a": 1, "b": []any{"x", nil}}}},
		{name: "list of strings", samples: []any{[]string{"a", ""}}},
		{name: "map of strings", samples: []any{map[string]string{"Content-Type": "text/plain"}}},
		{name: "time", samples: []any{time.Date(2026, 1, 2, 3, 4, 5, 600, time.FixedZone("X", 3600))}},
		{name: "float64", samples: []any{1e21, 1e20, 0.000001, 1e-7}},
		{name: "float32", samples: []any{float32(0.1), float32(1e21)}},
		{name: "bytes", samples: []any{[]byte(nil), []byte{}, []byte{0, 1, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			avtest.Check(t, avtest.Options{TagKey: tt.tagKey, N: 300, Seed: 1}, tt.samples...)
		})
	}
}
