package ddb

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/awsjson"
)

// FuzzAttributeValueJSON decodes attribute values, well formed or not: what decodes marshals
// back to JSON that decodes to the same value.
func FuzzAttributeValueJSON(f *testing.F) {
	for _, s := range []string{`{"S":"a"}`, `{"N":"1"}`, `{"B":"aGk="}`, `{"BOOL":true}`, `{"NULL":true}`, `{"M":{"k":{"L":[{"S":"\ud83d\ude00"},{"NS":["1"]}]}}}`,
		`{"SS":["a","b"]}`, `{"BS":["AQ=="]}`, `{"S":"\u2028\"\\"}`, `{"S":"a","N":"1"}`, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := UnmarshalAttributeValueJSON(data)
		if err != nil {
			return
		}
		b, err := MarshalAttributeValueJSON(v)
		if err != nil {
			t.Fatalf("marshal %#v: %v", v, err)
		}
		back, err := UnmarshalAttributeValueJSON(b)
		if err != nil {
			t.Fatalf("unmarshal own %s: %v", b, err)
		}
		if diff := cmp.Diff(v, back); diff != "" {
			t.Errorf("round trip of %s (-first +second):\n%s", b, diff)
		}
	})
}

// FuzzParseAnswer feeds answers to every operation's parser: none panics, and a parsed answer
// has no nil attribute value.
func FuzzParseAnswer(f *testing.F) {
	f.Add([]byte(`{"Item":{"PK":{"S":"a"}}}`))
	f.Add([]byte(`{"Count":2,"ScannedCount":3,"Items":[{"PK":{"S":"a"}}],"LastEvaluatedKey":{"PK":{"S":"b"}},"ConsumedCapacity":{"x":[1.5e3,null,true]}}`))
	f.Add([]byte(`{"Responses":{"t":[{"a":{"N":"1"}}]},"UnprocessedKeys":{"t":{"Keys":[{"a":{"N":"1"}}],"ConsistentRead":true}}}`))
	f.Add([]byte(`{"UnprocessedItems":{"t":[{"PutRequest":{"Item":{"a":{"S":"x"}}}},{"DeleteRequest":{"Key":{"a":{"S":"x"}}}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var q QueryOutput
		var g BatchGetItemOutput
		var w BatchWriteItemOutput
		var attrs map[string]AttributeValue
		parsers := []func(r *reader, name string) error{
			page(&q.Items, &q.LastEvaluatedKey, &q.Count, &q.ScannedCount),
			attributes(&attrs),
			func(r *reader, name string) error {
				if name == "UnprocessedKeys" {
					return r.object(func(string) error { _, err := r.keysAndAttributes(); return err })
				}
				if name == "UnprocessedItems" {
					return r.object(func(string) error { return r.array(func() error { _, err := r.writeRequest(); return err }) })
				}
				return r.skip(0)
			},
		}
		_, _ = g, w
		parsed := false
		for i, member := range parsers {
			r := reader{b: data}
			if err := r.object(func(name string) error { return member(&r, name) }); err == nil && r.end() == nil && i == 0 {
				parsed = true
			}
		}
		if !parsed {
			return
		}
		for _, it := range q.Items {
			for k, v := range it {
				if v == nil {
					t.Errorf("item member %q nil", k)
				}
			}
		}
	})
}

// FuzzException feeds error answers to the exception parser: it yields the exception's type
// for its code whatever the body, or keeps the APIError.
func FuzzException(f *testing.F) {
	f.Add("ConditionalCheckFailedException", []byte(`{"message":"m","Item":{"a":{"S":"x"}}}`))
	f.Add("TransactionCanceledException", []byte(`{"Message":"m","CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Item":{"a":{"N":"1"}}}]}`))
	f.Add("ResourceNotFoundException", []byte(`{"message":"no"}`))
	f.Fuzz(func(t *testing.T, typ string, body []byte) {
		h := http.Header{}
		h.Set("X-Amzn-ErrorType", typ)
		e := awsjson.ParseError("dynamodb", 400, h, body)
		err := exception(e, body)
		switch e.Type {
		case "ConditionalCheckFailedException":
			if _, ok := err.(*ConditionalCheckFailedException); !ok {
				t.Errorf("got %T", err)
			}
		case "TransactionCanceledException":
			if _, ok := err.(*TransactionCanceledException); !ok {
				t.Errorf("got %T", err)
			}
		default:
			if err != nil {
				t.Errorf("got %v, want the APIError kept", err)
			}
		}
	})
}
