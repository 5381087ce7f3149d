package attributevalue

import (
	"fmt"
	"reflect"
)

// InvalidMarshalError is a value that cannot be encoded (an empty map key, a bad set element).
type InvalidMarshalError struct {
	msg string
}

// Error says what could not be encoded, in the SDK's words.
func (e *InvalidMarshalError) Error() string {
	return fmt.Sprintf("marshal failed, %s", e.msg)
}

// UnmarshalTypeError is an attribute value that does not fit the Go type it is decoded into.
type UnmarshalTypeError struct {
	Value string
	Type  reflect.Type
	Err   error
}

// Unwrap returns the underlying error, if any.
func (e *UnmarshalTypeError) Unwrap() error { return e.Err }

// Error says what did not fit where, in the SDK's words.
func (e *UnmarshalTypeError) Error() string {
	return fmt.Sprintf("unmarshal failed, cannot unmarshal %s into Go value type %s", e.Value, e.Type.String())
}

// InvalidUnmarshalError is a Decode target that is not a non-nil pointer.
type InvalidUnmarshalError struct {
	Type reflect.Type
}

// Error says what the target was, in the SDK's words.
func (e *InvalidUnmarshalError) Error() string {
	var msg string
	switch {
	case e.Type == nil:
		msg = "cannot unmarshal to nil value"
	case e.Type.Kind() != reflect.Pointer:
		msg = fmt.Sprintf("cannot unmarshal to non-pointer value, got %s", e.Type.String())
	default:
		msg = fmt.Sprintf("cannot unmarshal to nil value, %s", e.Type.String())
	}
	return fmt.Sprintf("unmarshal failed, %s", msg)
}

// UnmarshalError is a value that could not be parsed as its Go type (a time, a Unix time).
type UnmarshalError struct {
	Err   error
	Value string
	Type  reflect.Type
}

// Unwrap returns the parse error.
func (e *UnmarshalError) Unwrap() error { return e.Err }

// Error says what could not be parsed as what, in the SDK's words.
func (e *UnmarshalError) Error() string {
	return fmt.Sprintf("unmarshal failed, cannot unmarshal %q into %s, %v", e.Value, e.Type.String(), e.Err)
}
