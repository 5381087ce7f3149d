package local

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// noValue is what AWS::NoValue resolves to; the enclosing map key or list item is removed.
type noValue struct{}

// resolver evaluates CloudFormation intrinsic functions against parameters, conditions, pseudo
// parameters and the physical names of resources.
type resolver struct {
	params     map[string]any
	conditions map[string]any
	condCache  map[string]bool
	condBusy   map[string]bool
	pseudo     map[string]string
	mappings   map[string]any
	// ref gives what Ref returns for a resource; getAtt what Fn::GetAtt returns. ok is false
	// when the logical id is not a resource.
	ref    func(id string) (string, bool, error)
	getAtt func(id, attr string) (string, bool, error)
}

// resolve evaluates every intrinsic inside v; the result holds plain values only.
func (r *resolver) resolve(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		if isIntrinsic(x) {
			return r.intrinsic(x)
		}
		out := make(map[string]any, len(x))
		for k, val := range x {
			rv, err := r.resolve(val)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			if _, drop := rv.(noValue); drop {
				continue
			}
			out[k] = rv
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(x))
		for i, val := range x {
			rv, err := r.resolve(val)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			if _, drop := rv.(noValue); drop {
				continue
			}
			out = append(out, rv)
		}
		return out, nil
	default:
		return v, nil
	}
}

// intrinsic evaluates a one-key intrinsic map.
func (r *resolver) intrinsic(m map[string]any) (any, error) {
	var name string
	var arg any
	for name, arg = range m {
	}
	switch name {
	case "Ref":
		s, ok := arg.(string)
		if !ok {
			return nil, fmt.Errorf("local: Ref: want a name, got %T", arg)
		}
		return r.refName(s)
	case "Condition":
		s, ok := arg.(string)
		if !ok {
			return nil, fmt.Errorf("local: Condition: want a name, got %T", arg)
		}
		return r.condition(s)
	case "Fn::GetAtt":
		return r.fnGetAtt(arg)
	case "Fn::Sub":
		return r.fnSub(arg)
	case "Fn::Join":
		return r.fnJoin(arg)
	case "Fn::Select":
		return r.fnSelect(arg)
	case "Fn::Split":
		return r.fnSplit(arg)
	case "Fn::If":
		return r.fnIf(arg)
	case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or":
		return r.boolFn(name, arg)
	case "Fn::Base64":
		v, err := r.resolveString(arg)
		if err != nil {
			return nil, fmt.Errorf("local: Fn::Base64: %w", err)
		}
		return base64.StdEncoding.EncodeToString([]byte(v)), nil
	case "Fn::FindInMap":
		return r.fnFindInMap(arg)
	case "Fn::GetAZs":
		reg := r.pseudo["AWS::Region"]
		return []any{reg + "a", reg + "b", reg + "c"}, nil
	default:
		return nil, fmt.Errorf("%s: not supported by the local runner", name)
	}
}

// refName resolves Ref to a pseudo parameter, parameter or resource.
func (r *resolver) refName(name string) (any, error) {
	if name == "AWS::NoValue" {
		return noValue{}, nil
	}
	if v, ok := r.pseudo[name]; ok {
		return v, nil
	}
	if strings.HasPrefix(name, "AWS::") {
		return nil, fmt.Errorf("local: Ref %s: unknown pseudo parameter", name)
	}
	if v, ok := r.params[name]; ok {
		return v, nil
	}
	if r.ref != nil {
		v, ok, err := r.ref(name)
		if err != nil {
			return nil, fmt.Errorf("local: Ref %s: %w", name, err)
		}
		if ok {
			return v, nil
		}
	}
	return nil, fmt.Errorf("local: Ref %s: no such parameter or resource", name)
}

func (r *resolver) fnGetAtt(arg any) (any, error) {
	var id, attr string
	switch a := arg.(type) {
	case string:
		id, attr, _ = strings.Cut(a, ".")
	case []any:
		if len(a) != 2 {
			return nil, fmt.Errorf("local: Fn::GetAtt: want [Resource, Attribute]")
		}
		id, _ = a[0].(string)
		at, err := r.resolveString(a[1])
		if err != nil {
			return nil, fmt.Errorf("local: Fn::GetAtt: %w", err)
		}
		attr = at
	}
	if id == "" || attr == "" {
		return nil, fmt.Errorf("local: Fn::GetAtt: want Resource.Attribute, got %v", arg)
	}
	if r.getAtt == nil {
		return nil, fmt.Errorf("local: Fn::GetAtt %s.%s: no such resource", id, attr)
	}
	v, ok, err := r.getAtt(id, attr)
	if err != nil {
		return nil, fmt.Errorf("local: Fn::GetAtt %s.%s: %w", id, attr, err)
	}
	if !ok {
		return nil, fmt.Errorf("local: Fn::GetAtt %s.%s: no such resource", id, attr)
	}
	return v, nil
}

func (r *resolver) fnFindInMap(arg any) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) < 3 {
		return nil, fmt.Errorf("local: Fn::FindInMap: want [map, key, key]")
	}
	var cur any = r.mappings
	for _, k := range a[:3] {
		ks, err := r.resolveString(k)
		if err != nil {
			return nil, fmt.Errorf("local: Fn::FindInMap: %w", err)
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("local: Fn::FindInMap: %q not found", ks)
		}
		if cur, ok = m[ks]; !ok {
			return nil, fmt.Errorf("local: Fn::FindInMap: %q not found", ks)
		}
	}
	return cur, nil
}

func (r *resolver) resolveString(v any) (string, error) {
	rv, err := r.resolve(v)
	if err != nil {
		return "", err
	}
	return scalarString(rv)
}

func (r *resolver) resolveList(v any) ([]any, error) {
	rv, err := r.resolve(v)
	if err != nil {
		return nil, err
	}
	l, ok := rv.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list, got %T", rv)
	}
	return l, nil
}

// scalarString renders a resolved scalar the way CloudFormation puts it into a string.
func scalarString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case int:
		return strconv.Itoa(x), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	case []any:
		parts := make([]string, 0, len(x))
		for _, it := range x {
			s, err := scalarString(it)
			if err != nil {
				return "", err
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), nil
	default:
		return "", fmt.Errorf("value of type %T is not a string", v)
	}
}

// references lists the resource logical ids that v refers to through Ref, GetAtt or Sub.
func references(v any, resources map[string]*Resource) []string {
	seen := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				switch k {
				case "Ref":
					if s, ok := val.(string); ok {
						seen[s] = true
					}
				case "Fn::GetAtt":
					switch a := val.(type) {
					case []any:
						if len(a) > 0 {
							if s, ok := a[0].(string); ok {
								seen[s] = true
							}
						}
					case string:
						id, _, _ := strings.Cut(a, ".")
						seen[id] = true
					}
				case "Fn::Sub":
					s, _ := val.(string)
					if a, ok := val.([]any); ok && len(a) > 0 {
						s, _ = a[0].(string)
					}
					for _, m := range subVar.FindAllStringSubmatch(s, -1) {
						id, _, _ := strings.Cut(m[1], ".")
						seen[id] = true
					}
				}
				walk(val)
			}
		case []any:
			for _, it := range x {
				walk(it)
			}
		}
	}
	walk(v)
	var out []string
	for id := range seen {
		if _, ok := resources[id]; ok {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
