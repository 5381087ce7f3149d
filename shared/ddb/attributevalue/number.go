package attributevalue

import (
	"fmt"
	"reflect"
	"strconv"
	"time"

	"github.com/proplink/chat/shared/ddb"
)

// Number is an N kept as its text, what an interface value receives with UseNumber.
type Number string

// Float64 parses the number as a float64.
func (n Number) Float64() (float64, error) { return strconv.ParseFloat(string(n), 64) }

// Int64 parses the number as an int64.
func (n Number) Int64() (int64, error) { return strconv.ParseInt(string(n), 10, 64) }

// Uint64 parses the number as a uint64.
func (n Number) Uint64() (uint64, error) { return strconv.ParseUint(string(n), 10, 64) }

// String returns the number's text.
func (n Number) String() string { return string(n) }

// UnixTime is a time.Time encoded as N, its Unix seconds.
type UnixTime time.Time

// MarshalDynamoDBAttributeValue encodes the time as N of its Unix seconds.
func (e UnixTime) MarshalDynamoDBAttributeValue() (ddb.AttributeValue, error) {
	return &ddb.AttributeValueMemberN{Value: strconv.FormatInt(time.Time(e).Unix(), 10)}, nil
}

// UnmarshalDynamoDBAttributeValue decodes an N of Unix seconds.
func (e *UnixTime) UnmarshalDynamoDBAttributeValue(av ddb.AttributeValue) error {
	tv, ok := av.(*ddb.AttributeValueMemberN)
	if !ok {
		return &UnmarshalTypeError{Value: fmt.Sprintf("%T", av), Type: reflect.TypeOf((*UnixTime)(nil))}
	}
	t, err := decodeUnixTime(tv.Value)
	if err != nil {
		return err
	}
	*e = UnixTime(t)
	return nil
}

// String formats the time as time.Time does.
func (e UnixTime) String() string { return time.Time(e).String() }

func decodeUnixTime(n string) (time.Time, error) {
	v, err := strconv.ParseInt(n, 10, 64)
	if err != nil {
		return time.Time{}, &UnmarshalError{Err: err, Value: n, Type: timeType}
	}
	return time.Unix(v, 0), nil
}
