package bedrock

import (
	"bytes"
	"encoding/json"
	"errors"
)

// ConverseInput is the Converse request as the layer sends it: system text, one user message
// of text, the inference bounds and the one tool the model must call. Its fields are in the
// order the SDK wrote them (alphabetical), so the body is the same.
type ConverseInput struct {
	// ModelID is the model, or an inference profile or its ARN; it goes in the path.
	ModelID         string           `json:"-"`
	InferenceConfig *InferenceConfig `json:"inferenceConfig,omitempty"`
	Messages        []Message        `json:"messages"`
	System          []Text           `json:"system,omitempty"`
	ToolConfig      *ToolConfig      `json:"toolConfig,omitempty"`
}

// InferenceConfig bounds the model's answer.
type InferenceConfig struct {
	MaxTokens   int32   `json:"maxTokens"`
	Temperature float32 `json:"temperature"`
}

// Text is a text block, of the system prompt or of a message.
type Text struct {
	Text string `json:"text"`
}

// Message is one turn of the conversation: the person's (role "user") in a request, the
// model's in an answer.
type Message struct {
	Content []Content `json:"content"`
	Role    string    `json:"role"`
}

// Content is one block of a message: text, or (in an answer) a call of a tool. Blocks of
// other kinds are read as neither.
type Content struct {
	Text    *string  `json:"text,omitempty"`
	ToolUse *ToolUse `json:"toolUse,omitempty"`
}

// ToolUse is the model's call of a tool, with the tool's input as the model wrote it.
type ToolUse struct {
	Input     json.RawMessage `json:"input"`
	Name      string          `json:"name"`
	ToolUseID string          `json:"toolUseId"`
}

// ToolConfig offers the model its tools and says which it must call.
type ToolConfig struct {
	ToolChoice ToolChoice `json:"toolChoice"`
	Tools      []Tool     `json:"tools"`
}

// ToolChoice names the tool the model must call.
type ToolChoice struct {
	Tool struct {
		Name string `json:"name"`
	} `json:"tool"`
}

// Tool is one tool offered.
type Tool struct {
	ToolSpec ToolSpec `json:"toolSpec"`
}

// ToolSpec describes a tool: its name, what it does, and the JSON schema of its input.
type ToolSpec struct {
	Description string `json:"description"`
	InputSchema struct {
		JSON json.RawMessage `json:"json"`
	} `json:"inputSchema"`
	Name string `json:"name"`
}

// ConverseOutput is what the layer reads of Converse's answer: the model's message, why it
// stopped, and the tokens used.
type ConverseOutput struct {
	Output struct {
		Message *Message `json:"message"`
	} `json:"output"`
	StopReason string `json:"stopReason"`
	Usage      *Usage `json:"usage"`
}

// StopToolUse is the stop reason of an answer that calls a tool.
const StopToolUse = "tool_use"

// Usage is the tokens a call used.
type Usage struct {
	InputTokens  int64 `json:"inputTokens"`
	OutputTokens int64 `json:"outputTokens"`
	TotalTokens  int64 `json:"totalTokens"`
}

// errUnreadable is a 2xx answer that is not Converse's JSON object.
var errUnreadable = errors.New("bedrock: unreadable answer")

// parseOutput reads a Converse answer: one JSON object of Converse's shape; fields the layer
// does not read (metrics, trace, other blocks' contents) are ignored, as the SDK ignores
// members it does not know.
func parseOutput(data []byte) (*ConverseOutput, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return nil, errUnreadable
	}
	var out ConverseOutput
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, errUnreadable
	}
	return &out, nil
}
