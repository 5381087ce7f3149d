//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
)

// TestSocialUnusableEventDeadLetters: an event on the social events topic that names no linked
// number reaches SocialEventsDLQ within seconds - SocialEventsFunction makes it visible at once
// after each refusal instead of leaving it hidden for the queue's 60 s visibility timeout
// through its 8 receives.
func TestSocialUnusableEventDeadLetters(t *testing.T) {
	ctx := context.Background()
	marker := fmt.Sprintf("unusable-%d", time.Now().UnixNano())
	body := fmt.Sprintf(`{"context":{"MetaWabaIds":[],"MetaPhoneNumberIds":[]},"whatsAppWebhookEntry":"not an entry","marker":%q}`, marker)
	_, err := awssns.NewFromConfig(e.stack.AWSConfig()).Publish(ctx, &awssns.PublishInput{
		TopicArn: aws.String(e.stack.Resource("SocialEventsTopic")), Message: aws.String(body),
	})
	if err != nil {
		t.Fatal(err)
	}
	dlq := e.stack.Resource("SocialEventsDLQ")
	eventually(t, 60*time.Second, "the unusable event in SocialEventsDLQ", func() bool {
		out, err := e.sqs.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(dlq), MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Messages {
			if strings.Contains(aws.ToString(m.Body), marker) {
				_, _ = e.sqs.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(dlq), ReceiptHandle: m.ReceiptHandle})
				return true
			}
		}
		return false
	})
}
