package local

import (
	"fmt"
	"path"
	"strings"
)

// Policy is what one function's Policies allow and deny, statement by statement; conditions
// are not modelled, so it answers "may this function ever call X on Y".
type Policy struct {
	Allow []Statement
	Deny  []Statement
}

// Statement is one policy statement's actions and resources, as IAM patterns (wildcards * and
// ?; a resource's * also spans "/").
type Statement struct {
	Actions   []string
	Resources []string
}

// Allows reports whether some Allow statement grants action on some resource and no Deny
// statement names the action; IAM action names match case-insensitively.
func (p Policy) Allows(action string) bool {
	return p.AllowsOn(action, "")
}

// AllowsOn reports whether some Allow statement grants action on resource (an ARN) and no Deny
// statement refuses it; an empty resource matches every statement (the request named none the
// runner can read).
func (p Policy) AllowsOn(action, resource string) bool {
	return !matchStatements(p.Deny, action, resource) && matchStatements(p.Allow, action, resource)
}

func matchStatements(sts []Statement, action, resource string) bool {
	for _, st := range sts {
		if matchAny(st.Actions, action) && (resource == "" || matchResource(st.Resources, resource)) {
			return true
		}
	}
	return false
}

func matchAny(patterns []string, action string) bool {
	a := strings.ToLower(action)
	for _, pat := range patterns {
		if ok, _ := path.Match(strings.ToLower(pat), a); ok {
			return true
		}
	}
	return false
}

func matchResource(patterns []string, resource string) bool {
	for _, pat := range patterns {
		if globMatch(pat, resource) {
			return true
		}
	}
	return false
}

// globMatch matches an IAM resource pattern: * is any run of characters ("/" included), ? any
// one character, the rest literal and case-sensitive.
func globMatch(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p, mark = star+1, mark+1
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// FunctionPolicies reads every active AWS::Serverless::Function's Policies (Globals merged,
// intrinsics resolved with parameters over the defaults) into a Policy per logical id. Inline
// statements and the SAM policy templates in samPolicyTemplates are understood; a managed policy
// name or an unknown template is an error.
func FunctionPolicies(t *Template, parameters map[string]string) (map[string]Policy, error) {
	queueURL := func(name string) string { return "http://localhost/" + AccountID + "/" + name }
	p, err := newPlanner(t, "policies", parameters, queueURL)
	if err != nil {
		return nil, err
	}
	return planPolicies(p)
}

// Policies is FunctionPolicies for the running stack's template and parameters.
func (s *Stack) Policies() (map[string]Policy, error) { return planPolicies(s.plan) }

func planPolicies(p *planner) (map[string]Policy, error) {
	out := map[string]Policy{}
	for _, id := range p.t.OfType("AWS::Serverless::Function") {
		if p.skipped[id] {
			continue
		}
		raw, err := p.r.resolve(p.t.Resources[id].Properties["Policies"])
		if err != nil {
			return nil, fmt.Errorf("local: function %s: Policies: %w", id, err)
		}
		pol, err := parsePolicies(raw)
		if err != nil {
			return nil, fmt.Errorf("local: function %s: Policies: %w", id, err)
		}
		out[id] = pol
	}
	return out, nil
}

// parsePolicies reads a resolved Policies value: one entry or a list of managed policy names,
// policy documents ({Statement: ...}) and SAM policy templates ({Name: {params}}).
func parsePolicies(v any) (Policy, error) {
	var pol Policy
	entries, ok := v.([]any)
	if !ok && v != nil {
		entries = []any{v}
	}
	for i, e := range entries {
		switch x := e.(type) {
		case string:
			return pol, fmt.Errorf("[%d]: managed policy %q is not modelled", i, x)
		case map[string]any:
			if st, ok := x["Statement"]; ok {
				if err := pol.addStatements(st); err != nil {
					return pol, fmt.Errorf("[%d]: %w", i, err)
				}
				continue
			}
			if len(x) != 1 {
				return pol, fmt.Errorf("[%d]: neither a policy document nor one policy template", i)
			}
			for name, params := range x {
				tmpl, ok := samPolicyTemplates[name]
				if !ok {
					return pol, fmt.Errorf("[%d]: SAM policy template %s is not modelled", i, name)
				}
				st, err := tmpl.statement(params)
				if err != nil {
					return pol, fmt.Errorf("[%d]: %s: %w", i, name, err)
				}
				pol.Allow = append(pol.Allow, st)
			}
		default:
			return pol, fmt.Errorf("[%d]: unexpected %T", i, e)
		}
	}
	return pol, nil
}

// addStatements adds one statement or a list of them.
func (p *Policy) addStatements(v any) error {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	for i, s := range list {
		st, ok := s.(map[string]any)
		if !ok {
			return fmt.Errorf("statement %d: not a mapping", i)
		}
		if _, ok := st["NotAction"]; ok {
			return fmt.Errorf("statement %d: NotAction is not modelled", i)
		}
		if _, ok := st["NotResource"]; ok {
			return fmt.Errorf("statement %d: NotResource is not modelled", i)
		}
		actions, err := stringList(st["Action"])
		if err != nil {
			return fmt.Errorf("statement %d: Action: %w", i, err)
		}
		resources, err := stringList(st["Resource"])
		if err != nil {
			return fmt.Errorf("statement %d: Resource: %w", i, err)
		}
		s := Statement{Actions: actions, Resources: resources}
		switch st["Effect"] {
		case "Allow":
			p.Allow = append(p.Allow, s)
		case "Deny":
			p.Deny = append(p.Deny, s)
		default:
			return fmt.Errorf("statement %d: Effect %v", i, st["Effect"])
		}
	}
	return nil
}

// stringList reads a resolved Action or Resource: one string or a list of them.
func stringList(v any) ([]string, error) {
	switch a := v.(type) {
	case string:
		return []string{a}, nil
	case []any:
		out := make([]string, 0, len(a))
		for _, x := range a {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("holds %T", x)
			}
			out = append(out, s)
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	return nil, fmt.Errorf("missing")
}
