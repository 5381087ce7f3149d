package bedrock

import (
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/obs"
)

// The environment the layer reads (template.yaml, AssistantFunction).
const (
	ModelEnv       = "AI_MODEL_ID"     // the model; empty switches the layer off for the deployment
	RegionEnv      = "AI_REGION"       // Bedrock's region; the function's when empty
	DailyTokensEnv = "AI_DAILY_TOKENS" // the per-organisation daily budget by default
)

// The layer's bounds: a consultation gives up after Timeout (AssistantFunction runs 30 s), and
// the model's answer is at most MaxAnswerTokens.
const (
	Timeout         = 6 * time.Second
	MaxAnswerTokens = 200
)

// store is what the layer keeps in DynamoDB: organisations' settings and token counts.
type store interface {
	settingsSource
	budget
}

// FromEnv returns the layer the environment configures over cfg's credentials, or nil when
// ModelEnv is empty (the deployment has it off). The Bedrock client builds no schema at cold
// start. A set model with a missing or bad budget is an error (a cold-start failure).
func FromEnv(cfg aws.Config, getenv func(string) string, st store, metrics *obs.Metrics) (assistant.Interpreter, error) {
	model := getenv(ModelEnv)
	if model == "" {
		return nil, nil
	}
	daily, err := strconv.ParseInt(getenv(DailyTokensEnv), 10, 64)
	if err != nil || daily <= 0 {
		return nil, fmt.Errorf("bedrock: %s must be a positive number of tokens, got %q", DailyTokensEnv, getenv(DailyTokensEnv))
	}
	return &Interpreter{
		Client: NewClient(cfg, getenv(RegionEnv), getenv(EndpointEnv)), ModelID: model, Settings: st, Budget: st,
		DailyTokens: daily, Timeout: Timeout, MaxTokens: MaxAnswerTokens, Metrics: metrics, Now: time.Now,
	}, nil
}
