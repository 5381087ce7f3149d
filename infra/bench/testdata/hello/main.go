// Command hello is the baseline of the cold-start benchmark: the smallest aws-lambda-go
// function, built exactly like the product's functions.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(ctx context.Context, in map[string]any) (map[string]any, error) {
		return map[string]any{"hello": "world"}, nil
	})
}
