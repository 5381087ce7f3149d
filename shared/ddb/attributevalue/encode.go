package attributevalue

import (
	"encoding"
	"fmt"
	"reflect"
	"strconv"
	"time"

	"github.com/proplink/chat/shared/ddb"
)

var (
	byteSliceType      = reflect.TypeOf([]byte(nil))
	byteSliceSliceType = reflect.TypeOf([][]byte(nil))
	timeType           = reflect.TypeOf(time.Time{})
)

// Encode encodes in as an attribute value; a nil in (or one of no type) is NULL.
func (e *Encoder) Encode(in any) (ddb.AttributeValue, error) {
	return e.encode(reflect.ValueOf(in), tag{})
}

// encode returns v's attribute value, or nil for a value to leave out.
func (e *Encoder) encode(v reflect.Value, fieldTag tag) (ddb.AttributeValue, error) {
	if fieldTag.Ignore {
		return nil, nil
	}
	if isZeroValue(v) {
		if fieldTag.OmitEmpty && fieldTag.NullEmpty {
			return nil, &InvalidMarshalError{msg: "unable to encode AttributeValue for zero value field with incompatible struct tags, omitempty and nullempty"}
		}
		if fieldTag.OmitEmpty {
			return nil, nil
		} else if isNullableZeroValue(v) || fieldTag.NullEmpty {
			return encodeNull(), nil
		}
	}

	v = valueElem(v)
	if v.Kind() != reflect.Invalid {
		if av, err := e.tryMarshaler(v); err != nil {
			return nil, err
		} else if e.options.OmitNullAttributeValues && fieldTag.OmitEmpty && isNullAttributeValue(av) {
			return nil, nil
		} else if av != nil {
			return av, nil
		}
	}

	switch v.Kind() {
	case reflect.Invalid:
		if fieldTag.OmitEmpty {
			return nil, nil
		}
		return encodeNull(), nil
	case reflect.Struct:
		return e.encodeStruct(v, fieldTag)
	case reflect.Map:
		return e.encodeMap(v, fieldTag)
	case reflect.Slice, reflect.Array:
		return e.encodeSlice(v, fieldTag)
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return nil, nil // not encodable: left out, as the SDK does
	case reflect.Pointer:
		// A pointer to a pointer (or an interface holding one).
		if el := v.Elem(); el.IsValid() {
			return e.encode(el, fieldTag)
		}
		if fieldTag.OmitEmpty && fieldTag.OmitEmptyElem {
			return nil, nil
		}
		return encodeNull(), nil
	default:
		return e.encodeScalar(v, fieldTag)
	}
}

func (e *Encoder) encodeStruct(v reflect.Value, fieldTag tag) (ddb.AttributeValue, error) {
	if v.Type().ConvertibleTo(timeType) {
		t := v.Convert(timeType).Interface().(time.Time)
		if e.options.OmitEmptyTime && fieldTag.OmitEmpty && t.IsZero() {
			return nil, nil
		}
		if fieldTag.AsUnixTime {
			return UnixTime(t).MarshalDynamoDBAttributeValue()
		}
		return e.options.EncodeTime(t)
	}

	fields := unionStructFields(v.Type(), e.options.TagKey)
	m := &ddb.AttributeValueMemberM{Value: make(map[string]ddb.AttributeValue, len(fields.fields))}
	for i := range fields.fields {
		f := &fields.fields[i]
		if f.Name == "" {
			return nil, &InvalidMarshalError{msg: "map key cannot be empty"}
		}
		fv, found := encoderFieldByIndex(v, f.Index)
		if !found {
			continue
		}
		elem, err := e.encode(fv, f.tag)
		if err != nil {
			return nil, err
		} else if elem == nil {
			continue
		}
		m.Value[f.Name] = elem
	}
	return m, nil
}

func (e *Encoder) encodeMap(v reflect.Value, fieldTag tag) (ddb.AttributeValue, error) {
	m := &ddb.AttributeValueMemberM{Value: make(map[string]ddb.AttributeValue, v.Len())}
	elemTag := tag{OmitEmpty: fieldTag.OmitEmptyElem, OmitEmptyElem: fieldTag.OmitEmptyElem, NullEmpty: fieldTag.NullEmptyElem}
	iter := v.MapRange()
	for iter.Next() {
		keyName, err := mapKeyAsString(iter.Key())
		if err != nil {
			return nil, err
		}
		elem, err := e.encode(iter.Value(), elemTag)
		if err != nil {
			return nil, err
		} else if elem == nil {
			continue
		}
		m.Value[keyName] = elem
	}
	return m, nil
}

func mapKeyAsString(keyVal reflect.Value) (string, error) {
	var keyStr string
	plain := keyVal.Type().NumMethod() == 0 // no MarshalText, String or Error to call
	var k encoding.TextMarshaler
	if !plain {
		k, _ = keyVal.Interface().(encoding.TextMarshaler)
	}
	if k != nil {
		b, err := k.MarshalText()
		if err != nil {
			return "", fmt.Errorf("failed to marshal text, %w", err)
		}
		keyStr = string(b)
	} else {
		switch keyVal.Kind() {
		case reflect.String:
			if plain {
				keyStr = keyVal.String()
			} else {
				keyStr = fmt.Sprint(keyVal.Interface())
			}
		case reflect.Bool,
			reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
			reflect.Float32, reflect.Float64:
			keyStr = fmt.Sprint(keyVal.Interface())
		default:
			return "", &InvalidMarshalError{msg: "map key type not supported, must be string, number, bool, or TextMarshaler"}
		}
	}
	if keyStr == "" {
		return "", &InvalidMarshalError{msg: "map key cannot be empty"}
	}
	return keyStr, nil
}

func (e *Encoder) encodeSlice(v reflect.Value, fieldTag tag) (ddb.AttributeValue, error) {
	if v.Type().Elem().Kind() == reflect.Uint8 {
		b := make([]byte, v.Len())
		reflect.Copy(reflect.ValueOf(b), v)
		return &ddb.AttributeValueMemberB{Value: b}, nil
	}

	var setElem func(ddb.AttributeValue) error
	var av ddb.AttributeValue
	switch {
	case fieldTag.AsBinSet || v.Type() == byteSliceSliceType:
		if v.Len() == 0 && e.options.NullEmptySets {
			return encodeNull(), nil
		}
		bs := &ddb.AttributeValueMemberBS{Value: make([][]byte, 0, v.Len())}
		av = bs
		setElem = func(elem ddb.AttributeValue) error {
			b, ok := elem.(*ddb.AttributeValueMemberB)
			if !ok || b == nil || b.Value == nil {
				return &InvalidMarshalError{msg: "binary set must only contain non-nil byte slices"}
			}
			bs.Value = append(bs.Value, b.Value)
			return nil
		}
	case fieldTag.AsNumSet:
		if v.Len() == 0 && e.options.NullEmptySets {
			return encodeNull(), nil
		}
		ns := &ddb.AttributeValueMemberNS{Value: make([]string, 0, v.Len())}
		av = ns
		setElem = func(elem ddb.AttributeValue) error {
			n, ok := elem.(*ddb.AttributeValueMemberN)
			if !ok || n == nil {
				return &InvalidMarshalError{msg: "number set must only contain non-nil string numbers"}
			}
			ns.Value = append(ns.Value, n.Value)
			return nil
		}
	case fieldTag.AsStrSet:
		if v.Len() == 0 && e.options.NullEmptySets {
			return encodeNull(), nil
		}
		ss := &ddb.AttributeValueMemberSS{Value: make([]string, 0, v.Len())}
		av = ss
		setElem = func(elem ddb.AttributeValue) error {
			s, ok := elem.(*ddb.AttributeValueMemberS)
			if !ok || s == nil {
				return &InvalidMarshalError{msg: "string set must only contain non-nil strings"}
			}
			ss.Value = append(ss.Value, s.Value)
			return nil
		}
	default:
		l := &ddb.AttributeValueMemberL{Value: make([]ddb.AttributeValue, 0, v.Len())}
		av = l
		setElem = func(elem ddb.AttributeValue) error {
			l.Value = append(l.Value, elem)
			return nil
		}
	}

	elemTag := tag{OmitEmpty: fieldTag.OmitEmptyElem, OmitEmptyElem: fieldTag.OmitEmptyElem, NullEmpty: fieldTag.NullEmptyElem}
	for i := 0; i < v.Len(); i++ {
		elem, err := e.encode(v.Index(i), elemTag)
		if err != nil {
			return nil, err
		} else if elem == nil {
			continue
		}
		if err := setElem(elem); err != nil {
			return nil, err
		}
	}
	return av, nil
}

// numberer is what Number (and json.Number) have: a string kind encoded as N.
type numberer interface {
	Float64() (float64, error)
	Int64() (int64, error)
	String() string
}

func isNumberValueType(v reflect.Value) bool {
	if v.Kind() != reflect.String || v.Type().NumMethod() == 0 || !v.CanInterface() {
		return false
	}
	_, ok := v.Interface().(numberer)
	return ok
}

func (e *Encoder) encodeScalar(v reflect.Value, fieldTag tag) (ddb.AttributeValue, error) {
	if isNumberValueType(v) {
		if fieldTag.AsString {
			return &ddb.AttributeValueMemberS{Value: v.String()}, nil
		}
		return &ddb.AttributeValueMemberN{Value: v.String()}, nil
	}

	var out string
	switch v.Kind() {
	case reflect.Bool:
		return &ddb.AttributeValueMemberBOOL{Value: v.Bool()}, nil
	case reflect.String:
		return &ddb.AttributeValueMemberS{Value: v.String()}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		out = strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		out = strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32:
		out = strconv.FormatFloat(v.Float(), 'f', -1, 32)
	case reflect.Float64:
		out = strconv.FormatFloat(v.Float(), 'f', -1, 64)
	default:
		return nil, nil // uintptr, complex: left out, as the SDK does
	}
	if fieldTag.AsString {
		return &ddb.AttributeValueMemberS{Value: out}, nil
	}
	return &ddb.AttributeValueMemberN{Value: out}, nil
}

func encodeNull() ddb.AttributeValue {
	return &ddb.AttributeValueMemberNULL{Value: true}
}

// encoderFieldByIndex follows index through embedded structs; a nil embedded pointer means the
// field is absent.
func encoderFieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer && v.Type().Elem().Kind() == reflect.Struct {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

func valueElem(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		v = v.Elem()
	}
	return v
}

// isZeroValue is the SDK's idea of empty for omitempty: note a zero struct is not empty.
func isZeroValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Invalid:
		return true
	case reflect.Array:
		return v.Len() == 0
	case reflect.Map, reflect.Slice:
		return v.IsNil()
	case reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

func isNullableZeroValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Invalid:
		return true
	case reflect.Map, reflect.Slice, reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

func (e *Encoder) tryMarshaler(v reflect.Value) (ddb.AttributeValue, error) {
	if v.Kind() != reflect.Pointer && v.Type().Name() != "" && v.CanAddr() {
		v = v.Addr()
	}
	if v.Type().NumMethod() == 0 {
		return nil, nil
	}
	i := v.Interface()
	if m, ok := i.(Marshaler); ok {
		return m.MarshalDynamoDBAttributeValue()
	}
	if e.options.UseEncodingMarshalers {
		if m, ok := i.(encoding.TextMarshaler); ok {
			s, err := m.MarshalText()
			if err != nil {
				return nil, err
			}
			return &ddb.AttributeValueMemberS{Value: string(s)}, nil
		}
		if m, ok := i.(encoding.BinaryMarshaler); ok {
			b, err := m.MarshalBinary()
			if err != nil {
				return nil, err
			}
			return &ddb.AttributeValueMemberB{Value: b}, nil
		}
	}
	return nil, nil
}

func isNullAttributeValue(av ddb.AttributeValue) bool {
	n, ok := av.(*ddb.AttributeValueMemberNULL)
	return ok && n.Value
}
