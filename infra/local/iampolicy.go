package local

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// Policy is what one function's Policies allow, as IAM action patterns (wildcards * and ?);
// resources and conditions are not modelled, so it answers "may this function ever call X".
type Policy struct {
	Allow []string
	Deny  []string
}

// Allows reports whether some Allow pattern matches action and no Deny pattern does; IAM action
// names match case-insensitively.
func (p Policy) Allows(action string) bool {
	return !matchAny(p.Deny, action) && matchAny(p.Allow, action)
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
			for name := range x {
				actions, ok := samPolicyTemplates[name]
				if !ok {
					return pol, fmt.Errorf("[%d]: SAM policy template %s is not modelled", i, name)
				}
				pol.Allow = append(pol.Allow, actions...)
			}
		default:
			return pol, fmt.Errorf("[%d]: unexpected %T", i, e)
		}
	}
	sort.Strings(pol.Allow)
	sort.Strings(pol.Deny)
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
		var actions []string
		switch a := st["Action"].(type) {
		case string:
			actions = []string{a}
		case []any:
			for _, x := range a {
				s, ok := x.(string)
				if !ok {
					return fmt.Errorf("statement %d: Action holds %T", i, x)
				}
				actions = append(actions, s)
			}
		default:
			return fmt.Errorf("statement %d: no Action", i)
		}
		switch st["Effect"] {
		case "Allow":
			p.Allow = append(p.Allow, actions...)
		case "Deny":
			p.Deny = append(p.Deny, actions...)
		default:
			return fmt.Errorf("statement %d: Effect %v", i, st["Effect"])
		}
	}
	return nil
}
