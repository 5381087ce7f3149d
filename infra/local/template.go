package local

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Template is a parsed SAM/CloudFormation template with short-form tags turned into long form.
type Template struct {
	Parameters map[string]map[string]any
	Conditions map[string]any
	Globals    map[string]any
	Mappings   map[string]any
	Resources  map[string]*Resource
	Outputs    map[string]any
}

// Resource is one entry of the template's Resources section, properties still unresolved.
type Resource struct {
	LogicalID  string
	Type       string
	Condition  string
	DependsOn  []string
	Properties map[string]any
}

// ParseTemplate reads template YAML (or JSON), turning !Tags into their Fn:: long forms and merging
// Globals.Function into every AWS::Serverless::Function.
func ParseTemplate(data []byte) (*Template, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("local: parse template: %w", err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("local: parse template: empty document")
	}
	v, err := nodeValue(doc.Content[0])
	if err != nil {
		return nil, fmt.Errorf("local: parse template: %w", err)
	}
	root, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("local: parse template: top level is not a mapping")
	}
	t := &Template{
		Parameters: map[string]map[string]any{},
		Conditions: asMap(root["Conditions"]),
		Globals:    asMap(root["Globals"]),
		Mappings:   asMap(root["Mappings"]),
		Resources:  map[string]*Resource{},
		Outputs:    asMap(root["Outputs"]),
	}
	for name, p := range asMap(root["Parameters"]) {
		t.Parameters[name] = asMap(p)
	}
	resources := asMap(root["Resources"])
	if len(resources) == 0 {
		return nil, fmt.Errorf("local: parse template: no Resources")
	}
	for id, raw := range resources {
		m, ok := raw.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("local: resource %s: not a mapping", id)
		}
		r := &Resource{LogicalID: id, Properties: asMap(m["Properties"])}
		if r.Type, ok = m["Type"].(string); !ok {
			return nil, fmt.Errorf("local: resource %s: no Type", id)
		}
		r.Condition, _ = m["Condition"].(string)
		switch d := m["DependsOn"].(type) {
		case string:
			r.DependsOn = []string{d}
		case []any:
			for _, x := range d {
				if s, ok := x.(string); ok {
					r.DependsOn = append(r.DependsOn, s)
				}
			}
		}
		if r.Type == "AWS::Serverless::Function" {
			r.Properties = mergeGlobals(asMap(t.Globals["Function"]), r.Properties)
		}
		t.Resources[id] = r
	}
	return t, nil
}

// LoadTemplate reads and parses the template at path.
func LoadTemplate(path string) (*Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("local: read template: %w", err)
	}
	return ParseTemplate(data)
}

// OfType lists the logical ids of resources of type typ, sorted.
func (t *Template) OfType(typ string) []string {
	var ids []string
	for id, r := range t.Resources {
		if r.Type == typ {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// mergeGlobals applies SAM's Globals rules: maps merge (the function wins), lists and scalars
// are defaults the function may replace.
func mergeGlobals(global, props map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range global {
		out[k] = v
	}
	for k, v := range props {
		gm, gok := out[k].(map[string]any)
		pm, pok := v.(map[string]any)
		if gok && pok && !isIntrinsic(gm) && !isIntrinsic(pm) {
			out[k] = mergeGlobals(gm, pm)
			continue
		}
		out[k] = v
	}
	return out
}

// nodeValue converts a YAML node into plain Go values (map[string]any, []any, string, bool,
// int64, float64, nil); CloudFormation short tags become one-key maps in long form.
func nodeValue(n *yaml.Node) (any, error) {
	if n.Kind == yaml.AliasNode {
		return nodeValue(n.Alias)
	}
	var v any
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Value == "<<" {
				merged, err := nodeValue(n.Content[i+1])
				if err != nil {
					return nil, err
				}
				for mk, mv := range asMap(merged) {
					m[mk] = mv
				}
				continue
			}
			val, err := nodeValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[k.Value] = val
		}
		v = m
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			val, err := nodeValue(c)
			if err != nil {
				return nil, err
			}
			l = append(l, val)
		}
		v = l
	case yaml.ScalarNode:
		v = scalarValue(n)
	default:
		return nil, fmt.Errorf("line %d: unexpected YAML node", n.Line)
	}
	tag := n.Tag
	if !strings.HasPrefix(tag, "!") || strings.HasPrefix(tag, "!!") {
		return v, nil
	}
	name := strings.TrimPrefix(tag, "!")
	switch name {
	case "Ref", "Condition":
		return map[string]any{name: v}, nil
	case "GetAtt":
		if s, ok := v.(string); ok {
			logical, attr, found := strings.Cut(s, ".")
			if !found {
				return nil, fmt.Errorf("line %d: !GetAtt %q needs Resource.Attribute", n.Line, s)
			}
			return map[string]any{"Fn::GetAtt": []any{logical, attr}}, nil
		}
		return map[string]any{"Fn::GetAtt": v}, nil
	default:
		return map[string]any{"Fn::" + name: v}, nil
	}
}

// scalarValue types an untagged or !!-tagged scalar the way YAML 1.2 core schema does.
func scalarValue(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		b, _ := strconv.ParseBool(strings.ToLower(n.Value))
		return b
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return i
		}
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
	}
	return n.Value
}

// asMap returns v as a mapping, or an empty one.
func asMap(v any) map[string]any {
	if m, ok := v.(map[string]any); ok {
		return m
	}
	return map[string]any{}
}

// isIntrinsic reports whether m is a one-key intrinsic function or Ref.
func isIntrinsic(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
	}
	return false
}
