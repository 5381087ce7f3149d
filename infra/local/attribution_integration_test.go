//go:build integration

package local

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// TestCountsByFunctionAttribution checks that a function's own requests count under its logical
// id and the test client's under TestCaller, and that ResetCounts leaves them.
func TestCountsByFunctionAttribution(t *testing.T) {
	s := mustStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	if err := s.Idle(ctx); err != nil {
		t.Fatal(err)
	}
	before := s.CountsByFunction()
	q := sqs.NewFromConfig(s.AWSConfig())
	for _, body := range []string{"attr-1", "attr-2"} {
		if _, err := q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(s.Resource("WorkQueue")), MessageBody: aws.String(body)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Idle(ctx); err != nil {
		t.Fatal(err)
	}
	s.ResetCounts()
	after := s.CountsByFunction()
	delta := func(fn, op string) int { return after[fn][op] - before[fn][op] }
	tests := []struct {
		fn, op string
		want   int
	}{
		{TestCaller, "sqs:SendMessage", 2},
		{"ConsumerFunction", "dynamodb:PutItem", 2},
		{"ConsumerFunction", "sqs:SendMessage", 0},
		{TestCaller, "dynamodb:PutItem", 0},
	}
	for _, tt := range tests {
		if got := delta(tt.fn, tt.op); got != tt.want {
			t.Errorf("%q %s = %d more, want %d (counts %v)", tt.fn, tt.op, got, tt.want, after)
		}
	}
}
