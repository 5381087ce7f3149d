package ddb

// item reads a map of names to attribute values (null is a nil map), the values at depth.
func (r *reader) item(depth int) (map[string]AttributeValue, error) {
	if r.null() {
		return nil, nil
	}
	m := map[string]AttributeValue{}
	err := r.object(func(name string) error {
		v, err := r.value(depth)
		if err != nil {
			return err
		}
		m[name] = v
		return nil
	})
	return m, err
}

// items reads an array of items.
func (r *reader) items() ([]map[string]AttributeValue, error) {
	var out []map[string]AttributeValue
	if r.null() {
		return nil, nil
	}
	out = []map[string]AttributeValue{}
	err := r.array(func() error {
		m, err := r.item(1)
		out = append(out, m)
		return err
	})
	return out, err
}

// value reads one attribute value in DynamoDB's JSON form: an object of exactly one member.
func (r *reader) value(depth int) (AttributeValue, error) {
	if depth > maxDepth {
		return nil, errTooDeep
	}
	var v AttributeValue
	at := r.i
	err := r.object(func(name string) error {
		if v != nil {
			return r.errorf("attribute value with several members")
		}
		var err error
		switch name {
		case "S":
			var s string
			s, err = r.str()
			v = &AttributeValueMemberS{Value: s}
		case "N":
			var s string
			s, err = r.str()
			v = &AttributeValueMemberN{Value: s}
		case "B":
			var b []byte
			b, err = r.blob()
			v = &AttributeValueMemberB{Value: b}
		case "BOOL":
			var b bool
			b, err = r.boolean()
			v = &AttributeValueMemberBOOL{Value: b}
		case "NULL":
			var b bool
			b, err = r.boolean()
			v = &AttributeValueMemberNULL{Value: b}
		case "M":
			var m map[string]AttributeValue
			m, err = r.item(depth + 1)
			if m == nil {
				m = map[string]AttributeValue{}
			}
			v = &AttributeValueMemberM{Value: m}
		case "L":
			l := []AttributeValue{}
			err = r.array(func() error {
				e, err := r.value(depth + 1)
				l = append(l, e)
				return err
			})
			v = &AttributeValueMemberL{Value: l}
		case "SS":
			var ss []string
			ss, err = r.strs()
			v = &AttributeValueMemberSS{Value: ss}
		case "NS":
			var ss []string
			ss, err = r.strs()
			v = &AttributeValueMemberNS{Value: ss}
		case "BS":
			bs := [][]byte{}
			err = r.array(func() error {
				b, err := r.blob()
				bs = append(bs, b)
				return err
			})
			v = &AttributeValueMemberBS{Value: bs}
		default:
			return r.errorf("unknown attribute value member %q", name)
		}
		return err
	})
	if err == nil && v == nil {
		return nil, &syntaxError{at: at, msg: "attribute value with no member"}
	}
	return v, err
}

// UnmarshalAttributeValueJSON reads one attribute value in DynamoDB's JSON form: an object of
// exactly one member, nested at most 32 levels.
func UnmarshalAttributeValueJSON(data []byte) (AttributeValue, error) {
	r := reader{b: data}
	v, err := r.value(1)
	if err != nil {
		return nil, err
	}
	return v, r.end()
}
