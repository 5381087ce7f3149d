package local

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const unitTemplate = `
Parameters:
  Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
  Topic: {Type: String, Default: ""}
  Names: {Type: CommaDelimitedList, Default: "a,b,c"}
Conditions:
  HasTopic: !Not [!Equals [!Ref Topic, ""]]
  IsProd: !Equals [!Ref Stage, prod]
Globals:
  Function:
    Timeout: 10
    MemorySize: 256
    Environment:
      Variables:
        STAGE: !Ref Stage
        TABLE: !Ref Table
Resources:
  Table: {Type: AWS::DynamoDB::Table}
  Queue: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true}}
  Bucket: {Type: AWS::S3::Bucket}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Timeout: 30
      Environment:
        Variables:
          QUEUE: !Ref Queue
  ProdOnly: {Type: AWS::SQS::Queue, Condition: IsProd}
`

func unitPlanner(t *testing.T, overrides map[string]string) *planner {
	t.Helper()
	tmpl, err := ParseTemplate([]byte(unitTemplate))
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlanner(tmpl, "stk", overrides, func(n string) string { return "http://moto/123456789012/" + n })
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGlobalsMerge(t *testing.T) {
	p := unitPlanner(t, nil)
	props, err := p.properties("Fn")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"Timeout":    int64(30),
		"MemorySize": int64(256),
		"Environment": map[string]any{"Variables": map[string]any{
			"STAGE": "dev", "TABLE": "stk-Table", "QUEUE": "http://moto/123456789012/stk-Queue.fifo",
		}},
	}
	if diff := cmp.Diff(want, props); diff != "" {
		t.Errorf("merged properties (-want +got):\n%s", diff)
	}
}

func TestIntrinsics(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want any
	}{
		{"ref parameter", `!Ref Stage`, "dev"},
		{"ref table", `!Ref Table`, "stk-Table"},
		{"ref queue is its url", `!Ref Queue`, "http://moto/123456789012/stk-Queue.fifo"},
		{"ref bucket lower-case", `!Ref Bucket`, "stk-bucket"},
		{"ref function", `!Ref Fn`, "stk-Fn"},
		{"pseudo region", `!Ref AWS::Region`, "eu-west-2"},
		{"pseudo account", `!Ref AWS::AccountId`, "123456789012"},
		{"pseudo stack", `!Ref AWS::StackName`, "stk"},
		{"getatt arn", `!GetAtt Queue.Arn`, "arn:aws:sqs:eu-west-2:123456789012:stk-Queue.fifo"},
		{"getatt queue name", `!GetAtt Queue.QueueName`, "stk-Queue.fifo"},
		{"getatt long form", `{"Fn::GetAtt": [Table, Arn]}`, "arn:aws:dynamodb:eu-west-2:123456789012:table/stk-Table"},
		{"getatt stream", `!GetAtt Table.StreamArn`, "arn:aws:dynamodb:eu-west-2:123456789012:table/stk-Table/stream/1970-01-01T00:00:00.000"},
		{"sub", `!Sub "/p/${Stage}/${AWS::Region}/${Queue.QueueName}/${!Literal}"`, "/p/dev/eu-west-2/stk-Queue.fifo/${Literal}"},
		{"sub with map", `!Sub ["${A}-${Stage}", {A: !Ref Table}]`, "stk-Table-dev"},
		{"join", `!Join ["-", [a, !Ref Stage, 3]]`, "a-dev-3"},
		{"select", `!Select [1, !Ref Names]`, "b"},
		{"split", `!Split [",", "x,y"]`, []any{"x", "y"}},
		{"if false", `!If [HasTopic, yes, no]`, "no"},
		{"equals", `!Equals [!Ref Stage, dev]`, true},
		{"and or", `{"Fn::And": [true, {"Fn::Or": [false, true]}]}`, true},
		{"no value in list", `[a, !Ref AWS::NoValue, b]`, []any{"a", "b"}},
		{"no value in map", `{k: !Ref AWS::NoValue, j: 1}`, map[string]any{"j": int64(1)}},
		{"if with no value", `{A: !If [HasTopic, [!Ref Topic], !Ref AWS::NoValue]}`, map[string]any{}},
		{"base64", `!Base64 hi`, "aGk="},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := unitPlanner(t, nil)
			got, err := resolveYAML(p, tc.yaml)
			if err != nil {
				t.Fatalf("resolve: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestIntrinsicErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"unknown ref", `!Ref Nope`, "Ref Nope: no such parameter or resource"},
		{"unknown function", `!ImportValue x`, "Fn::ImportValue: not supported"},
		{"unknown attribute", `!GetAtt Table.Nope`, "attribute Nope of Table"},
		{"disabled resource", `!Ref ProdOnly`, "condition IsProd is false"},
		{"bad select", `!Select [9, [a]]`, "out of range"},
		{"unknown condition", `!If [Nope, a, b]`, "condition Nope is not defined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := resolveYAML(unitPlanner(t, nil), tc.yaml)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestParameters(t *testing.T) {
	p := unitPlanner(t, map[string]string{"Stage": "prod"})
	if got, _ := resolveYAML(p, `!Ref ProdOnly`); got != "http://moto/123456789012/stk-ProdOnly" {
		t.Errorf("Ref ProdOnly with Stage=prod = %v", got)
	}
	tmpl, _ := ParseTemplate([]byte(unitTemplate))
	if _, err := newPlanner(tmpl, "stk", map[string]string{"Stage": "qa"}, nil); err == nil {
		t.Errorf("Stage=qa accepted, want an AllowedValues error")
	}
	if _, err := newPlanner(tmpl, "stk", map[string]string{"Nope": "x"}, nil); err == nil {
		t.Errorf("unknown parameter accepted, want an error")
	}
}

func TestOrderPutsDependenciesFirst(t *testing.T) {
	tmpl, err := ParseTemplate([]byte(`
Resources:
  Q: {Type: AWS::SQS::Queue, Properties: {RedrivePolicy: {deadLetterTargetArn: !GetAtt D.Arn, maxReceiveCount: 2}}}
  D: {Type: AWS::SQS::Queue}
`))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := newPlanner(tmpl, "s", nil, func(n string) string { return n })
	got, err := p.order()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"D", "Q"}, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func resolveYAML(p *planner, src string) (any, error) {
	tmpl, err := ParseTemplate([]byte("Resources:\n  X:\n    Type: T\n    Properties:\n      V: " + src + "\n"))
	if err != nil {
		return nil, err
	}
	return p.r.resolve(tmpl.Resources["X"].Properties["V"])
}

func FuzzParseTemplate(f *testing.F) {
	f.Add([]byte(unitTemplate))
	f.Add([]byte("Resources: {A: {Type: X, Properties: {B: !GetAtt}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tmpl, err := ParseTemplate(data)
		if err != nil {
			return
		}
		p, err := newPlanner(tmpl, "s", nil, func(n string) string { return n })
		if err != nil {
			return
		}
		for id := range tmpl.Resources {
			_, _ = p.properties(id)
		}
	})
}

func TestSelfNamedResource(t *testing.T) {
	tmpl, err := ParseTemplate([]byte("Resources:\n  T: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Ref T}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := newPlanner(tmpl, "s", nil, nil)
	if _, err := p.properties("T"); err == nil || !strings.Contains(err.Error(), "refers to itself") {
		t.Errorf("err = %v, want a self-reference error", err)
	}
}
