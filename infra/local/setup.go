package local

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// startFunctions reads every function's settings and events, builds the selected ones and starts
// their processes. Routes are registered for every function, running or not.
func (s *Stack) startFunctions(ctx context.Context, serve bool) error {
	all := s.tmpl.OfType("AWS::Serverless::Function")
	selected := map[string]bool{}
	for _, id := range s.o.Functions {
		if r, ok := s.tmpl.Resources[id]; !ok || r.Type != "AWS::Serverless::Function" {
			return fmt.Errorf("local: function %s is not an AWS::Serverless::Function in %s", id, s.o.TemplatePath)
		}
		selected[id] = true
	}
	var targets []buildTarget
	var fns []*function
	for _, id := range all {
		if s.plan.skipped[id] {
			continue
		}
		props, err := s.plan.properties(id)
		if err != nil {
			return err
		}
		events, err := s.readEvents(id, props)
		if err != nil {
			return err
		}
		if len(selected) > 0 && !selected[id] {
			continue
		}
		f, target, err := s.newFunction(id, props)
		if err != nil {
			return err
		}
		if events.routes == 0 {
			f.nice = backgroundNice
		}
		fns = append(fns, f)
		targets = append(targets, target)
		if serve {
			s.sources = append(s.sources, events.sqs...)
			if len(events.schedules) > 0 {
				s.schedules[id] = events.schedules
			}
		}
	}
	sortRoutes(s.routes)
	if err := build(ctx, s.o.Root, s.o.BuildDir, targets, s.o.Log); err != nil {
		return err
	}
	for _, f := range fns {
		if err := f.start(); err != nil {
			return err
		}
		s.funcs[f.id] = f
	}
	return nil
}

// newFunction makes a function from its resolved properties.
func (s *Stack) newFunction(id string, props map[string]any) (*function, buildTarget, error) {
	codeURI, _ := props["CodeUri"].(string)
	if codeURI == "" {
		return nil, buildTarget{}, fmt.Errorf("local: function %s: CodeUri must be a local folder", id)
	}
	pkg, err := codePackage(s.o.Root, filepath.Dir(s.o.TemplatePath), codeURI)
	if err != nil {
		return nil, buildTarget{}, fmt.Errorf("local: function %s: %w", id, err)
	}
	timeout, err := intProp(props, "Timeout", 3)
	if err != nil {
		return nil, buildTarget{}, fmt.Errorf("local: function %s: %w", id, err)
	}
	memory, err := intProp(props, "MemorySize", 128)
	if err != nil {
		return nil, buildTarget{}, fmt.Errorf("local: function %s: %w", id, err)
	}
	concurrency, err := intProp(props, "ReservedConcurrentExecutions", defaultConcurrency)
	if err != nil {
		return nil, buildTarget{}, fmt.Errorf("local: function %s: %w", id, err)
	}
	if s.o.MaxInstances > 0 {
		concurrency = s.o.MaxInstances
	}
	ph, _, err := s.plan.physical(id)
	if err != nil {
		return nil, buildTarget{}, err
	}
	bin := filepath.Join(s.o.BuildDir, id, "bootstrap")
	f := &function{
		id:        id,
		name:      ph.Ref,
		arn:       ph.Attrs["Arn"],
		timeout:   time.Duration(timeout) * time.Second,
		memory:    memory,
		bin:       bin,
		queue:     make(chan *invocation),
		sink:      s.sink,
		active:    &s.active,
		lat:       s.lat,
		min:       s.o.Instances,
		max:       concurrency,
		idleAfter: s.o.IdleTimeout,
	}
	f.env, err = s.functionEnv(id, f, props)
	if err != nil {
		return nil, buildTarget{}, err
	}
	return f, buildTarget{LogicalID: id, Package: pkg, Out: bin}, nil
}

// functionEnv is the process environment: the template's variables, Lambda's own, local AWS
// settings aimed at the counting proxy, then Options.Env.
func (s *Stack) functionEnv(id string, f *function, props map[string]any) ([]string, error) {
	env := map[string]string{}
	vars := asMap(asMap(props["Environment"])["Variables"])
	for k, v := range vars {
		str, err := scalarString(v)
		if err != nil {
			return nil, fmt.Errorf("local: function %s: Environment.Variables.%s: %w", id, k, err)
		}
		env[k] = str
	}
	handler, _ := props["Handler"].(string)
	logCfg := asMap(props["LoggingConfig"])
	set := map[string]string{
		"AWS_LAMBDA_FUNCTION_NAME":        f.name,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": strconv.Itoa(f.memory),
		"AWS_LAMBDA_FUNCTION_VERSION":     "$LATEST",
		"AWS_LAMBDA_LOG_GROUP_NAME":       "/aws/lambda/" + f.name,
		"AWS_LAMBDA_LOG_STREAM_NAME":      time.Now().UTC().Format("2006/01/02") + "/[$LATEST]local",
		"AWS_LAMBDA_INITIALIZATION_TYPE":  "on-demand",
		"AWS_EXECUTION_ENV":               "AWS_Lambda_" + strings.ReplaceAll(fmt.Sprint(props["Runtime"]), ".", "_"),
		"_HANDLER":                        handler,
		"LAMBDA_TASK_ROOT":                filepath.Dir(f.bin),
		"AWS_REGION":                      Region,
		"AWS_DEFAULT_REGION":              Region,
		"AWS_ACCESS_KEY_ID":               FunctionAccessKey(id),
		"AWS_SECRET_ACCESS_KEY":           "testing",
		"AWS_SESSION_TOKEN":               "testing",
		"AWS_ENDPOINT_URL":                s.counter.URL(),
		"AWS_CONFIG_FILE":                 os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE":     os.DevNull,
		"AWS_EC2_METADATA_DISABLED":       "true",
		"TZ":                              "UTC",
		"PATH":                            os.Getenv("PATH"),
	}
	if lf, _ := logCfg["LogFormat"].(string); lf != "" {
		set["AWS_LAMBDA_LOG_FORMAT"] = lf
	}
	if ll, _ := logCfg["ApplicationLogLevel"].(string); ll != "" {
		set["AWS_LAMBDA_LOG_LEVEL"] = ll
	}
	for k, v := range set {
		env[k] = v
	}
	for k, v := range s.o.Env {
		env[k] = v
	}
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out, nil
}

// functionEvents are the event sources one function declares.
type functionEvents struct {
	sqs       []*sqsSource
	schedules []*scheduleSource
	// routes counts the HttpApi events: a function without one serves no caller who waits.
	routes int
}

// readEvents registers HttpApi routes and collects SQS and schedule sources of a function.
func (s *Stack) readEvents(id string, props map[string]any) (functionEvents, error) {
	var fe functionEvents
	events := asMap(props["Events"])
	names := make([]string, 0, len(events))
	for n := range events {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		ev := asMap(events[name])
		typ, _ := ev["Type"].(string)
		p := asMap(ev["Properties"])
		where := fmt.Sprintf("local: function %s: event %s", id, name)
		switch typ {
		case "HttpApi":
			path, _ := p["Path"].(string)
			method, _ := p["Method"].(string)
			if path == "" {
				path = "$default"
			}
			if method == "" || method == "*" {
				method = "ANY"
			}
			s.routes = append(s.routes, Route{Function: id, Method: strings.ToUpper(method), Path: path})
			fe.routes++
		case "SQS":
			src, err := s.newSQSSource(id, name, p)
			if err != nil {
				return fe, fmt.Errorf("%s: %w", where, err)
			}
			fe.sqs = append(fe.sqs, src)
		case "Schedule", "ScheduleV2":
			src, err := newScheduleSource(id, name, typ, p)
			if err != nil {
				return fe, fmt.Errorf("%s: %w", where, err)
			}
			fe.schedules = append(fe.schedules, src)
		default:
			s.logf("local: function %s: event %s of type %s is not emulated locally", id, name, typ)
		}
	}
	return fe, nil
}

// intProp reads a whole-number property written as a number or a string.
func intProp(props map[string]any, key string, def int) (int, error) {
	v, ok := props[key]
	if !ok {
		return def, nil
	}
	str, err := scalarString(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", key, err)
	}
	n, err := strconv.Atoi(str)
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not a whole number", key, str)
	}
	return n, nil
}

// inputPayload turns an event's Input (JSON text or a YAML mapping) into bytes.
func inputPayload(v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		if !json.Valid([]byte(x)) {
			return nil, fmt.Errorf("local: Input is not valid JSON")
		}
		return []byte(x), nil
	default:
		return json.Marshal(x)
	}
}
