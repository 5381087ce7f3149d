package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// converseRequest is the part of a Converse request the stand-in checks and reads.
type converseRequest struct {
	Messages        []converseMessage   `json:"messages"`
	System          []map[string]any    `json:"system"`
	InferenceConfig *inferenceConfig    `json:"inferenceConfig"`
	ToolConfig      *converseToolConfig `json:"toolConfig"`
	// The other members Bedrock accepts; the stand-in does not read them.
	AdditionalModelRequestFields      json.RawMessage `json:"additionalModelRequestFields"`
	AdditionalModelResponseFieldPaths json.RawMessage `json:"additionalModelResponseFieldPaths"`
	GuardrailConfig                   json.RawMessage `json:"guardrailConfig"`
	PerformanceConfig                 json.RawMessage `json:"performanceConfig"`
	PromptVariables                   json.RawMessage `json:"promptVariables"`
	RequestMetadata                   json.RawMessage `json:"requestMetadata"`
	ServiceTier                       json.RawMessage `json:"serviceTier"`
	OutputConfig                      json.RawMessage `json:"outputConfig"`
}

type converseMessage struct {
	Role    string           `json:"role"`
	Content []map[string]any `json:"content"`
}

type inferenceConfig struct {
	MaxTokens     *int     `json:"maxTokens"`
	Temperature   *float64 `json:"temperature"`
	TopP          *float64 `json:"topP"`
	StopSequences []string `json:"stopSequences"`
}

type converseToolConfig struct {
	Tools      []map[string]json.RawMessage `json:"tools"`
	ToolChoice map[string]json.RawMessage   `json:"toolChoice"`
}

type toolSpec struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	InputSchema struct {
		JSON map[string]any `json:"json"`
	} `json:"inputSchema"`
}

var (
	converseToolName = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)
	contentKinds     = []string{"text", "image", "document", "video", "toolUse", "toolResult", "guardContent", "cachePoint", "reasoningContent", "citationsContent"}
	systemKinds      = []string{"text", "guardContent", "cachePoint"}
)

// parseConverse checks a Converse request body the way Bedrock does and returns it with the
// name of the tool the answer should call (the chosen tool, or the first). Its errors are
// ValidationException messages.
func parseConverse(modelID string, body []byte) (converseRequest, string, error) {
	var req converseRequest
	if modelID == "" || len(modelID) > 2048 {
		return req, "", invalid("1 validation error detected: Value at 'modelId' failed to satisfy constraint: Member must have length between 1 and 2048")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, "", invalid("Malformed input request: %s, please reformat your input and try again.", strings.TrimPrefix(err.Error(), "json: "))
	}
	if len(req.Messages) == 0 {
		return req, "", invalid("A conversation must start with a user message. Try again with a conversation that starts with a user message.")
	}
	for i, m := range req.Messages {
		want := []string{"user", "assistant"}[i%2]
		if m.Role != want {
			return req, "", invalid("A conversation must alternate between user and assistant roles; messages.%d.role must be %s.", i, want)
		}
		if len(m.Content) == 0 {
			return req, "", invalid("The content field in the Message object at messages.%d is empty. Add a ContentBlock object to the content field and try again.", i)
		}
		for j, b := range m.Content {
			if err := oneOf(b, contentKinds); err != nil {
				return req, "", invalid("messages.%d.content.%d: %v", i, j, err)
			}
		}
	}
	if req.Messages[len(req.Messages)-1].Role != "user" {
		return req, "", invalid("The last message of the conversation must be a user message.")
	}
	for i, b := range req.System {
		if err := oneOf(b, systemKinds); err != nil {
			return req, "", invalid("system.%d: %v", i, err)
		}
	}
	if c := req.InferenceConfig; c != nil {
		switch {
		case c.MaxTokens != nil && *c.MaxTokens < 1:
			return req, "", invalid("1 validation error detected: Value at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1")
		case c.Temperature != nil && (*c.Temperature < 0 || *c.Temperature > 1):
			return req, "", invalid("1 validation error detected: Value at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value between 0 and 1")
		case c.TopP != nil && (*c.TopP < 0 || *c.TopP > 1):
			return req, "", invalid("1 validation error detected: Value at 'inferenceConfig.topP' failed to satisfy constraint: Member must have value between 0 and 1")
		}
	}
	tool, err := checkTools(req.ToolConfig)
	return req, tool, err
}

// checkTools checks the tool configuration and returns the tool an answer calls: the one
// toolChoice names, or the first ("auto" and "any").
func checkTools(tc *converseToolConfig) (string, error) {
	if tc == nil {
		return "", nil
	}
	if len(tc.Tools) == 0 {
		return "", invalid("1 validation error detected: Value at 'toolConfig.tools' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	var names []string
	for i, t := range tc.Tools {
		raw, ok := t["toolSpec"]
		if len(t) != 1 || (!ok && t["cachePoint"] == nil) {
			return "", invalid("toolConfig.tools.%d must set exactly one of toolSpec or cachePoint.", i)
		}
		if !ok {
			continue
		}
		var spec toolSpec
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&spec); err != nil {
			return "", invalid("toolConfig.tools.%d.toolSpec is malformed: %s", i, strings.TrimPrefix(err.Error(), "json: "))
		}
		if !converseToolName.MatchString(spec.Name) {
			return "", invalid("1 validation error detected: Value at 'toolConfig.tools.%d.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+", i)
		}
		if slices.Contains(names, spec.Name) {
			return "", invalid("The toolConfig field must not contain two tools named %s.", spec.Name)
		}
		if typ, _ := spec.InputSchema.JSON["type"].(string); typ != "object" {
			return "", invalid("The JSON schema of tool %s must be of type object.", spec.Name)
		}
		names = append(names, spec.Name)
	}
	if len(names) == 0 {
		return "", invalid("The toolConfig field must define at least one toolSpec.")
	}
	if len(tc.ToolChoice) == 0 {
		return names[0], nil
	}
	if len(tc.ToolChoice) != 1 {
		return "", invalid("toolConfig.toolChoice must set exactly one of auto, any or tool.")
	}
	raw, ok := tc.ToolChoice["tool"]
	if !ok {
		if tc.ToolChoice["auto"] == nil && tc.ToolChoice["any"] == nil {
			return "", invalid("toolConfig.toolChoice must set exactly one of auto, any or tool.")
		}
		return names[0], nil
	}
	var choice struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(raw, &choice); err != nil || !slices.Contains(names, choice.Name) {
		return "", invalid("The tool named in toolConfig.toolChoice.tool is not in toolConfig.tools.")
	}
	return choice.Name, nil
}

// oneOf checks that a union block sets exactly one of its known members.
func oneOf(b map[string]any, kinds []string) error {
	if len(b) != 1 {
		return invalid("a content block must set exactly one member")
	}
	for k := range b {
		if !slices.Contains(kinds, k) {
			return invalid("unknown content block member %s", k)
		}
	}
	return nil
}

// lastUser is the text of the latest user message.
func (r converseRequest) lastUser() string {
	var parts []string
	for _, b := range r.Messages[len(r.Messages)-1].Content {
		if t, ok := b["text"].(string); ok {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

// validationError is the message of a ValidationException, worded as Bedrock words it.
type validationError string

func (e validationError) Error() string { return string(e) }

// invalid is a ValidationException's message.
func invalid(format string, a ...any) error { return validationError(fmt.Sprintf(format, a...)) }
