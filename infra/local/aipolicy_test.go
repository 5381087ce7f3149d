package local

import (
	"testing"
)

// TestAILayerTemplate: bedrock:InvokeModel is granted to AssistantFunction alone, on the
// configured model alone, and only when AssistantAIEnabled is true; the function is told the
// model only then; the error-rate alarm exists only then.
func TestAILayerTemplate(t *testing.T) {
	tmpl, err := LoadTemplate("../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const model = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0"
	for _, on := range []bool{false, true} {
		params := map[string]string{"Stage": "dev"}
		if on {
			params["AssistantAIEnabled"] = "true"
		}
		policies, err := FunctionPolicies(tmpl, params)
		if err != nil {
			t.Fatal(err)
		}
		for fn, p := range policies {
			want := on && fn == "AssistantFunction"
			if got := p.AllowsOn("bedrock:InvokeModel", model); got != want {
				t.Errorf("enabled %v: %s may invoke the model = %v, want %v", on, fn, got, want)
			}
			for _, other := range []string{"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-opus-20240229-v1:0",
				"arn:aws:bedrock:eu-west-2::foundation-model/amazon.nova-micro-v1:0"} {
				if p.AllowsOn("bedrock:InvokeModel", other) {
					t.Errorf("enabled %v: %s may invoke %s", on, fn, other)
				}
			}
			if p.Allows("bedrock:InvokeModelWithResponseStream") || p.Allows("bedrock:*") {
				t.Errorf("%s may do more on Bedrock than InvokeModel", fn)
			}
		}
		p, err := newPlanner(tmpl, "ai", params, func(name string) string { return "http://localhost/" + AccountID + "/" + name })
		if err != nil {
			t.Fatal(err)
		}
		props, err := p.properties("AssistantFunction")
		if err != nil {
			t.Fatal(err)
		}
		vars := asMap(asMap(props["Environment"])["Variables"])
		if got, want := vars["AI_MODEL_ID"], map[bool]any{false: "", true: "amazon.nova-micro-v1:0"}[on]; got != want {
			t.Errorf("enabled %v: AI_MODEL_ID = %v, want %v", on, got, want)
		}
		if vars["AI_REGION"] != "us-east-1" || vars["AI_DAILY_TOKENS"] == nil {
			t.Errorf("enabled %v: AI environment %v", on, vars)
		}
	}
	alarm := tmpl.Resources["AssistantAIErrorRateAlarm"]
	if alarm == nil || alarm.Condition != "AssistantAIOn" {
		t.Errorf("AssistantAIErrorRateAlarm: want an alarm under condition AssistantAIOn, got %+v", alarm)
	}
}
