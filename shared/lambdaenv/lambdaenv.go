// Package lambdaenv is what every function's main does at cold start: read its configuration
// from the environment (a missing variable fails the cold start, not a request) and load the
// AWS configuration once.
package lambdaenv

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Require returns the named environment variables, or one error naming every missing one.
func Require(names ...string) (map[string]string, error) {
	vals := make(map[string]string, len(names))
	var missing []string
	for _, n := range names {
		v := os.Getenv(n)
		if v == "" {
			missing = append(missing, n)
		}
		vals[n] = v
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("lambdaenv: missing environment variables: %s", strings.Join(missing, ", "))
	}
	return vals, nil
}

// AWS builds the AWS configuration of a Lambda function from its environment alone: the region,
// the execution role's credentials (Lambda puts them in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
// and AWS_SESSION_TOKEN for the life of the instance), and AWS_ENDPOINT_URL when a local
// emulator stands in for AWS. It skips the SDK's config package — shared config files, SSO,
// STS and IMDS providers a function never uses — which is most of the SDK's cold-start cost.
func AWS(_ context.Context) (aws.Config, error) {
	env, err := Require("AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
	if err != nil {
		return aws.Config{}, err
	}
	cfg := aws.Config{
		Region: env["AWS_REGION"],
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(
			env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"], os.Getenv("AWS_SESSION_TOKEN"))),
		RetryMaxAttempts: 3,
	}
	if u := os.Getenv("AWS_ENDPOINT_URL"); u != "" {
		cfg.BaseEndpoint = aws.String(u)
	}
	return cfg, nil
}

// Must stops the cold start with a logged error when err is not nil.
func Must(log *slog.Logger, err error) {
	if err != nil {
		log.Error("cold start failed", "error", err)
		os.Exit(1)
	}
}

// LocalStage is the Stage the local runner (`make dev`, the e2e tests) deploys as. It is the only
// stage in which a provider or platform may live on a loopback or private address.
const LocalStage = "local"

// IsLocal reports whether stage is the local runner's stage.
func IsLocal(stage string) bool { return stage == LocalStage }
