//go:build integration

package local

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// TestTopicFansOutToQueues holds that the runner plays AWS::SNS::Topic and
// AWS::SNS::Subscription to SQS in moto: a message published to the topic reaches each
// subscribed queue, as itself with RawMessageDelivery and in SNS's JSON envelope without.
func TestTopicFansOutToQueues(t *testing.T) {
	s := mustStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	topic := s.Resource("Events")
	if want := "arn:aws:sns:" + Region + ":" + AccountID + ":localtest-Events"; topic != want {
		t.Fatalf("Resource(Events) = %q, want the topic's ARN %q", topic, want)
	}
	msg := `{"whatsAppWebhookEntry":"{}"}`
	if _, err := sns.NewFromConfig(s.AWSConfig()).Publish(ctx, &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String(msg)}); err != nil {
		t.Fatalf("publish: %v", err)
	}
	q := sqs.NewFromConfig(s.AWSConfig())
	receive := func(logicalID string) string {
		t.Helper()
		out, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(s.Resource(logicalID)), MaxNumberOfMessages: 10, WaitTimeSeconds: 2})
		if err != nil {
			t.Fatalf("receive from %s: %v", logicalID, err)
		}
		if len(out.Messages) != 1 {
			t.Fatalf("%s holds %d messages, want 1", logicalID, len(out.Messages))
		}
		return aws.ToString(out.Messages[0].Body)
	}
	if got := receive("RawEvents"); got != msg {
		t.Errorf("raw delivery: got %q, want %q", got, msg)
	}
	var env struct{ Type, TopicArn, Message string }
	if err := json.Unmarshal([]byte(receive("EnvelopedEvents")), &env); err != nil {
		t.Fatalf("enveloped delivery is not JSON: %v", err)
	}
	if env.Type != "Notification" || env.TopicArn != topic || env.Message != msg {
		t.Errorf("enveloped delivery: got %+v, want a Notification from %s carrying %q", env, topic, msg)
	}
}
