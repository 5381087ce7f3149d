// Command ai-eval measures the careful AI layer on the operator's own AWS account: it runs a
// labelled corpus through the deterministic core and through the configured Bedrock model and
// prints the accuracy per intent of the core, of the model, and of the two combined as the
// assistant combines them.
//
//	go run ./infra/cmd/ai-eval [-corpus shared/assistant/nlu/testdata/corpus-heldout.jsonl]
//	    [-model amazon.nova-micro-v1:0] [-region us-east-1] [-all] [-max-tokens 500000]
//
// Credentials and the account come from the usual AWS configuration (AWS_PROFILE, ...); the
// account needs bedrock:InvokeModel on the model. -endpoint (or AWS_ENDPOINT_URL_BEDROCK_RUNTIME)
// points it at the simulator's Converse stand-in instead, to try the command without a model.
// By default only the messages the core is not confident of go to the model, as in the
// assistant; -all sends every message (the model's own accuracy, at the cost of every call).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/proplink/chat/infra/aieval"
	"github.com/proplink/chat/shared/assistant/nlu"
	"github.com/proplink/chat/shared/bedrock"
	"github.com/proplink/chat/shared/obs"
)

func main() {
	corpus := flag.String("corpus", "shared/assistant/nlu/testdata/corpus-heldout.jsonl", "labelled corpus (JSON lines: role, text, intent)")
	vocab := flag.String("vocabulary", "shared/assistant/nlu/testdata/vocabulary.json", "the records the corpus names")
	model := flag.String("model", envOr(bedrock.ModelEnv, "amazon.nova-micro-v1:0"), "Bedrock model id")
	region := flag.String("region", envOr(bedrock.RegionEnv, "us-east-1"), "Bedrock region")
	endpoint := flag.String("endpoint", os.Getenv(bedrock.EndpointEnv), "another Converse endpoint (the simulator)")
	all := flag.Bool("all", false, "send every message to the model, not only those the core is unsure of")
	maxTokens := flag.Int64("max-tokens", 500000, "stop calling the model once the run has used this many tokens")
	verbose := flag.Bool("v", false, "log each model call (outcome, latency, tokens; never the text)")
	flag.Parse()

	f, err := os.Open(*corpus)
	if err != nil {
		fail(err)
	}
	cases, err := aieval.ReadCases(f)
	f.Close()
	if err != nil {
		fail(err)
	}
	var v nlu.Vocabulary
	b, err := os.ReadFile(*vocab)
	if err != nil {
		fail(err)
	}
	if err := json.Unmarshal(b, &v); err != nil {
		fail(fmt.Errorf("vocabulary %s: %w", *vocab, err))
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fail(err)
	}
	logs := os.Stderr
	if !*verbose {
		logs, _ = os.Open(os.DevNull)
	}
	budget := &aieval.Budget{}
	ai := &bedrock.Interpreter{Client: bedrock.NewClient(cfg, *region, *endpoint), ModelID: *model, Settings: aieval.On{}, Budget: budget,
		DailyTokens: *maxTokens, Timeout: bedrock.Timeout, MaxTokens: bedrock.MaxAnswerTokens, Now: time.Now}
	start := time.Now()
	scores := aieval.Run(obs.WithLogger(ctx, obs.NewLogger(logs, "ai-eval")), cases, v, ai, !*all, time.Now())
	fmt.Printf("%d messages of %s; model %s in %s; %d tokens in %s\n\n", len(cases), *corpus, *model, *region, budget.Used, time.Since(start).Round(time.Second))
	if err := aieval.Print(os.Stdout, scores); err != nil {
		fail(err)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ai-eval:", err)
	os.Exit(1)
}
