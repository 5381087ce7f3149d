package local

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/templatesync"
	"github.com/proplink/chat/shared/webhook"
)

// repoOps is the repo's template.yaml with a planner resolving it as stage "dev", for the
// operations checks below (alarms, tags, outputs, schedules).
type repoOps struct {
	t *Template
	p *planner
}

func loadRepoOps(t *testing.T) repoOps {
	t.Helper()
	tmpl, err := LoadTemplate("../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlanner(tmpl, "ops", map[string]string{"Stage": "dev"}, func(name string) string { return "http://localhost/" + AccountID + "/" + name })
	if err != nil {
		t.Fatal(err)
	}
	return repoOps{t: tmpl, p: p}
}

// props resolves one resource's properties.
func (r repoOps) props(t *testing.T, id string) map[string]any {
	t.Helper()
	m, err := r.p.properties(id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// alarmsOn lists the alarms on a plain metric: namespace/name with these resolved dimensions.
func (r repoOps) alarmsOn(t *testing.T, namespace, metric string, dims map[string]string) []string {
	t.Helper()
	var out []string
	for _, id := range r.t.OfType("AWS::CloudWatch::Alarm") {
		a := r.props(t, id)
		if a["Namespace"] != namespace || a["MetricName"] != metric {
			continue
		}
		got := map[string]string{}
		for _, d := range asSlice(a["Dimensions"]) {
			dm := asMap(d)
			got[fmt.Sprint(dm["Name"])] = fmt.Sprint(dm["Value"])
		}
		if fmt.Sprint(got) == fmt.Sprint(dims) {
			out = append(out, id)
		}
	}
	return out
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func getAtt(p *planner, id, attr string) (string, error) {
	v, _, err := p.getAtt(id, attr)
	return v, err
}

func TestRepoTemplateAlarmsOnEveryFunction(t *testing.T) {
	r := loadRepoOps(t)
	for _, fn := range r.t.OfType("AWS::Serverless::Function") {
		name, _, err := r.p.ref(fn)
		if err != nil {
			t.Fatal(err)
		}
		for _, metric := range []string{"Errors", "Throttles"} {
			t.Run(fn+" "+metric, func(t *testing.T) {
				if got := r.alarmsOn(t, "AWS/Lambda", metric, map[string]string{"FunctionName": name}); len(got) == 0 {
					t.Errorf("no alarm on %s's %s", fn, metric)
				}
			})
		}
	}
}

func TestRepoTemplateOperationalAlarms(t *testing.T) {
	r := loadRepoOps(t)
	apiID, _, err := r.p.ref("HttpApi")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, namespace, metric string
		dims                    map[string]string
	}{
		{"HTTP API 5xx", "AWS/ApiGateway", "5xx", map[string]string{"ApiId": apiID, "Stage": "$default"}},
		{"template sync failures", obs.Namespace, templatesync.MetricFailed, map[string]string{"Service": "template-sync"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.alarmsOn(t, tt.namespace, tt.metric, tt.dims); len(got) == 0 {
				t.Errorf("no alarm on %s %s %v", tt.namespace, tt.metric, tt.dims)
			}
		})
	}
	// Metric-math alarms: the metric must appear in one of their queries.
	queries := map[string]bool{}
	for _, id := range r.t.OfType("AWS::CloudWatch::Alarm") {
		for _, m := range asSlice(r.props(t, id)["Metrics"]) {
			mm := asMap(m)
			if e, ok := mm["Expression"].(string); ok {
				queries[e] = true
			}
			if met := asMap(asMap(mm["MetricStat"])["Metric"]); met["MetricName"] != nil {
				queries[fmt.Sprint(met["MetricName"])] = true
			}
		}
	}
	for _, metric := range []string{webhook.MetricRejected, obs.MetricFailed, obs.MetricProviderAuth} {
		t.Run(metric, func(t *testing.T) {
			found := false
			for q := range queries {
				found = found || q == metric || strings.Contains(q, "SUM("+metric+")")
			}
			if !found {
				t.Errorf("no alarm watches %s", metric)
			}
		})
	}
}

func TestRepoTemplateEveryAlarmNotifiesTheTopic(t *testing.T) {
	r := loadRepoOps(t)
	topic, _, err := r.p.ref("AlarmTopic")
	if err != nil {
		t.Fatal(err)
	}
	if r.t.Resources["AlarmEmailSubscription"] == nil || r.t.Resources["AlarmEmailSubscription"].Condition != "HasAlarmEmail" {
		t.Errorf("AlarmEmailSubscription: want an email subscription under condition HasAlarmEmail")
	}
	for _, id := range r.t.OfType("AWS::CloudWatch::Alarm") {
		if acts := asSlice(r.props(t, id)["AlarmActions"]); !slices.Contains(acts, any(topic)) {
			t.Errorf("alarm %s notifies %v, want AlarmTopic among them", id, acts)
		}
	}
}

// taggable lists the resource types CloudFormation (or SAM) tags with a Tags property.
var taggable = []string{
	"AWS::Serverless::Function", "AWS::SQS::Queue", "AWS::DynamoDB::Table", "AWS::S3::Bucket",
	"AWS::SNS::Topic", "AWS::Logs::LogGroup", "AWS::CloudWatch::Alarm",
}

func TestRepoTemplateTags(t *testing.T) {
	r := loadRepoOps(t)
	want := map[string]string{"Project": "proplink-chat", "Stage": "dev"}
	tagsOf := func(v any) map[string]string {
		out := map[string]string{}
		switch x := v.(type) {
		case []any: // CloudFormation: [{Key, Value}]
			for _, kv := range x {
				m := asMap(kv)
				out[fmt.Sprint(m["Key"])] = fmt.Sprint(m["Value"])
			}
		case map[string]any: // SAM: {Key: Value}
			for k, v := range x {
				out[k] = fmt.Sprint(v)
			}
		}
		return out
	}
	check := func(t *testing.T, what string, tags map[string]string) {
		for k, v := range want {
			if tags[k] != v {
				t.Errorf("%s: tag %s = %q, want %q", what, k, tags[k], v)
			}
		}
	}
	for _, typ := range taggable {
		for _, id := range r.t.OfType(typ) {
			check(t, id, tagsOf(r.props(t, id)["Tags"]))
		}
	}
	httpAPI, err := r.p.r.resolve(asMap(r.t.Globals["HttpApi"])["Tags"])
	if err != nil {
		t.Fatal(err)
	}
	check(t, "Globals.HttpApi", tagsOf(httpAPI))
}

func TestRepoTemplateOutputs(t *testing.T) {
	r := loadRepoOps(t)
	refs := map[string]bool{}
	for _, o := range r.t.Outputs {
		if ref, ok := asMap(asMap(o)["Value"])["Ref"].(string); ok {
			refs[ref] = true
		}
	}
	var dlqs []string
	for _, id := range r.t.OfType("AWS::SQS::Queue") {
		target := asMap(asMap(r.t.Resources[id].Properties["RedrivePolicy"])["deadLetterTargetArn"])["Fn::GetAtt"]
		if l := asSlice(target); len(l) > 0 {
			dlqs = append(dlqs, fmt.Sprint(l[0]))
		}
	}
	dlqs = append(dlqs, "ScheduleDLQ")
	want := append([]string{"HttpApi"}, dlqs...)
	want = append(want, r.t.OfType("AWS::Serverless::Function")...)
	for _, id := range want {
		if !refs[id] {
			t.Errorf("no Output is Ref %s", id)
		}
	}
	for _, dlq := range dlqs {
		name, err := getAtt(r.p, dlq, "QueueName")
		if err != nil {
			t.Fatal(err)
		}
		if got := r.alarmsOn(t, "AWS/SQS", "ApproximateNumberOfMessagesVisible", map[string]string{"QueueName": name}); len(got) == 0 {
			t.Errorf("no alarm on dead-letter queue %s", dlq)
		}
	}
}

func TestRepoTemplateSchedulesRetryAndKeepFailures(t *testing.T) {
	r := loadRepoOps(t)
	dlq, err := getAtt(r.p, "ScheduleDLQ", "Arn")
	if err != nil {
		t.Fatal(err)
	}
	for _, fn := range []string{"RemindersFunction", "TemplateSyncFunction"} {
		t.Run(fn, func(t *testing.T) {
			props := r.props(t, fn)
			for name, ev := range asMap(props["Events"]) {
				ep := asMap(asMap(ev)["Properties"])
				if n, _ := scalarString(asMap(ep["RetryPolicy"])["MaximumRetryAttempts"]); n == "" || n == "0" {
					t.Errorf("event %s: RetryPolicy.MaximumRetryAttempts = %q, want retries", name, n)
				}
				if got := asMap(ep["DeadLetterConfig"])["Arn"]; got != dlq {
					t.Errorf("event %s: DeadLetterConfig.Arn = %v, want %s", name, got, dlq)
				}
			}
			onFailure := asMap(asMap(asMap(props["EventInvokeConfig"])["DestinationConfig"])["OnFailure"])
			if onFailure["Destination"] != dlq {
				t.Errorf("EventInvokeConfig OnFailure = %v, want ScheduleDLQ", onFailure)
			}
		})
	}
}

func TestRepoTemplateNoCrudPolicy(t *testing.T) {
	r := loadRepoOps(t)
	for _, fn := range r.t.OfType("AWS::Serverless::Function") {
		for _, p := range asSlice(r.t.Resources[fn].Properties["Policies"]) {
			for name := range asMap(p) {
				if strings.HasSuffix(name, "CrudPolicy") {
					t.Errorf("%s uses %s; grant the actions it performs instead", fn, name)
				}
			}
		}
	}
}
