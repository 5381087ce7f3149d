package attributevalue

import (
	"time"

	"github.com/proplink/chat/shared/ddb"
)

// Marshaler is a type that encodes itself as an attribute value (the SDK's interface on
// ddb's types).
type Marshaler interface {
	MarshalDynamoDBAttributeValue() (ddb.AttributeValue, error)
}

// Marshal encodes in as an attribute value with the default options.
func Marshal(in any) (ddb.AttributeValue, error) {
	return NewEncoder().Encode(in)
}

// MarshalWithOptions encodes in as an attribute value with the options optFns set.
func MarshalWithOptions(in any, optFns ...func(*EncoderOptions)) (ddb.AttributeValue, error) {
	return NewEncoder(optFns...).Encode(in)
}

// MarshalMap encodes a struct or map as an item's attributes; anything else gives an empty map.
func MarshalMap(in any) (map[string]ddb.AttributeValue, error) {
	return MarshalMapWithOptions(in)
}

// MarshalMapWithOptions is MarshalMap with the options optFns set.
func MarshalMapWithOptions(in any, optFns ...func(*EncoderOptions)) (map[string]ddb.AttributeValue, error) {
	av, err := NewEncoder(optFns...).Encode(in)
	asMap, ok := av.(*ddb.AttributeValueMemberM)
	if err != nil || av == nil || !ok {
		return map[string]ddb.AttributeValue{}, err
	}
	return asMap.Value, nil
}

// MarshalList encodes a slice or array as a list's elements; anything else gives an empty list.
func MarshalList(in any) ([]ddb.AttributeValue, error) {
	return MarshalListWithOptions(in)
}

// MarshalListWithOptions is MarshalList with the options optFns set.
func MarshalListWithOptions(in any, optFns ...func(*EncoderOptions)) ([]ddb.AttributeValue, error) {
	av, err := NewEncoder(optFns...).Encode(in)
	asList, ok := av.(*ddb.AttributeValueMemberL)
	if err != nil || av == nil || !ok {
		return []ddb.AttributeValue{}, err
	}
	return asList.Value, nil
}

// EncoderOptions are the SDK's encoder options.
type EncoderOptions struct {
	// TagKey is a struct tag read after `dynamodbav` for fields' names and options ("json"
	// makes json tags count); its name and "-" win, options add up.
	TagKey string

	// NullEmptySets encodes an empty string, number or binary set as NULL (default true;
	// DynamoDB refuses empty sets).
	NullEmptySets bool

	// EncodeTime encodes a time.Time (default: S in RFC 3339 with nanoseconds).
	EncodeTime func(time.Time) (ddb.AttributeValue, error)

	// UseEncodingMarshalers encodes a TextMarshaler as S and a BinaryMarshaler as B.
	UseEncodingMarshalers bool

	// OmitNullAttributeValues omits an omitempty field whose Marshaler returns NULL.
	OmitNullAttributeValues bool

	// OmitEmptyTime omits a zero time.Time in an omitempty field.
	OmitEmptyTime bool
}

// Encoder encodes Go values as attribute values.
type Encoder struct {
	options EncoderOptions
}

// NewEncoder returns an Encoder with the SDK's defaults changed by optFns.
func NewEncoder(optFns ...func(*EncoderOptions)) *Encoder {
	e := &Encoder{options: EncoderOptions{TagKey: defaultTagKey, NullEmptySets: true, EncodeTime: defaultEncodeTime}}
	for _, fn := range optFns {
		fn(&e.options)
	}
	if e.options.EncodeTime == nil {
		e.options.EncodeTime = defaultEncodeTime
	}
	return e
}

func defaultEncodeTime(t time.Time) (ddb.AttributeValue, error) {
	return &ddb.AttributeValueMemberS{Value: t.Format(time.RFC3339Nano)}, nil
}
