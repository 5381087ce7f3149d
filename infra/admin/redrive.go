package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// redriveAPI is the part of the SQS client Redrive uses.
type redriveAPI interface {
	GetQueueAttributes(ctx context.Context, in *sqs.GetQueueAttributesInput, opts ...func(*sqs.Options)) (*sqs.GetQueueAttributesOutput, error)
	GetQueueUrl(ctx context.Context, in *sqs.GetQueueUrlInput, opts ...func(*sqs.Options)) (*sqs.GetQueueUrlOutput, error)
	ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, opts ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, opts ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
	DeleteMessage(ctx context.Context, in *sqs.DeleteMessageInput, opts ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error)
}

// Redrive moves every message of the queue's dead-letter queue (from its RedrivePolicy) back to
// the queue, as `aws sqs start-message-move-task --source-arn <DLQ arn>` does in AWS (moto has
// no move tasks). Each message keeps its body, attributes and FIFO group, and gets a fresh
// deduplication id so that FIFO deduplication does not drop it; it is deleted from the
// dead-letter queue only once sent. A message sent twice by a rerun after a crash is harmless:
// the consumers are effectively-once by message id. It returns how many messages moved.
func Redrive(ctx context.Context, client redriveAPI, queueURL string) (int, error) {
	dlqURL, err := deadLetterURL(ctx, client, queueURL)
	if err != nil {
		return 0, err
	}
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	fifo := strings.HasSuffix(queueURL, ".fifo")
	moved := 0
	for {
		out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(dlqURL), MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60,
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
			MessageAttributeNames:       []string{"All"},
		})
		if err != nil {
			return moved, fmt.Errorf("admin: redrive: receive from %s: %w", dlqURL, err)
		}
		if len(out.Messages) == 0 {
			return moved, nil
		}
		for _, m := range out.Messages {
			in := &sqs.SendMessageInput{QueueUrl: aws.String(queueURL), MessageBody: m.Body, MessageAttributes: m.MessageAttributes}
			if fifo {
				in.MessageGroupId = aws.String(m.Attributes[string(types.MessageSystemAttributeNameMessageGroupId)])
				in.MessageDeduplicationId = aws.String("redrive-" + run + "-" + aws.ToString(m.MessageId))
			}
			if _, err := client.SendMessage(ctx, in); err != nil {
				return moved, fmt.Errorf("admin: redrive: send %s to %s: %w", aws.ToString(m.MessageId), queueURL, err)
			}
			if _, err := client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(dlqURL), ReceiptHandle: m.ReceiptHandle}); err != nil {
				return moved, fmt.Errorf("admin: redrive: delete %s from %s: %w", aws.ToString(m.MessageId), dlqURL, err)
			}
			moved++
		}
	}
}

// deadLetterURL finds the URL of the queue's dead-letter queue from its RedrivePolicy.
func deadLetterURL(ctx context.Context, client redriveAPI, queueURL string) (string, error) {
	attrs, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(queueURL), AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameRedrivePolicy},
	})
	if err != nil {
		return "", fmt.Errorf("admin: redrive: attributes of %s: %w", queueURL, err)
	}
	var policy struct {
		DeadLetterTargetARN string `json:"deadLetterTargetArn"`
	}
	raw := attrs.Attributes[string(types.QueueAttributeNameRedrivePolicy)]
	if err := json.Unmarshal([]byte(raw), &policy); err != nil || policy.DeadLetterTargetARN == "" {
		return "", fmt.Errorf("admin: redrive: %s has no dead-letter queue (RedrivePolicy %q)", queueURL, raw)
	}
	name := policy.DeadLetterTargetARN[strings.LastIndex(policy.DeadLetterTargetARN, ":")+1:]
	u, err := client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
	if err != nil {
		return "", fmt.Errorf("admin: redrive: url of %s: %w", name, err)
	}
	return aws.ToString(u.QueueUrl), nil
}
