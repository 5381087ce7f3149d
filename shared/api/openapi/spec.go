// Package openapi holds the one OpenAPI 3 document of the HTTP API and checks real responses
// against it, so the document cannot drift from what the API answers.
package openapi

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed openapi.yaml
var document []byte

// Document returns the raw OpenAPI document.
func Document() []byte { return document }

// Spec is the parsed document.
type Spec struct {
	root map[string]any
}

// Load parses the embedded document.
func Load() (*Spec, error) {
	var root map[string]any
	if err := yaml.Unmarshal(document, &root); err != nil {
		return nil, fmt.Errorf("openapi: parse: %w", err)
	}
	return &Spec{root: root}, nil
}

// Operations returns every documented path with its methods (upper case).
func (s *Spec) Operations() map[string][]string {
	ops := map[string][]string{}
	paths, _ := s.root["paths"].(map[string]any)
	for p, item := range paths {
		m, _ := item.(map[string]any)
		for method := range m {
			switch method {
			case "get", "put", "post", "delete", "patch":
				ops[p] = append(ops[p], strings.ToUpper(method))
			}
		}
	}
	return ops
}

// RequestFields returns the property names of an operation's JSON request body, whether the
// document says the body may carry no others (additionalProperties: false), and whether the
// operation has a body at all.
func (s *Spec) RequestFields(path, method string) (fields []string, closed, ok bool) {
	paths, _ := s.root["paths"].(map[string]any)
	item, _ := paths[path].(map[string]any)
	op, _ := item[strings.ToLower(method)].(map[string]any)
	body := s.deref(op["requestBody"])
	if body == nil {
		return nil, false, false
	}
	content, _ := body["content"].(map[string]any)
	schema := s.deref(s.deref(content["application/json"])["schema"])
	props, _ := schema["properties"].(map[string]any)
	for name := range props {
		fields = append(fields, name)
	}
	closed = schema["additionalProperties"] == false
	return fields, closed, true
}

// CheckResponse checks that status is documented for the operation and that body satisfies
// the documented schema: required properties present, and types as documented.
func (s *Spec) CheckResponse(path, method string, status int, body []byte) error {
	paths, _ := s.root["paths"].(map[string]any)
	item, _ := paths[path].(map[string]any)
	op, _ := item[strings.ToLower(method)].(map[string]any)
	var resp any
	var ok bool
	switch {
	case op != nil:
		responses, _ := op["responses"].(map[string]any)
		resp, ok = responses[strconv.Itoa(status)]
	case item != nil && status == 405:
		// Any method a documented path does not list is refused with the error envelope.
		resp, ok = s.deref(map[string]any{"$ref": "#/components/responses/Error"}), true
	default:
		return fmt.Errorf("openapi: %s %s is not documented", method, path)
	}
	if !ok {
		return fmt.Errorf("openapi: %s %s does not document status %d", method, path, status)
	}
	schema := s.deref(s.deref(resp)["content"])
	schema = s.deref(s.deref(schema["application/json"])["schema"])
	if schema == nil {
		return nil
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("openapi: %s %s %d: body is not JSON: %w", method, path, status, err)
	}
	return s.check(schema, v, "$")
}

// deref follows a $ref to its target.
func (s *Spec) deref(v any) map[string]any {
	m, _ := v.(map[string]any)
	ref, ok := m["$ref"].(string)
	if !ok {
		return m
	}
	var cur any = s.root
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		cm, _ := cur.(map[string]any)
		cur = cm[part]
	}
	return s.deref(cur)
}

// check validates v against schema at the JSON path at.
func (s *Spec) check(schema map[string]any, v any, at string) error {
	switch schema["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("openapi: %s: want an object, got %T", at, v)
		}
		req, _ := schema["required"].([]any)
		for _, r := range req {
			if _, ok := obj[r.(string)]; !ok {
				return fmt.Errorf("openapi: %s: required property %q missing", at, r)
			}
		}
		props, _ := schema["properties"].(map[string]any)
		for name, pv := range obj {
			if ps := s.deref(props[name]); ps != nil {
				if err := s.check(ps, pv, at+"."+name); err != nil {
					return err
				}
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("openapi: %s: want an array, got %T", at, v)
		}
		items := s.deref(schema["items"])
		for i, e := range arr {
			if err := s.check(items, e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("openapi: %s: want a string, got %T", at, v)
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			return fmt.Errorf("openapi: %s: want an integer, got %v", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("openapi: %s: want a boolean, got %T", at, v)
		}
	}
	if enum, ok := schema["enum"].([]any); ok {
		for _, e := range enum {
			if fmt.Sprint(e) == fmt.Sprint(v) {
				return nil
			}
		}
		return fmt.Errorf("openapi: %s: %v is not one of %v", at, v, enum)
	}
	return nil
}
