package attributevalue

import (
	"encoding"
	"fmt"
	"reflect"
	"strconv"

	"github.com/proplink/chat/shared/ddb"
)

var (
	textUnmarshalerType = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
)

// Decode decodes av into the value out points to; out must be a non-nil pointer.
func (d *Decoder) Decode(av ddb.AttributeValue, out any) error {
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer || v.IsNil() || !v.IsValid() {
		return &InvalidUnmarshalError{Type: reflect.TypeOf(out)}
	}
	return d.decode(av, v, tag{})
}

func (d *Decoder) decode(av ddb.AttributeValue, v reflect.Value, fieldTag tag) error {
	var u Unmarshaler
	_, isNull := av.(*ddb.AttributeValueMemberNULL)
	if av == nil || isNull {
		u, v = indirect[Unmarshaler](v, indirectOptions{decodeNull: true})
		if u != nil {
			return u.UnmarshalDynamoDBAttributeValue(av)
		}
		return d.decodeNull(v)
	}

	v0 := v
	u, v = indirect[Unmarshaler](v, indirectOptions{})
	if u != nil {
		return u.UnmarshalDynamoDBAttributeValue(av)
	}
	if d.options.UseEncodingUnmarshalers {
		if s, ok := av.(*ddb.AttributeValueMemberS); ok {
			if u, _ := indirect[encoding.TextUnmarshaler](v0, indirectOptions{}); u != nil {
				return u.UnmarshalText([]byte(s.Value))
			}
		}
		if b, ok := av.(*ddb.AttributeValueMemberB); ok {
			if u, _ := indirect[encoding.BinaryUnmarshaler](v0, indirectOptions{}); u != nil {
				return u.UnmarshalBinary(b.Value)
			}
		}
	}

	switch tv := av.(type) {
	case *ddb.AttributeValueMemberB:
		return d.decodeBinary(tv.Value, v)
	case *ddb.AttributeValueMemberBOOL:
		return d.decodeBool(tv.Value, v)
	case *ddb.AttributeValueMemberBS:
		return d.decodeBinarySet(tv.Value, v)
	case *ddb.AttributeValueMemberL:
		return d.decodeList(tv.Value, v)
	case *ddb.AttributeValueMemberM:
		return d.decodeMap(tv.Value, v)
	case *ddb.AttributeValueMemberN:
		return d.decodeNumber(tv.Value, v, fieldTag)
	case *ddb.AttributeValueMemberNS:
		return d.decodeNumberSet(tv.Value, v)
	case *ddb.AttributeValueMemberS:
		return d.decodeString(tv.Value, v, fieldTag)
	case *ddb.AttributeValueMemberSS:
		return d.decodeStringSet(tv.Value, v)
	default:
		return fmt.Errorf("unsupported AttributeValue type, %T", av)
	}
}

func (d *Decoder) decodeBinary(b []byte, v reflect.Value) error {
	if v.Kind() == reflect.Interface {
		buf := make([]byte, len(b))
		copy(buf, b)
		v.Set(reflect.ValueOf(buf))
		return nil
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return &UnmarshalTypeError{Value: "binary", Type: v.Type()}
	}
	if v.Type() == byteSliceType {
		if v.IsNil() || v.Cap() < len(b) {
			v.Set(reflect.MakeSlice(byteSliceType, len(b), len(b)))
		} else if v.Len() != len(b) {
			v.SetLen(len(b))
		}
		copy(v.Interface().([]byte), b)
		return nil
	}
	switch v.Type().Elem().Kind() {
	case reflect.Uint8:
		if v.Kind() != reflect.Array && (v.IsNil() || v.Cap() < len(b)) {
			v.Set(reflect.MakeSlice(v.Type(), len(b), len(b)))
		} else if v.Len() != len(b) {
			v.SetLen(len(b)) // panics for an array of another length, as the SDK's does
		}
		for i := 0; i < len(b); i++ {
			v.Index(i).SetUint(uint64(b[i]))
		}
	default:
		return &UnmarshalTypeError{Value: "binary", Type: v.Type()}
	}
	return nil
}

func (d *Decoder) decodeBool(b bool, v reflect.Value) error {
	switch v.Kind() {
	case reflect.Bool, reflect.Interface:
		v.Set(reflect.ValueOf(b).Convert(v.Type()))
	default:
		return &UnmarshalTypeError{Value: "bool", Type: v.Type()}
	}
	return nil
}

func (d *Decoder) decodeNumber(n string, v reflect.Value, fieldTag tag) error {
	switch v.Kind() {
	case reflect.Interface:
		if d.options.UseNumber {
			v.Set(reflect.ValueOf(Number(n)))
			return nil
		}
		f, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(f))
	case reflect.String:
		v.SetString(n)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(n, 10, 64)
		if err != nil {
			return err
		}
		if v.OverflowInt(i) {
			return &UnmarshalTypeError{Value: fmt.Sprintf("number overflow, %s", n), Type: v.Type()}
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		i, err := strconv.ParseUint(n, 10, 64)
		if err != nil {
			return err
		}
		if v.OverflowUint(i) {
			return &UnmarshalTypeError{Value: fmt.Sprintf("number overflow, %s", n), Type: v.Type()}
		}
		v.SetUint(i)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return err
		}
		if v.OverflowFloat(f) {
			return &UnmarshalTypeError{Value: fmt.Sprintf("number overflow, %s", n), Type: v.Type()}
		}
		v.SetFloat(f)
	default:
		if v.Type().ConvertibleTo(timeType) {
			decodeTime := d.options.DecodeTime.N
			if fieldTag.AsUnixTime {
				decodeTime = decodeUnixTime
			}
			t, err := decodeTime(n)
			if err != nil {
				return err
			}
			v.Set(reflect.ValueOf(t).Convert(v.Type()))
			return nil
		}
		return &UnmarshalTypeError{Value: "number", Type: v.Type()}
	}
	return nil
}

func (d *Decoder) decodeString(s string, v reflect.Value, fieldTag tag) error {
	if fieldTag.AsString {
		return d.decodeNumber(s, v, fieldTag)
	}
	if v.Type().ConvertibleTo(timeType) {
		t, err := d.options.DecodeTime.S(s)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(t).Convert(v.Type()))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Interface:
		v.Set(reflect.ValueOf(s).Convert(v.Type()))
	default:
		return &UnmarshalTypeError{Value: "string", Type: v.Type()}
	}
	return nil
}

func (d *Decoder) decodeNull(v reflect.Value) error {
	if v.IsValid() && v.CanSet() {
		v.Set(reflect.Zero(v.Type()))
	}
	return nil
}

func decoderFieldByIndex(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer && v.Type().Elem().Kind() == reflect.Struct {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}

type indirectOptions struct {
	decodeNull      bool
	skipUnmarshaler bool
}

// indirect walks down v through pointers and interfaces, allocating nil pointers, until it
// finds a U (an Unmarshaler) or a plain value, as encoding/json's indirect (and the SDK's) do.
func indirect[U any](v reflect.Value, opts indirectOptions) (U, reflect.Value) {
	v0 := v
	haveAddr := false
	if v.Kind() != reflect.Pointer && v.Type().Name() != "" && v.CanAddr() {
		haveAddr = true
		v = v.Addr()
	}
	for {
		if v.Kind() == reflect.Interface && !v.IsNil() {
			e := v.Elem()
			if e.Kind() == reflect.Pointer && !e.IsNil() && (!opts.decodeNull || e.Elem().Kind() == reflect.Pointer) {
				haveAddr = false
				v = e
				continue
			}
			if e.Kind() != reflect.Pointer && e.IsValid() {
				var u U
				return u, e
			}
		}
		if v.Kind() != reflect.Pointer {
			break
		}
		if opts.decodeNull && v.CanSet() {
			break
		}
		if v.Elem().Kind() == reflect.Interface && v.Elem().Elem() == v {
			v = v.Elem()
			break
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		if !opts.skipUnmarshaler && v.Type().NumMethod() > 0 && v.CanInterface() {
			if u, ok := v.Interface().(U); ok {
				return u, reflect.Value{}
			}
		}
		if haveAddr {
			v = v0
			haveAddr = false
		} else {
			v = v.Elem()
		}
	}
	var u U
	return u, v
}
