package bedrock

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/awsjson"
	"github.com/proplink/chat/shared/awsjson/awsjsontest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// toolUseAnswer is Converse's answer calling the tool, as Bedrock writes it.
const toolUseAnswer = `{"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"tooluse_1","name":"classify",
	"input":{"intent":"raise_ticket","mentions":{"unit":"flat 2","priority":"Urgent"},"language":"en"}}}]}},
	"stopReason":"tool_use","usage":{"inputTokens":512,"outputTokens":31,"totalTokens":543},"metrics":{"latencyMs":420}}`

// TestConverseRequest: the client, pointed at a local server, sends the Converse request the
// golden file holds (signed for bedrock in the configured region, at the model's escaped path)
// and reads a tool-use answer back.
func TestConverseRequest(t *testing.T) {
	var got struct {
		path, auth, contentType string
		body                    []byte
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.path, got.auth, got.contentType = r.URL.EscapedPath(), r.Header.Get("Authorization"), r.Header.Get("Content-Type")
		got.body, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, toolUseAnswer)
	}))
	defer srv.Close()
	cfg := aws.Config{Region: "eu-west-2", Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""), HTTPClient: srv.Client()}
	b := &fakeBudget{counts: map[string]int64{}}
	i := &Interpreter{Client: NewClient(cfg, "us-east-1", srv.URL+"/"), ModelID: "amazon.nova-micro-v1:0", Budget: b, DailyTokens: 100000,
		Timeout: 5 * time.Second, MaxTokens: 200, Settings: fakeSettings{"o": {Enabled: true}},
		Now: func() time.Time { return time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC) }}
	in := i.Interpret(context.Background(), assistant.Query{OrgID: "o", Role: assistant.RoleResident,
		Text: "the lights in the corridor by flat 2 have been dead since Tuesday, urgent", Recent: []string{"hello?"}})
	if in.Intent != assistant.IntentRaiseTicket || in.Mentions["unit"] != "flat 2" || in.Mentions["priority"] != "Urgent" {
		t.Errorf("Interpret = %+v", in)
	}
	if got, want := b.counts["o2026-03-20"], int64(543); got != want {
		t.Errorf("tokens counted = %d, want %d", got, want)
	}
	if want := "/model/amazon.nova-micro-v1%3A0/converse"; got.path != want {
		t.Errorf("path = %s, want %s", got.path, want)
	}
	if want := "application/json"; got.contentType != want {
		t.Errorf("Content-Type = %s, want %s", got.contentType, want)
	}
	if !strings.Contains(got.auth, "Credential=AKIDEXAMPLE/") || !strings.Contains(got.auth, "/us-east-1/bedrock/aws4_request") {
		t.Errorf("Authorization = %q, want SigV4 for bedrock in us-east-1", got.auth)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, got.body, "", "  "); err != nil {
		t.Fatalf("body %s: %v", got.body, err)
	}
	checkGolden(t, "converse_request.json", append(pretty.Bytes(), '\n'))
}

// reply is one canned HTTP answer.
type reply = awsjsontest.Answer

// recordingClient returns a client at Bedrock Runtime's regional endpoint in us-east-1 whose
// requests are recorded and answered in turn from answers (the last one repeats), with a fixed
// clock and no waits.
func recordingClient(t *testing.T, answers ...reply) (*Client, *[]string) {
	t.Helper()
	cfg, seen := awsjsontest.Config(answers...)
	c := NewClient(cfg, "us-east-1", "")
	awsjsontest.Fix(c.json, time.Date(2026, 12, 2, 6, 30, 0, 0, time.UTC))
	return c, seen
}

// checkGolden compares got with testdata/name (rewritten under -update).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	awsjsontest.Golden(t, filepath.Join("testdata", name), got, *update)
}

// TestConverseSigned: the whole signed request for a model named by an inference profile's
// ARN, whose ':' and '/' are escaped in the path (and escaped again in the signature's
// canonical path), matches the golden file: regional endpoint, SigV4 scope, headers, body.
func TestConverseSigned(t *testing.T) {
	c, seen := recordingClient(t, reply{Status: 200, Body: toolUseAnswer})
	in := request("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0", assistant.RoleStaff,
		"where does jane smith stand", nil, MaxAnswerTokens)
	if _, err := c.Converse(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	if len(*seen) != 1 {
		t.Fatalf("got %d requests, want 1", len(*seen))
	}
	const wantURL = "https://bedrock-runtime.us-east-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.amazon.nova-micro-v1%3A0/converse"
	if got, _, _ := strings.Cut((*seen)[0], "\n"); got != "POST "+wantURL {
		t.Errorf("got %s, want POST %s", got, wantURL)
	}
	checkGolden(t, filepath.Join("golden", "converse_inference_profile.txt"), []byte((*seen)[0]))
}

func TestParseOutput(t *testing.T) {
	text := func(s string) *string { return &s }
	tests := []struct {
		name  string
		body  string
		stop  string
		usage Usage
		input string // the tool input read, "" for none
		texts []string
		bad   bool
	}{
		{name: "a tool call", body: toolUseAnswer, stop: "tool_use", usage: Usage{InputTokens: 512, OutputTokens: 31, TotalTokens: 543},
			input: `{"intent":"raise_ticket","mentions":{"unit":"flat 2","priority":"Urgent"},"language":"en"}`, texts: []string{""}},
		{name: "words and no call", body: `{"output":{"message":{"role":"assistant","content":[{"text":"I can't help."}]}},"stopReason":"end_turn","usage":{"inputTokens":300,"outputTokens":9,"totalTokens":309}}`,
			stop: "end_turn", usage: Usage{InputTokens: 300, OutputTokens: 9, TotalTokens: 309}, texts: []string{"I can't help."}},
		{name: "blocks of other kinds are neither", body: `{"output":{"message":{"role":"assistant","content":[{"reasoningContent":{"reasoningText":{"text":"hm"}}},{"text":"ok"}]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3},"trace":{},"performanceConfig":{"latency":"standard"}}`,
			stop: "end_turn", usage: Usage{InputTokens: 1, OutputTokens: 2, TotalTokens: 3}, texts: []string{"", "ok"}},
		{name: "running out of tokens", body: `{"output":{"message":{"role":"assistant","content":[]}},"stopReason":"max_tokens","usage":{"inputTokens":5,"outputTokens":200,"totalTokens":205}}`,
			stop: "max_tokens", usage: Usage{InputTokens: 5, OutputTokens: 200, TotalTokens: 205}},
		{name: "cut short", body: `{"output":{"message":`, bad: true},
		{name: "not an object", body: `[{"output":{}}]`, bad: true},
		{name: "empty", body: ``, bad: true},
		{name: "tokens that are not numbers", body: `{"stopReason":"tool_use","usage":{"inputTokens":"many"}}`, bad: true},
		{name: "a message that is not an object", body: `{"output":{"message":"hi"}}`, bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := parseOutput([]byte(tt.body))
			if tt.bad {
				if !errors.Is(err, errUnreadable) {
					t.Fatalf("got %+v, %v; want errUnreadable", out, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if out.StopReason != tt.stop || out.Usage == nil || *out.Usage != tt.usage {
				t.Errorf("got stop %q usage %+v, want %q %+v", out.StopReason, out.Usage, tt.stop, tt.usage)
			}
			raw, ok := toolInput(out)
			if got := string(raw); ok != (tt.input != "") || got != tt.input {
				t.Errorf("tool input: got %s (%v), want %s", got, ok, tt.input)
			}
			var texts []string
			for _, b := range out.Output.Message.Content {
				texts = append(texts, *cmpOr(b.Text, text("")))
			}
			if !slices.Equal(texts, tt.texts) {
				t.Errorf("texts: got %q, want %q", texts, tt.texts)
			}
		})
	}
}

// cmpOr is p, or def when p is nil.
func cmpOr(p, def *string) *string {
	if p == nil {
		return def
	}
	return p
}

func TestToolInput(t *testing.T) {
	tests := []struct {
		name string
		body string
		ok   bool
	}{
		{name: "the tool called once", body: `{"output":{"message":{"content":[{"text":"sure"},{"toolUse":{"toolUseId":"t","name":"classify","input":{"intent":"help"}}}]}},"stopReason":"tool_use"}`, ok: true},
		{name: "another tool", body: `{"output":{"message":{"content":[{"toolUse":{"toolUseId":"t","name":"delete","input":{}}}]}},"stopReason":"tool_use"}`},
		{name: "the tool called twice", body: `{"output":{"message":{"content":[{"toolUse":{"name":"classify","input":{}}},{"toolUse":{"name":"classify","input":{}}}]}},"stopReason":"tool_use"}`},
		{name: "no input", body: `{"output":{"message":{"content":[{"toolUse":{"name":"classify"}}]}},"stopReason":"tool_use"}`},
		{name: "a null input", body: `{"output":{"message":{"content":[{"toolUse":{"name":"classify","input":null}}]}},"stopReason":"tool_use"}`},
		{name: "a call while stopping for another reason", body: `{"output":{"message":{"content":[{"toolUse":{"name":"classify","input":{}}}]}},"stopReason":"guardrail_intervened"}`},
		{name: "no message", body: `{"output":{},"stopReason":"tool_use"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := parseOutput([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := toolInput(out); ok != tt.ok {
				t.Errorf("got a tool input %v, want %v", ok, tt.ok)
			}
		})
	}
}

// TestConverseErrors: Bedrock's error answers become *awsjson.APIError with the exception's
// name (from X-Amzn-ErrorType without what follows ':', or the body's __type or code) and
// message; throttling and 5xx are retried once at most, the rest not at all.
func TestConverseErrors(t *testing.T) {
	errType := func(typ string) http.Header { return http.Header{"X-Amzn-Errortype": {typ}} }
	tests := []struct {
		name     string
		answers  []reply
		requests int
		code     string
		message  string
	}{
		{"throttling, retried once", []reply{{Status: 429, Header: errType("ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"), Body: `{"message":"Too many requests, please wait before trying again."}`}},
			2, "ThrottlingException", "Too many requests, please wait before trying again."},
		{"validation", []reply{{Status: 400, Header: errType("ValidationException"), Body: `{"message":"The provided model identifier is invalid."}`}},
			1, "ValidationException", "The provided model identifier is invalid."},
		{"access denied, the type in the body", []reply{{Status: 403, Body: `{"__type":"AccessDeniedException","Message":"You don't have access to the model with the specified model ID."}`}},
			1, "AccessDeniedException", "You don't have access to the model with the specified model ID."},
		{"model timeout, the type as code", []reply{{Status: 408, Body: `{"code":"ModelTimeoutException","message":"Model has timed out in processing the request."}`}},
			1, "ModelTimeoutException", "Model has timed out in processing the request."},
		{"service unavailable, retried once", []reply{{Status: 503, Header: errType("ServiceUnavailableException"), Body: `{"message":"Service Unavailable"}`}},
			2, "ServiceUnavailableException", "Service Unavailable"},
		{"an internal error without a body", []reply{{Status: 500}}, 2, "Internal Server Error", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := recordingClient(t, tt.answers...)
			out, err := c.Converse(context.Background(), request("m", assistant.RoleStaff, "hi", nil, 10))
			if got := len(*seen); got != tt.requests {
				t.Errorf("got %d requests, want %d", got, tt.requests)
			}
			var e *awsjson.APIError
			if !errors.As(err, &e) {
				t.Fatalf("got %+v, %v; want an *awsjson.APIError", out, err)
			}
			if e.ErrorCode() != tt.code || e.ErrorMessage() != tt.message || e.Service != "bedrock" {
				t.Errorf("got %s %q %q, want bedrock %q %q", e.Service, e.ErrorCode(), e.ErrorMessage(), tt.code, tt.message)
			}
		})
	}
	t.Run("a config's own retryer is held to two attempts", func(t *testing.T) {
		cfg, seen := awsjsontest.Config(reply{Status: 429, Header: http.Header{"X-Amzn-Errortype": {"ThrottlingException"}}, Body: `{}`})
		cfg.Region = "us-east-1"
		cfg.Retryer = func() aws.Retryer { return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 5 }) }
		c := NewClient(cfg, "", "")
		c.json.Sleep = func(context.Context, time.Duration) error { return nil }
		if _, err := c.Converse(context.Background(), request("m", assistant.RoleStaff, "hi", nil, 10)); err == nil || len(*seen) != 2 {
			t.Errorf("got %d requests, %v; want 2 and ThrottlingException", len(*seen), err)
		}
	})
	t.Run("an answer that is not JSON", func(t *testing.T) {
		c, _ := recordingClient(t, reply{Status: 200, Body: `{"output":{"message":`})
		if _, err := c.Converse(context.Background(), request("m", assistant.RoleStaff, "hi", nil, 10)); !errors.Is(err, errUnreadable) {
			t.Errorf("got %v, want errUnreadable", err)
		}
	})
}

// TestInterpretThrottledByBedrock: Bedrock's throttling, through the client, is retried once
// and then counted as throttled, not as any other error, with no tokens kept.
func TestInterpretThrottledByBedrock(t *testing.T) {
	c, seen := recordingClient(t, reply{Status: 429, Header: http.Header{"X-Amzn-Errortype": {"ThrottlingException"}}, Body: `{"message":"Too many requests"}`})
	var logs bytes.Buffer
	b := &fakeBudget{counts: map[string]int64{}}
	i := &Interpreter{Client: c, ModelID: "m", Budget: b, DailyTokens: 10000, Timeout: time.Second, MaxTokens: 300,
		Settings: fakeSettings{"o": {Enabled: true}}, Now: func() time.Time { return time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC) }}
	ctx := obsLogger(&logs)
	if got := i.Interpret(ctx, assistant.Query{OrgID: "o", Role: assistant.RoleStaff, Text: "hi"}); got.Intent != assistant.IntentUnknown {
		t.Errorf("Interpret = %+v, want unknown", got)
	}
	if got := len(*seen); got != 2 {
		t.Errorf("got %d requests, want 2 (one retry)", got)
	}
	if !strings.Contains(logs.String(), `"outcome":"`+OutcomeThrottled+`"`) {
		t.Errorf("log %s, want outcome %s", logs.String(), OutcomeThrottled)
	}
	if got := b.counts["o2026-03-20"]; got != 0 {
		t.Errorf("the day's tokens = %d, want 0", got)
	}
}
