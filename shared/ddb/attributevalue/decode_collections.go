package attributevalue

import (
	"encoding"
	"fmt"
	"reflect"
	"strconv"

	"github.com/proplink/chat/shared/ddb"
)

// setTarget readies v to receive n set elements: it reports whether v is an array, or
// errs (as the SDK does, naming what) when v is neither slice nor array. Interfaces are the
// caller's.
func setTarget(v reflect.Value, n int, what string) (isArray bool, err error) {
	switch v.Kind() {
	case reflect.Slice:
		if v.IsNil() || v.Cap() < n {
			v.Set(reflect.MakeSlice(v.Type(), 0, n))
		}
		return false, nil
	case reflect.Array:
		return true, nil
	default:
		return false, &UnmarshalTypeError{Value: what, Type: v.Type()}
	}
}

func (d *Decoder) decodeBinarySet(bs [][]byte, v reflect.Value) error {
	if v.Kind() == reflect.Interface {
		set := make([][]byte, len(bs))
		for i, b := range bs {
			set[i] = append(make([]byte, 0, len(b)), b...)
		}
		v.Set(reflect.ValueOf(set))
		return nil
	}
	isArray, err := setTarget(v, len(bs), "binary set")
	if err != nil {
		return err
	}
	for i := 0; i < v.Cap() && i < len(bs); i++ {
		if !isArray {
			v.SetLen(i + 1)
		}
		u, elem := indirect[Unmarshaler](v.Index(i), indirectOptions{})
		if u != nil {
			if !d.options.FixUnmarshalIndividualSetValues {
				return u.UnmarshalDynamoDBAttributeValue(&ddb.AttributeValueMemberBS{Value: bs})
			}
			if err := u.UnmarshalDynamoDBAttributeValue(&ddb.AttributeValueMemberB{Value: bs[i]}); err != nil {
				return err
			}
			continue
		}
		if err := d.decodeBinary(bs[i], elem); err != nil {
			return err
		}
	}
	return nil
}

func (d *Decoder) decodeNumberSet(ns []string, v reflect.Value) error {
	if v.Kind() == reflect.Interface {
		if d.options.UseNumber {
			set := make([]Number, len(ns))
			for i, n := range ns {
				set[i] = Number(n)
			}
			v.Set(reflect.ValueOf(set))
			return nil
		}
		set := make([]float64, len(ns))
		for i, n := range ns {
			f, err := strconv.ParseFloat(n, 64)
			if err != nil {
				return err
			}
			set[i] = f
		}
		v.Set(reflect.ValueOf(set))
		return nil
	}
	isArray, err := setTarget(v, len(ns), "number set")
	if err != nil {
		return err
	}
	for i := 0; i < v.Cap() && i < len(ns); i++ {
		if !isArray {
			v.SetLen(i + 1)
		}
		u, elem := indirect[Unmarshaler](v.Index(i), indirectOptions{})
		if u != nil {
			if !d.options.FixUnmarshalIndividualSetValues {
				return u.UnmarshalDynamoDBAttributeValue(&ddb.AttributeValueMemberNS{Value: ns})
			}
			if err := u.UnmarshalDynamoDBAttributeValue(&ddb.AttributeValueMemberN{Value: ns[i]}); err != nil {
				return err
			}
			continue
		}
		if err := d.decodeNumber(ns[i], elem, tag{}); err != nil {
			return err
		}
	}
	return nil
}

func (d *Decoder) decodeStringSet(ss []string, v reflect.Value) error {
	if v.Kind() == reflect.Interface {
		v.Set(reflect.ValueOf(append(make([]string, 0, len(ss)), ss...)))
		return nil
	}
	isArray, err := setTarget(v, len(ss), "string set")
	if err != nil {
		return err
	}
	for i := 0; i < v.Cap() && i < len(ss); i++ {
		if !isArray {
			v.SetLen(i + 1)
		}
		u, elem := indirect[Unmarshaler](v.Index(i), indirectOptions{})
		if u != nil {
			if !d.options.FixUnmarshalIndividualSetValues {
				return u.UnmarshalDynamoDBAttributeValue(&ddb.AttributeValueMemberSS{Value: ss})
			}
			if err := u.UnmarshalDynamoDBAttributeValue(&ddb.AttributeValueMemberS{Value: ss[i]}); err != nil {
				return err
			}
			continue
		}
		if err := d.decodeString(ss[i], elem, tag{}); err != nil {
			return err
		}
	}
	return nil
}

func (d *Decoder) decodeList(avList []ddb.AttributeValue, v reflect.Value) error {
	if v.Kind() == reflect.Interface {
		s := make([]any, len(avList))
		for i, av := range avList {
			if err := d.decode(av, reflect.ValueOf(&s[i]).Elem(), tag{}); err != nil {
				return err
			}
		}
		v.Set(reflect.ValueOf(s))
		return nil
	}
	isArray, err := setTarget(v, len(avList), "list")
	if err != nil {
		return err
	}
	for i := 0; i < v.Cap() && i < len(avList); i++ {
		if !isArray {
			v.SetLen(i + 1)
		}
		if err := d.decode(avList[i], v.Index(i), tag{}); err != nil {
			return err
		}
	}
	return nil
}

func (d *Decoder) decodeMap(avMap map[string]ddb.AttributeValue, v reflect.Value) error {
	switch v.Kind() {
	case reflect.Struct:
		fields := unionStructFields(v.Type(), d.options.TagKey)
		for k, av := range avMap {
			if f, ok := fields.fieldByName(k); ok {
				if err := d.decode(av, decoderFieldByIndex(v, f.Index), f.tag); err != nil {
					return err
				}
			}
		}
		return nil
	case reflect.Interface:
		// Set first: on an error the target holds the entries decoded so far, as the SDK's.
		m := make(map[string]any, len(avMap))
		v.Set(reflect.ValueOf(m))
		for k, av := range avMap {
			var elem any
			if err := d.decode(av, reflect.ValueOf(&elem).Elem(), tag{}); err != nil {
				return err
			}
			m[k] = elem
		}
		return nil
	case reflect.Map:
	default:
		return &UnmarshalTypeError{Value: "map", Type: v.Type()}
	}

	keyType, valueType := v.Type().Key(), v.Type().Elem()
	decodeMapKey, err := d.mapKeyDecoder(keyType)
	if err != nil {
		return err
	}
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(v.Type(), len(avMap)))
	}
	for k, av := range avMap {
		key := reflect.New(keyType).Elem()
		_, indirectKey := indirect[Unmarshaler](key, indirectOptions{skipUnmarshaler: true})
		if err := decodeMapKey(k, indirectKey, tag{}); err != nil {
			return &UnmarshalTypeError{Value: fmt.Sprintf("map key %q", k), Type: keyType, Err: err}
		}
		elem := reflect.New(valueType).Elem()
		if err := d.decode(av, elem, tag{}); err != nil {
			return err
		}
		v.SetMapIndex(key, elem)
	}
	return nil
}

func (d *Decoder) mapKeyDecoder(keyType reflect.Type) (func(string, reflect.Value, tag) error, error) {
	if reflect.PointerTo(keyType).Implements(textUnmarshalerType) || keyType.Implements(textUnmarshalerType) {
		return func(s string, k reflect.Value, _ tag) error {
			if !k.CanAddr() {
				return fmt.Errorf("cannot take address of map key, %v", k.Type())
			}
			return k.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
		}, nil
	}
	switch keyType.Kind() {
	case reflect.Bool:
		return func(s string, key reflect.Value, _ tag) error {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return err
			}
			return d.decodeBool(b, key)
		}, nil
	case reflect.String:
		return d.decodeString, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return d.decodeNumber, nil
	default:
		return nil, &UnmarshalTypeError{Value: "map key must be string, number, bool, or TextUnmarshaler", Type: keyType}
	}
}
