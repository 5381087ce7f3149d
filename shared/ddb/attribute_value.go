package ddb

// AttributeValue is one DynamoDB attribute's value: exactly one of the members below, as in
// DynamoDB's JSON ({"S": "text"}, {"N": "12"}, {"M": {...}} ...). The members mirror the SDK's
// types.AttributeValueMember* so that code written against the SDK reads the same.
type AttributeValue interface {
	isAttributeValue()
}

// AttributeValueMemberB is a Binary value, sent base64-encoded.
type AttributeValueMemberB struct{ Value []byte }

// AttributeValueMemberBOOL is a Boolean value.
type AttributeValueMemberBOOL struct{ Value bool }

// AttributeValueMemberBS is a Binary Set.
type AttributeValueMemberBS struct{ Value [][]byte }

// AttributeValueMemberL is a List of values.
type AttributeValueMemberL struct{ Value []AttributeValue }

// AttributeValueMemberM is a Map of names to values.
type AttributeValueMemberM struct{ Value map[string]AttributeValue }

// AttributeValueMemberN is a Number, kept as its decimal text.
type AttributeValueMemberN struct{ Value string }

// AttributeValueMemberNS is a Number Set, each number as its decimal text.
type AttributeValueMemberNS struct{ Value []string }

// AttributeValueMemberNULL is the Null value (Value is true).
type AttributeValueMemberNULL struct{ Value bool }

// AttributeValueMemberS is a String value.
type AttributeValueMemberS struct{ Value string }

// AttributeValueMemberSS is a String Set.
type AttributeValueMemberSS struct{ Value []string }

func (*AttributeValueMemberB) isAttributeValue()    {}
func (*AttributeValueMemberBOOL) isAttributeValue() {}
func (*AttributeValueMemberBS) isAttributeValue()   {}
func (*AttributeValueMemberL) isAttributeValue()    {}
func (*AttributeValueMemberM) isAttributeValue()    {}
func (*AttributeValueMemberN) isAttributeValue()    {}
func (*AttributeValueMemberNS) isAttributeValue()   {}
func (*AttributeValueMemberNULL) isAttributeValue() {}
func (*AttributeValueMemberS) isAttributeValue()    {}
func (*AttributeValueMemberSS) isAttributeValue()   {}
