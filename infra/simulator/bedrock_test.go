package simulator

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/proplink/chat/shared/awsjson"
	"github.com/proplink/chat/shared/bedrock"
)

// converseClient is the careful AI layer's Converse client aimed at a started simulator.
func converseClient(t *testing.T, s *Simulator) *bedrock.Client {
	t.Helper()
	url, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return bedrock.NewClient(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")}, "", url)
}

// converseInput asks the model to call the tool "classify" about text.
func converseInput(text string) *bedrock.ConverseInput {
	tool := bedrock.Tool{ToolSpec: bedrock.ToolSpec{Name: "classify"}}
	tool.ToolSpec.InputSchema.JSON = json.RawMessage(`{"type":"object"}`)
	in := &bedrock.ConverseInput{
		ModelID:         "amazon.nova-micro-v1:0",
		Messages:        []bedrock.Message{{Role: "user", Content: []bedrock.Content{{Text: &text}}}},
		ToolConfig:      &bedrock.ToolConfig{Tools: []bedrock.Tool{tool}},
		InferenceConfig: &bedrock.InferenceConfig{MaxTokens: 100},
	}
	in.ToolConfig.ToolChoice.Tool.Name = "classify"
	return in
}

// toolInputOf returns the tool input of an answer as a map.
func toolInputOf(t *testing.T, out *bedrock.ConverseOutput) map[string]any {
	t.Helper()
	if out.StopReason != bedrock.StopToolUse {
		t.Fatalf("stop reason %s, want tool_use", out.StopReason)
	}
	tu := out.Output.Message.Content[0].ToolUse
	if tu == nil {
		t.Fatalf("content %+v, want a tool call", out.Output.Message.Content)
	}
	var in map[string]any
	if err := json.Unmarshal(tu.Input, &in); err != nil {
		t.Fatal(err)
	}
	if tu.Name != "classify" {
		t.Errorf("tool %s, want classify", tu.Name)
	}
	return in
}

// exception checks that err is Bedrock's exception named code.
func exception(t *testing.T, err error, code string) {
	t.Helper()
	var e *awsjson.APIError
	if !errors.As(err, &e) || e.ErrorCode() != code {
		t.Errorf("err = %v, want %s", err, code)
	}
}

func TestConverseAnswers(t *testing.T) {
	s := New(Options{})
	c := converseClient(t, s)
	ctx := context.Background()
	s.ScriptConverse(ConverseScript{Match: "CORRIDOR", Count: 1, Intent: "raise_ticket", Mentions: map[string]string{"unit": "flat 2"}, Language: "es", InputTokens: 700, OutputTokens: 30})
	out, err := c.Converse(ctx, converseInput("the lights in the corridor by flat 2"))
	if err != nil {
		t.Fatal(err)
	}
	in := toolInputOf(t, out)
	if in["intent"] != "raise_ticket" || in["language"] != "es" || in["mentions"].(map[string]any)["unit"] != "flat 2" {
		t.Errorf("scripted answer: %v", in)
	}
	if out.Usage == nil || out.Usage.InputTokens != 700 || out.Usage.OutputTokens != 30 {
		t.Errorf("usage %+v", out.Usage)
	}
	out, err = c.Converse(ctx, converseInput("the corridor again"))
	if err != nil {
		t.Fatal(err)
	}
	if in := toolInputOf(t, out); in["intent"] != "unknown" || in["language"] != "en" {
		t.Errorf("after the script's one use, the default: %v", in)
	}
	calls := s.ConverseCalls()
	if len(calls) != 2 || calls[0].ModelID != "amazon.nova-micro-v1:0" || calls[0].LastUser != "the lights in the corridor by flat 2" || calls[0].Status != 200 || calls[0].AccessKey != "AKIDEXAMPLE" {
		t.Errorf("calls %+v", calls)
	}
}

func TestConverseFaults(t *testing.T) {
	tests := []struct {
		name   string
		script ConverseScript
		check  func(t *testing.T, out *bedrock.ConverseOutput, err error)
	}{
		{name: "throttling", script: ConverseScript{Fault: ConverseThrottling}, check: func(t *testing.T, _ *bedrock.ConverseOutput, err error) {
			exception(t, err, "ThrottlingException")
		}},
		{name: "validation", script: ConverseScript{Fault: ConverseValidation}, check: func(t *testing.T, _ *bedrock.ConverseOutput, err error) {
			exception(t, err, "ValidationException")
		}},
		{name: "internal", script: ConverseScript{Fault: ConverseInternal}, check: func(t *testing.T, _ *bedrock.ConverseOutput, err error) {
			exception(t, err, "InternalServerException")
		}},
		{name: "a refusal in words", script: ConverseScript{Fault: ConverseRefusal}, check: func(t *testing.T, out *bedrock.ConverseOutput, err error) {
			if err != nil || out.StopReason != "end_turn" {
				t.Errorf("got %+v, %v; want end_turn", out, err)
			}
		}},
		{name: "a body that is not JSON", script: ConverseScript{Fault: ConverseGarbage}, check: func(t *testing.T, _ *bedrock.ConverseOutput, err error) {
			if err == nil {
				t.Error("want a deserialization error")
			}
		}},
		{name: "a malformed tool input", script: ConverseScript{Input: []byte(`{"intent":"balance","reply":"Jane owes £5"}`)}, check: func(t *testing.T, out *bedrock.ConverseOutput, err error) {
			if err != nil {
				t.Fatal(err)
			}
			if in := toolInputOf(t, out); in["reply"] != "Jane owes £5" {
				t.Errorf("input %v, want the raw one", in)
			}
		}},
		{name: "latency past the client's patience", script: ConverseScript{Intent: "help", Delay: 2 * time.Second}, check: func(t *testing.T, _ *bedrock.ConverseOutput, err error) {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want the deadline", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{})
			c := converseClient(t, s)
			s.ScriptConverse(tt.script)
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			out, err := c.Converse(ctx, converseInput("hello"))
			tt.check(t, out, err)
		})
	}
}

func TestConverseValidatesTheRequest(t *testing.T) {
	sig := map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20260320/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=x"}
	tool := `"toolConfig":{"tools":[{"toolSpec":{"name":"classify","inputSchema":{"json":{"type":"object"}}}}],"toolChoice":{"tool":{"name":"classify"}}}`
	user := `"messages":[{"role":"user","content":[{"text":"hi"}]}]`
	tests := []struct {
		name, body, want string
		header           map[string]string
		status           int
	}{
		{name: "a valid request", body: `{` + user + `,` + tool + `}`, status: 200},
		{name: "unsigned", body: `{` + user + `}`, header: map[string]string{}, status: 403, want: "SigV4"},
		{name: "no messages", body: `{` + tool + `}`, status: 400, want: "must start with a user message"},
		{name: "an assistant first", body: `{"messages":[{"role":"assistant","content":[{"text":"hi"}]}]}`, status: 400, want: "alternate"},
		{name: "empty content", body: `{"messages":[{"role":"user","content":[]}]}`, status: 400, want: "is empty"},
		{name: "a block with two members", body: `{"messages":[{"role":"user","content":[{"text":"a","image":{}}]}]}`, status: 400, want: "exactly one"},
		{name: "an unknown field", body: `{` + user + `,"temperature":0.5}`, status: 400, want: "Malformed input request"},
		{name: "maxTokens 0", body: `{` + user + `,"inferenceConfig":{"maxTokens":0}}`, status: 400, want: "maxTokens"},
		{name: "temperature 2", body: `{` + user + `,"inferenceConfig":{"temperature":2}}`, status: 400, want: "temperature"},
		{name: "a tool name with spaces", body: `{` + user + `,"toolConfig":{"tools":[{"toolSpec":{"name":"a b","inputSchema":{"json":{"type":"object"}}}}]}}`, status: 400, want: "pattern"},
		{name: "a schema that is not an object", body: `{` + user + `,"toolConfig":{"tools":[{"toolSpec":{"name":"a","inputSchema":{"json":{"type":"string"}}}}]}}`, status: 400, want: "type object"},
		{name: "a chosen tool not offered", body: `{` + user + `,"toolConfig":{"tools":[{"toolSpec":{"name":"a","inputSchema":{"json":{"type":"object"}}}}],"toolChoice":{"tool":{"name":"b"}}}}`, status: 400, want: "not in toolConfig.tools"},
		{name: "ending on the assistant", body: `{"messages":[{"role":"user","content":[{"text":"a"}]},{"role":"assistant","content":[{"text":"b"}]}]}`, status: 400, want: "last message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{})
			h := tt.header
			if h == nil {
				h = sig
			}
			a := call(t, s.Handler(), "POST", "/model/amazon.nova-micro-v1%3A0/converse", h, tt.body)
			if a.Status != tt.status || !strings.Contains(a.Raw, tt.want) {
				t.Errorf("got %d %s, want %d with %q", a.Status, a.Raw, tt.status, tt.want)
			}
			if got := s.ConverseCalls(); len(got) != 1 || got[0].Status != tt.status {
				t.Errorf("recorded %+v, want one call with status %d", got, tt.status)
			}
		})
	}
}

func TestConverseControlAPI(t *testing.T) {
	s := New(Options{})
	h := s.Handler()
	if a := call(t, h, "POST", "/_sim/bedrock/scripts", nil, `[{"match":"lights","intent":"raise_ticket","delay_ms":5},{"fault":"throttling","count":2}]`); a.Status != http.StatusCreated {
		t.Fatalf("post scripts: %d %s", a.Status, a.Raw)
	}
	if a := call(t, h, "POST", "/_sim/bedrock/scripts", nil, `{"fault":"melt"}`); a.Status != http.StatusBadRequest {
		t.Errorf("an unknown fault: got %d, want 400", a.Status)
	}
	if got := s.takeConverse("the LIGHTS are out"); got.Intent != "raise_ticket" || got.Delay != 5*time.Millisecond {
		t.Errorf("scripted: %+v", got)
	}
	if got := s.takeConverse("anything"); got.Fault != ConverseThrottling {
		t.Errorf("second script: %+v", got)
	}
	if a := call(t, h, "DELETE", "/_sim/bedrock", nil, ""); a.Status != http.StatusNoContent {
		t.Errorf("delete: %d", a.Status)
	}
	if got := s.takeConverse("the lights"); got.Intent != "unknown" || got.Fault != "" {
		t.Errorf("after clearing: %+v", got)
	}
	if a := call(t, h, "GET", "/_sim/bedrock/calls", nil, ""); a.Status != 200 || a.Raw != "[]\n" {
		t.Errorf("calls: %d %s", a.Status, a.Raw)
	}
}

// FuzzParseConverse: any body is refused or gives a request with messages, starting and ending
// with the user, and a tool name the request offered (or none).
func FuzzParseConverse(f *testing.F) {
	f.Add(`{"messages":[{"role":"user","content":[{"text":"hi"}]}],"toolConfig":{"tools":[{"toolSpec":{"name":"a","inputSchema":{"json":{"type":"object"}}}}]}}`)
	f.Add(`{"messages":[]}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, body string) {
		req, tool, err := parseConverse("m", []byte(body))
		if err != nil {
			return
		}
		if len(req.Messages) == 0 || req.Messages[0].Role != "user" || req.Messages[len(req.Messages)-1].Role != "user" {
			t.Fatalf("accepted %s", body)
		}
		if tool != "" && !strings.Contains(body, tool) {
			t.Fatalf("tool %q not in %s", tool, body)
		}
		_ = req.lastUser()
	})
}
