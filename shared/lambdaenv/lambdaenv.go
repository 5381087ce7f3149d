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
	"github.com/aws/aws-sdk-go-v2/config"
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

// AWS loads the default AWS configuration (region, credentials, and AWS_ENDPOINT_URL when a
// local emulator stands in for AWS).
func AWS(ctx context.Context) (aws.Config, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return aws.Config{}, fmt.Errorf("lambdaenv: load AWS config: %w", err)
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
