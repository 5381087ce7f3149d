// Package attributevalue converts Go values to and from DynamoDB attribute values (ddb's
// AttributeValue) exactly as the SDK's feature/dynamodb/attributevalue v1.21.20 does, so that
// items the SDK wrote read back the same and items written here are byte-for-byte what the SDK
// would have written. It is a port of that package's marshalling rules (Apache-2.0, © Amazon.com,
// Inc.) onto shared/ddb's types, without linking the SDK's DynamoDB types and their schemas.
//
// Encoding, as the SDK's: string → S, bool → BOOL, ints, uints and floats → N (floats in the
// shortest 'f' form: 1e21 is "1000000000000000000000"), []byte and [N]byte → B, [][]byte → BS,
// time.Time → S in RFC 3339 with nanoseconds (N of Unix seconds with `unixtime`), structs and
// maps with string, number, bool or TextMarshaler keys → M, other slices and arrays → L, a nil
// pointer, interface, map or slice → NULL, a Marshaler → what it returns. Struct fields are
// named by the `dynamodbav` tag (or EncoderOptions.TagKey, read after it) with the options
// omitempty, omitemptyelem, nullempty, nullemptyelem, string, stringset, numberset, binaryset,
// unixtime and "-"; embedded structs are flattened by Go's visibility rules. Decoding is the
// reverse; into an interface value N gives float64 (Number with UseNumber), M gives
// map[string]any, L []any, SS []string, NS []float64, BS [][]byte.
//
// Two traps it keeps, as the SDK does: a nil set is NULL but an empty non-nil one is an empty
// SS/NS/BS, which DynamoDB refuses (moto takes it) — tag set fields omitempty, as shared/dynamo's
// are, or set EncoderOptions.NullEmptySets; and an N such as "1.5" or "1e3" does not decode into
// an integer field (DynamoDB hands numbers back normalised, "1.0" as "1", so a whole number
// written from a float reads back into an int).
package attributevalue
