package local

import (
	"fmt"
)

func (r *resolver) fnIf(arg any) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 3 {
		return nil, fmt.Errorf("local: Fn::If: want [condition, then, else]")
	}
	name, ok := a[0].(string)
	if !ok {
		return nil, fmt.Errorf("local: Fn::If: condition must be a name")
	}
	c, err := r.condition(name)
	if err != nil {
		return nil, fmt.Errorf("local: Fn::If: %w", err)
	}
	if c {
		return r.resolve(a[1])
	}
	return r.resolve(a[2])
}

func (r *resolver) boolFn(name string, arg any) (any, error) {
	a, ok := arg.([]any)
	if !ok {
		return nil, fmt.Errorf("%s: want a list", name)
	}
	vals := make([]any, 0, len(a))
	for _, x := range a {
		v, err := r.resolve(x)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		vals = append(vals, v)
	}
	switch name {
	case "Fn::Equals":
		if len(vals) != 2 {
			return nil, fmt.Errorf("local: Fn::Equals: want two values")
		}
		return fmt.Sprint(vals[0]) == fmt.Sprint(vals[1]), nil
	case "Fn::Not":
		if len(vals) != 1 {
			return nil, fmt.Errorf("local: Fn::Not: want one condition")
		}
		b, ok := vals[0].(bool)
		if !ok {
			return nil, fmt.Errorf("local: Fn::Not: operand is not a condition")
		}
		return !b, nil
	}
	all := name == "Fn::And"
	for _, v := range vals {
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("%s: operand is not a condition", name)
		}
		if all && !b {
			return false, nil
		}
		if !all && b {
			return true, nil
		}
	}
	return all, nil
}

// condition evaluates a named condition once.
func (r *resolver) condition(name string) (bool, error) {
	if v, ok := r.condCache[name]; ok {
		return v, nil
	}
	expr, ok := r.conditions[name]
	if !ok {
		return false, fmt.Errorf("condition %s is not defined", name)
	}
	if r.condBusy[name] {
		return false, fmt.Errorf("condition %s refers to itself", name)
	}
	if r.condBusy == nil {
		r.condBusy = map[string]bool{}
	}
	r.condBusy[name] = true
	defer delete(r.condBusy, name)
	v, err := r.resolve(expr)
	if err != nil {
		return false, fmt.Errorf("condition %s: %w", name, err)
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("condition %s: not a boolean expression", name)
	}
	if r.condCache == nil {
		r.condCache = map[string]bool{}
	}
	r.condCache[name] = b
	return b, nil
}
