package attributevalue

import (
	"reflect"
	"strings"
)

// tag is a struct field's options, as its `dynamodbav` (or TagKey) tag spells them.
type tag struct {
	Name                         string
	Ignore                       bool
	OmitEmpty                    bool
	OmitEmptyElem                bool
	NullEmpty                    bool
	NullEmptyElem                bool
	AsString                     bool
	AsBinSet, AsNumSet, AsStrSet bool
	AsUnixTime                   bool
}

// parseStructTag reads the tag under key, if the field has one; options accumulate over
// calls, the name and "-" are the last call's, as in the SDK.
func (t *tag) parseStructTag(key string, st reflect.StructTag) {
	if s := st.Get(key); s != "" {
		t.parseTagStr(s)
	}
}

func (t *tag) parseTagStr(s string) {
	name, opts, _ := strings.Cut(s, ",")
	if name == "-" {
		t.Name, t.Ignore = "", true
	} else {
		t.Name, t.Ignore = name, false
	}
	for opts != "" {
		var opt string
		opt, opts, _ = strings.Cut(opts, ",")
		switch opt {
		case "omitempty":
			t.OmitEmpty = true
		case "omitemptyelem":
			t.OmitEmptyElem = true
		case "nullempty":
			t.NullEmpty = true
		case "nullemptyelem":
			t.NullEmptyElem = true
		case "string":
			t.AsString = true
		case "binaryset":
			t.AsBinSet = true
		case "numberset":
			t.AsNumSet = true
		case "stringset":
			t.AsStrSet = true
		case "unixtime":
			t.AsUnixTime = true
		}
	}
}
