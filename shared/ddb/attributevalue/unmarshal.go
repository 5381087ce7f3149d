package attributevalue

import (
	"time"

	"github.com/proplink/chat/shared/ddb"
)

// Unmarshaler is a type that decodes itself from an attribute value (the SDK's interface on
// ddb's types). It is also called for NULL and for a missing value (av nil).
type Unmarshaler interface {
	UnmarshalDynamoDBAttributeValue(ddb.AttributeValue) error
}

// Unmarshal decodes av into the value out points to, with the default options.
func Unmarshal(av ddb.AttributeValue, out any) error {
	return NewDecoder().Decode(av, out)
}

// UnmarshalWithOptions is Unmarshal with the options optFns set.
func UnmarshalWithOptions(av ddb.AttributeValue, out any, optFns ...func(*DecoderOptions)) error {
	return NewDecoder(optFns...).Decode(av, out)
}

// UnmarshalMap decodes an item's attributes into the struct or map out points to.
func UnmarshalMap(m map[string]ddb.AttributeValue, out any) error {
	return NewDecoder().Decode(&ddb.AttributeValueMemberM{Value: m}, out)
}

// UnmarshalMapWithOptions is UnmarshalMap with the options optFns set.
func UnmarshalMapWithOptions(m map[string]ddb.AttributeValue, out any, optFns ...func(*DecoderOptions)) error {
	return NewDecoder(optFns...).Decode(&ddb.AttributeValueMemberM{Value: m}, out)
}

// UnmarshalList decodes a list's elements into the slice or array out points to.
func UnmarshalList(l []ddb.AttributeValue, out any) error {
	return NewDecoder().Decode(&ddb.AttributeValueMemberL{Value: l}, out)
}

// UnmarshalListWithOptions is UnmarshalList with the options optFns set.
func UnmarshalListWithOptions(l []ddb.AttributeValue, out any, optFns ...func(*DecoderOptions)) error {
	return NewDecoder(optFns...).Decode(&ddb.AttributeValueMemberL{Value: l}, out)
}

// UnmarshalListOfMaps decodes items (a query's or scan's) into the slice out points to.
func UnmarshalListOfMaps(l []map[string]ddb.AttributeValue, out any) error {
	return UnmarshalListOfMapsWithOptions(l, out)
}

// UnmarshalListOfMapsWithOptions is UnmarshalListOfMaps with the options optFns set.
func UnmarshalListOfMapsWithOptions(l []map[string]ddb.AttributeValue, out any, optFns ...func(*DecoderOptions)) error {
	items := make([]ddb.AttributeValue, len(l))
	for i, m := range l {
		items[i] = &ddb.AttributeValueMemberM{Value: m}
	}
	return UnmarshalListWithOptions(items, out, optFns...)
}

// DecodeTimeAttributes are the functions that decode a time.Time from S and from N.
type DecodeTimeAttributes struct {
	// S decodes an S (default: RFC 3339, with or without fractional seconds).
	S func(string) (time.Time, error)
	// N decodes an N (default: Unix seconds).
	N func(string) (time.Time, error)
}

// DecoderOptions are the SDK's decoder options.
type DecoderOptions struct {
	// TagKey is a struct tag read after `dynamodbav` for fields' names and options.
	TagKey string

	// UseNumber decodes N into an interface value as Number rather than float64.
	UseNumber bool

	// DecodeTime decodes time.Time values.
	DecodeTime DecodeTimeAttributes

	// UseEncodingUnmarshalers decodes S with UnmarshalText and B with UnmarshalBinary.
	UseEncodingUnmarshalers bool

	// FixUnmarshalIndividualSetValues hands an Unmarshaler element of a set its own value
	// rather than the whole set.
	FixUnmarshalIndividualSetValues bool
}

// Decoder decodes attribute values into Go values.
type Decoder struct {
	options DecoderOptions
}

// NewDecoder returns a Decoder with the SDK's defaults changed by optFns.
func NewDecoder(optFns ...func(*DecoderOptions)) *Decoder {
	d := &Decoder{options: DecoderOptions{TagKey: defaultTagKey, DecodeTime: DecodeTimeAttributes{S: defaultDecodeTimeS, N: defaultDecodeTimeN}}}
	for _, fn := range optFns {
		fn(&d.options)
	}
	if d.options.DecodeTime.S == nil {
		d.options.DecodeTime.S = defaultDecodeTimeS
	}
	if d.options.DecodeTime.N == nil {
		d.options.DecodeTime.N = defaultDecodeTimeN
	}
	return d
}

func defaultDecodeTimeS(v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, &UnmarshalError{Err: err, Value: v, Type: timeType}
	}
	return t, nil
}

func defaultDecodeTimeN(v string) (time.Time, error) {
	return decodeUnixTime(v)
}
