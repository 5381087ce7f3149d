package local

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
)

// Fixed values of the local account, as the pseudo parameters give them.
const (
	Region    = "eu-west-2"
	AccountID = "123456789012"
)

// physical is what a resource resolves to: Ref's value and its GetAtt attributes.
type physical struct {
	Ref   string
	Attrs map[string]string
}

// planner turns a template into resolved resources: parameter values, conditions, names.
type planner struct {
	t     *Template
	stack string
	r     *resolver
	phys  map[string]*physical
	// skipped holds resources whose Condition is false.
	skipped map[string]bool
	busy    map[string]bool
	// queueURL builds a queue's URL from its name until moto tells the real one.
	queueURL func(name string) string
	apiURL   string
}

// newPlanner validates parameters and prepares a resolver for the template.
func newPlanner(t *Template, stack string, overrides map[string]string, queueURL func(string) string) (*planner, error) {
	params := map[string]any{}
	for name, p := range t.Parameters {
		v, has := p["Default"]
		if o, ok := overrides[name]; ok {
			v, has = o, true
		}
		if !has {
			continue
		}
		s, err := scalarString(v)
		if err != nil {
			return nil, fmt.Errorf("local: parameter %s: %w", name, err)
		}
		if allowed, ok := p["AllowedValues"].([]any); ok && len(allowed) > 0 {
			found := false
			for _, a := range allowed {
				if as, _ := scalarString(a); as == s {
					found = true
				}
			}
			if !found {
				return nil, fmt.Errorf("local: parameter %s: %q is not one of %v", name, s, allowed)
			}
		}
		if typ, _ := p["Type"].(string); typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<") {
			var l []any
			for _, it := range strings.Split(s, ",") {
				l = append(l, strings.TrimSpace(it))
			}
			params[name] = l
			continue
		}
		params[name] = s
	}
	for name := range overrides {
		if _, ok := t.Parameters[name]; !ok {
			return nil, fmt.Errorf("local: parameter %s is not in the template", name)
		}
	}
	p := &planner{t: t, stack: stack, phys: map[string]*physical{}, skipped: map[string]bool{}, queueURL: queueURL}
	p.r = &resolver{
		params:     params,
		conditions: t.Conditions,
		mappings:   t.Mappings,
		pseudo: map[string]string{
			"AWS::Region":           Region,
			"AWS::AccountId":        AccountID,
			"AWS::StackName":        stack,
			"AWS::StackId":          "arn:aws:cloudformation:" + Region + ":" + AccountID + ":stack/" + stack + "/local",
			"AWS::Partition":        "aws",
			"AWS::URLSuffix":        "amazonaws.com",
			"AWS::NotificationARNs": "",
		},
		ref:    p.ref,
		getAtt: p.getAtt,
	}
	for _, id := range sortedIDs(t.Resources) {
		res := t.Resources[id]
		if res.Condition == "" {
			continue
		}
		on, err := p.r.condition(res.Condition)
		if err != nil {
			return nil, fmt.Errorf("local: resource %s: %w", id, err)
		}
		p.skipped[id] = !on
	}
	return p, nil
}

// ref is Ref for a resource.
func (p *planner) ref(id string) (string, bool, error) {
	ph, ok, err := p.physical(id)
	if !ok || err != nil {
		return "", ok, err
	}
	return ph.Ref, true, nil
}

// getAtt is Fn::GetAtt for a resource.
func (p *planner) getAtt(id, attr string) (string, bool, error) {
	ph, ok, err := p.physical(id)
	if !ok || err != nil {
		return "", ok, err
	}
	v, ok := ph.Attrs[attr]
	if !ok {
		return "", true, fmt.Errorf("attribute %s of %s (%s) is not known locally", attr, id, p.t.Resources[id].Type)
	}
	return v, true, nil
}

// physical computes (once) a resource's names the way CloudFormation would.
func (p *planner) physical(id string) (*physical, bool, error) {
	res, ok := p.t.Resources[id]
	if !ok {
		return nil, false, nil
	}
	if p.skipped[id] {
		return nil, true, fmt.Errorf("resource %s is off (condition %s is false)", id, res.Condition)
	}
	if ph, ok := p.phys[id]; ok {
		return ph, true, nil
	}
	if p.busy[id] {
		return nil, true, fmt.Errorf("the name of %s refers to itself", id)
	}
	if p.busy == nil {
		p.busy = map[string]bool{}
	}
	p.busy[id] = true
	defer delete(p.busy, id)
	nameProp := func(prop, def string) (string, error) {
		v, ok := res.Properties[prop]
		if !ok {
			return def, nil
		}
		s, err := p.r.resolveString(v)
		if err != nil {
			return "", fmt.Errorf("resource %s: %s: %w", id, prop, err)
		}
		return s, nil
	}
	base := p.stack + "-" + id
	arn := func(svc, rest string) string {
		return "arn:aws:" + svc + ":" + Region + ":" + AccountID + ":" + rest
	}
	ph := &physical{Attrs: map[string]string{}}
	switch res.Type {
	case "AWS::DynamoDB::Table":
		name, err := nameProp("TableName", base)
		if err != nil {
			return nil, true, err
		}
		ph.Ref = name
		ph.Attrs["Arn"] = arn("dynamodb", "table/"+name)
		ph.Attrs["StreamArn"] = ph.Attrs["Arn"] + "/stream/1970-01-01T00:00:00.000"
	case "AWS::SQS::Queue":
		def := base
		if fifo, _ := res.Properties["FifoQueue"].(bool); fifo {
			def += ".fifo"
		}
		name, err := nameProp("QueueName", def)
		if err != nil {
			return nil, true, err
		}
		ph.Ref = p.queueURL(name)
		ph.Attrs["QueueName"] = name
		ph.Attrs["QueueUrl"] = ph.Ref
		ph.Attrs["Arn"] = arn("sqs", name)
	case "AWS::S3::Bucket":
		name, err := nameProp("BucketName", strings.ToLower(base))
		if err != nil {
			return nil, true, err
		}
		ph.Ref = name
		ph.Attrs["Arn"] = "arn:aws:s3:::" + name
		ph.Attrs["DomainName"] = name + ".s3.amazonaws.com"
		ph.Attrs["RegionalDomainName"] = name + ".s3." + Region + ".amazonaws.com"
	case "AWS::Serverless::Function", "AWS::Lambda::Function":
		name, err := nameProp("FunctionName", base)
		if err != nil {
			return nil, true, err
		}
		ph.Ref = name
		ph.Attrs["Arn"] = arn("lambda", "function:"+name)
	case "AWS::Serverless::HttpApi", "AWS::Serverless::Api":
		ph.Ref = apiID(p.stack, id)
		ph.Attrs["ApiEndpoint"] = p.apiURL
	case "AWS::SNS::Topic":
		name, err := nameProp("TopicName", base)
		if err != nil {
			return nil, true, err
		}
		ph.Ref = arn("sns", name) // a topic's Ref is its ARN
		ph.Attrs["TopicArn"] = ph.Ref
		ph.Attrs["TopicName"] = name
	case "AWS::Logs::LogGroup":
		name, err := nameProp("LogGroupName", base)
		if err != nil {
			return nil, true, err
		}
		ph.Ref = name
		ph.Attrs["Arn"] = arn("logs", "log-group:"+name+":*")
	default:
		ph.Ref = base
		svc := strings.ToLower(strings.Split(res.Type, "::")[1])
		ph.Attrs["Arn"] = arn(svc, base)
	}
	p.phys[id] = ph
	return ph, true, nil
}

// properties resolves a resource's properties.
func (p *planner) properties(id string) (map[string]any, error) {
	res := p.t.Resources[id]
	v, err := p.r.resolve(res.Properties)
	if err != nil {
		return nil, fmt.Errorf("local: resource %s: %w", id, err)
	}
	return asMap(v), nil
}

// order lists the active resources so that every resource comes after those it refers to.
func (p *planner) order() ([]string, error) {
	var out []string
	state := map[string]int{}
	var visit func(id string, path []string) error
	visit = func(id string, path []string) error {
		switch state[id] {
		case 1:
			return fmt.Errorf("local: resources refer to each other in a cycle: %s", strings.Join(append(path, id), " -> "))
		case 2:
			return nil
		}
		state[id] = 1
		res := p.t.Resources[id]
		deps := append(references(res.Properties, p.t.Resources), res.DependsOn...)
		sort.Strings(deps)
		for _, d := range deps {
			if _, ok := p.t.Resources[d]; !ok || d == id {
				continue
			}
			if err := visit(d, append(path, id)); err != nil {
				return err
			}
		}
		state[id] = 2
		if !p.skipped[id] {
			out = append(out, id)
		}
		return nil
	}
	for _, id := range sortedIDs(p.t.Resources) {
		if err := visit(id, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// apiID derives a stable 10-character API id, like API Gateway's.
func apiID(stack, id string) string {
	h := sha256.Sum256([]byte(stack + "/" + id))
	return hex.EncodeToString(h[:])[:10]
}

func sortedIDs(m map[string]*Resource) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
