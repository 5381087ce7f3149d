package local

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// topic creates a standard SNS topic in moto (creating an existing one returns it).
func (c *creator) topic(ctx context.Context, name string) error {
	if _, err := c.sns.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(name)}); err != nil {
		return fmt.Errorf("local: create topic %s: %w", name, err)
	}
	return nil
}

// subscriptionAttrs are the AWS::SNS::Subscription properties that are subscription attributes.
var subscriptionAttrs = []string{"RawMessageDelivery", "FilterPolicy", "FilterPolicyScope", "RedrivePolicy"}

// subscription subscribes an SQS queue to a topic in moto, which then delivers what the topic
// receives to the queue (the raw message with RawMessageDelivery, else SNS's JSON envelope).
// Only the sqs protocol is played: email, HTTP and Lambda subscriptions reach nothing locally.
// With the queues off moto, the subscription goes through the stack's snsBridge.
func (c *creator) subscription(ctx context.Context, props map[string]any) error {
	topic, _ := props["TopicArn"].(string)
	protocol, _ := props["Protocol"].(string)
	endpoint, _ := props["Endpoint"].(string)
	if protocol != "sqs" {
		return nil
	}
	attrs := map[string]string{}
	for _, name := range subscriptionAttrs {
		v, ok := props[name]
		if !ok {
			continue
		}
		if m, isMap := v.(map[string]any); isMap {
			b, err := json.Marshal(m)
			if err != nil {
				return fmt.Errorf("local: subscription of %s to %s: %s: %w", endpoint, topic, name, err)
			}
			attrs[name] = string(b)
			continue
		}
		s, err := scalarString(v)
		if err != nil {
			return fmt.Errorf("local: subscription of %s to %s: %s: %w", endpoint, topic, name, err)
		}
		attrs[name] = s
	}
	if c.bridge != nil {
		return c.bridged(ctx, topic, endpoint, attrs)
	}
	_, err := c.sns.Subscribe(ctx, &sns.SubscribeInput{
		TopicArn: aws.String(topic), Protocol: aws.String(protocol), Endpoint: aws.String(endpoint),
		Attributes: attrs, ReturnSubscriptionArn: true,
	})
	if err != nil {
		return fmt.Errorf("local: subscribe %s to %s: %w", endpoint, topic, err)
	}
	return nil
}
