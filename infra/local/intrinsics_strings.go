package local

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var subVar = regexp.MustCompile(`\$\{([^}]*)\}`)

func (r *resolver) fnSub(arg any) (any, error) {
	var tmpl string
	vars := map[string]any{}
	switch a := arg.(type) {
	case string:
		tmpl = a
	case []any:
		if len(a) != 2 {
			return nil, fmt.Errorf("local: Fn::Sub: want a string or [string, map]")
		}
		s, ok := a[0].(string)
		if !ok {
			return nil, fmt.Errorf("local: Fn::Sub: first item must be a string")
		}
		tmpl = s
		mv, ok := a[1].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("local: Fn::Sub: second item must be a map")
		}
		for k, v := range mv {
			rv, err := r.resolve(v)
			if err != nil {
				return nil, fmt.Errorf("local: Fn::Sub %s: %w", k, err)
			}
			vars[k] = rv
		}
	default:
		return nil, fmt.Errorf("local: Fn::Sub: want a string or [string, map], got %T", arg)
	}
	var firstErr error
	out := subVar.ReplaceAllStringFunc(tmpl, func(m string) string {
		name := m[2 : len(m)-1]
		if strings.HasPrefix(name, "!") {
			return "${" + name[1:] + "}"
		}
		var v any
		var err error
		if val, ok := vars[name]; ok {
			v = val
		} else if id, attr, dotted := strings.Cut(name, "."); dotted && !strings.HasPrefix(name, "AWS::") {
			v, err = r.fnGetAtt([]any{id, attr})
		} else {
			v, err = r.refName(name)
		}
		if err == nil {
			var s string
			s, err = scalarString(v)
			if err == nil {
				return s
			}
		}
		if firstErr == nil {
			firstErr = fmt.Errorf("local: Fn::Sub ${%s}: %w", name, err)
		}
		return ""
	})
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}

func (r *resolver) fnJoin(arg any) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		return nil, fmt.Errorf("local: Fn::Join: want [delimiter, list]")
	}
	delim, ok := a[0].(string)
	if !ok {
		return nil, fmt.Errorf("local: Fn::Join: delimiter must be a string")
	}
	items, err := r.resolveList(a[1])
	if err != nil {
		return nil, fmt.Errorf("local: Fn::Join: %w", err)
	}
	parts := make([]string, 0, len(items))
	for _, it := range items {
		s, err := scalarString(it)
		if err != nil {
			return nil, fmt.Errorf("local: Fn::Join: %w", err)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, delim), nil
}

func (r *resolver) fnSelect(arg any) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		return nil, fmt.Errorf("local: Fn::Select: want [index, list]")
	}
	is, err := r.resolveString(a[0])
	if err != nil {
		return nil, fmt.Errorf("local: Fn::Select: %w", err)
	}
	i, err := strconv.Atoi(is)
	if err != nil {
		return nil, fmt.Errorf("local: Fn::Select: index %q is not a number", is)
	}
	items, err := r.resolveList(a[1])
	if err != nil {
		return nil, fmt.Errorf("local: Fn::Select: %w", err)
	}
	if i < 0 || i >= len(items) {
		return nil, fmt.Errorf("local: Fn::Select: index %d out of range (%d items)", i, len(items))
	}
	return items[i], nil
}

func (r *resolver) fnSplit(arg any) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		return nil, fmt.Errorf("local: Fn::Split: want [delimiter, string]")
	}
	delim, ok := a[0].(string)
	if !ok {
		return nil, fmt.Errorf("local: Fn::Split: delimiter must be a string")
	}
	s, err := r.resolveString(a[1])
	if err != nil {
		return nil, fmt.Errorf("local: Fn::Split: %w", err)
	}
	var out []any
	for _, p := range strings.Split(s, delim) {
		out = append(out, p)
	}
	return out, nil
}
