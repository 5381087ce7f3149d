package local

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
)

// creator makes the template's data resources in moto, reusing those that already exist.
type creator struct {
	ddb *dynamodb.Client
	sqs *sqs.Client
	s3  *s3.Client
	sns *sns.Client
	// bridge carries SNS deliveries to queues that are not on moto (nil when they are);
	// queueURL names a queue on the queues' server.
	bridge   *snsBridge
	queueURL func(name string) string
}

func newCreator(cfg, sqsCfg aws.Config) *creator {
	return &creator{
		ddb: dynamodb.NewFromConfig(cfg),
		sqs: sqs.NewFromConfig(sqsCfg),
		s3:  s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }),
		sns: sns.NewFromConfig(cfg),
	}
}

// create makes one resource if its type is one the runner emulates; it returns the queue URL moto
// gives for queues.
func (c *creator) create(ctx context.Context, typ string, ph *physical, props map[string]any) error {
	switch typ {
	case "AWS::DynamoDB::Table":
		return c.table(ctx, ph.Ref, props)
	case "AWS::SQS::Queue":
		url, err := c.queue(ctx, ph.Attrs["QueueName"], props)
		if err != nil {
			return err
		}
		ph.Ref, ph.Attrs["QueueUrl"] = url, url
		return nil
	case "AWS::S3::Bucket":
		return c.bucket(ctx, ph.Ref, props)
	case "AWS::SNS::Topic":
		return c.topic(ctx, ph.Attrs["TopicName"])
	case "AWS::SNS::Subscription":
		return c.subscription(ctx, props)
	}
	return nil
}

// table creates a DynamoDB table (keys, GSIs, LSIs, billing, streams) and turns on its TTL.
func (c *creator) table(ctx context.Context, name string, props map[string]any) error {
	in := &dynamodb.CreateTableInput{TableName: aws.String(name), BillingMode: ddbtypes.BillingModePayPerRequest}
	if err := remarshal(props["AttributeDefinitions"], &in.AttributeDefinitions); err != nil {
		return fmt.Errorf("local: table %s: AttributeDefinitions: %w", name, err)
	}
	if err := remarshal(props["KeySchema"], &in.KeySchema); err != nil {
		return fmt.Errorf("local: table %s: KeySchema: %w", name, err)
	}
	if err := remarshal(props["GlobalSecondaryIndexes"], &in.GlobalSecondaryIndexes); err != nil {
		return fmt.Errorf("local: table %s: GlobalSecondaryIndexes: %w", name, err)
	}
	if err := remarshal(props["LocalSecondaryIndexes"], &in.LocalSecondaryIndexes); err != nil {
		return fmt.Errorf("local: table %s: LocalSecondaryIndexes: %w", name, err)
	}
	if bm, _ := props["BillingMode"].(string); bm == "PROVISIONED" {
		in.BillingMode = ddbtypes.BillingModeProvisioned
		in.ProvisionedThroughput = &ddbtypes.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(5)}
		for i := range in.GlobalSecondaryIndexes {
			in.GlobalSecondaryIndexes[i].ProvisionedThroughput = in.ProvisionedThroughput
		}
	}
	if ss := asMap(props["StreamSpecification"]); ss["StreamViewType"] != nil {
		view, _ := ss["StreamViewType"].(string)
		in.StreamSpecification = &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewType(view)}
	}
	if _, err := c.ddb.CreateTable(ctx, in); err != nil {
		var inUse *ddbtypes.ResourceInUseException
		if !errors.As(err, &inUse) {
			return fmt.Errorf("local: create table %s: %w", name, err)
		}
	}
	ttl := asMap(props["TimeToLiveSpecification"])
	if attr, _ := ttl["AttributeName"].(string); attr != "" && truthy(ttl["Enabled"]) {
		_, err := c.ddb.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
			TableName:               aws.String(name),
			TimeToLiveSpecification: &ddbtypes.TimeToLiveSpecification{AttributeName: aws.String(attr), Enabled: aws.Bool(true)},
		})
		if err != nil && !strings.Contains(err.Error(), "already enabled") {
			return fmt.Errorf("local: table %s: enable TTL: %w", name, err)
		}
	}
	return nil
}

// queueAttrs maps CloudFormation queue properties to SQS attribute names.
var queueAttrs = map[string]string{
	"ContentBasedDeduplication":     "ContentBasedDeduplication",
	"DeduplicationScope":            "DeduplicationScope",
	"DelaySeconds":                  "DelaySeconds",
	"FifoQueue":                     "FifoQueue",
	"FifoThroughputLimit":           "FifoThroughputLimit",
	"MaximumMessageSize":            "MaximumMessageSize",
	"MessageRetentionPeriod":        "MessageRetentionPeriod",
	"ReceiveMessageWaitTimeSeconds": "ReceiveMessageWaitTimeSeconds",
	"SqsManagedSseEnabled":          "SqsManagedSseEnabled",
	"VisibilityTimeout":             "VisibilityTimeout",
	"RedrivePolicy":                 "RedrivePolicy",
	"RedriveAllowPolicy":            "RedriveAllowPolicy",
}

// queue creates an SQS queue with its attributes (the DLQ must exist already) and returns its URL.
func (c *creator) queue(ctx context.Context, name string, props map[string]any) (string, error) {
	attrs := map[string]string{}
	for prop, attr := range queueAttrs {
		v, ok := props[prop]
		if !ok {
			continue
		}
		if m, isMap := v.(map[string]any); isMap {
			b, err := json.Marshal(m)
			if err != nil {
				return "", fmt.Errorf("local: queue %s: %s: %w", name, prop, err)
			}
			attrs[attr] = string(b)
			continue
		}
		s, err := scalarString(v)
		if err != nil {
			return "", fmt.Errorf("local: queue %s: %s: %w", name, prop, err)
		}
		attrs[attr] = s
	}
	if attrs["FifoQueue"] == "false" {
		delete(attrs, "FifoQueue")
		delete(attrs, "ContentBasedDeduplication")
	}
	out, err := c.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err == nil {
		return aws.ToString(out.QueueUrl), nil
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) || !strings.Contains(ae.ErrorCode(), "QueueAlreadyExists") && !strings.Contains(ae.ErrorCode(), "QueueNameExists") {
		return "", fmt.Errorf("local: create queue %s: %w", name, err)
	}
	got, err := c.sqs.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
	if err != nil {
		return "", fmt.Errorf("local: get queue %s: %w", name, err)
	}
	delete(attrs, "FifoQueue")
	if _, err := c.sqs.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: got.QueueUrl, Attributes: attrs}); err != nil {
		return "", fmt.Errorf("local: update queue %s: %w", name, err)
	}
	return aws.ToString(got.QueueUrl), nil
}

// bucket creates an S3 bucket and applies versioning and default encryption, best effort.
func (c *creator) bucket(ctx context.Context, name string, props map[string]any) error {
	_, err := c.s3.CreateBucket(ctx, &s3.CreateBucketInput{
		Bucket:                    aws.String(name),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(Region)},
	})
	if err != nil {
		var owned *s3types.BucketAlreadyOwnedByYou
		var exists *s3types.BucketAlreadyExists
		if !errors.As(err, &owned) && !errors.As(err, &exists) {
			return fmt.Errorf("local: create bucket %s: %w", name, err)
		}
	}
	if st, _ := asMap(props["VersioningConfiguration"])["Status"].(string); st != "" {
		_, err := c.s3.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
			Bucket:                  aws.String(name),
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatus(st)},
		})
		if err != nil {
			return fmt.Errorf("local: bucket %s: versioning: %w", name, err)
		}
	}
	rules, _ := asMap(props["BucketEncryption"])["ServerSideEncryptionConfiguration"].([]any)
	if len(rules) > 0 {
		def := asMap(asMap(rules[0])["ServerSideEncryptionByDefault"])
		algo, _ := def["SSEAlgorithm"].(string)
		if algo != "" {
			// Best effort: moto's encryption support is partial and nothing local depends on it.
			_, _ = c.s3.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{
				Bucket: aws.String(name),
				ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{{
					ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryption(algo)},
				}}},
			})
		}
	}
	return nil
}

// remarshal copies a resolved template value into an SDK struct through JSON; CloudFormation
// property names match the SDK field names.
func remarshal(v, into any) error {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(normalizeNumbers(v))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, into)
}

// normalizeNumbers turns numeric strings in known numeric fields into numbers, since templates
// often quote them.
func normalizeNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			if s, ok := val.(string); ok && (k == "ReadCapacityUnits" || k == "WriteCapacityUnits") {
				if n, err := strconv.ParseInt(s, 10, 64); err == nil {
					out[k] = n
					continue
				}
			}
			out[k] = normalizeNumbers(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = normalizeNumbers(it)
		}
		return out
	}
	return v
}

// truthy reads a template boolean written as true or "true".
func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return strings.EqualFold(x, "true")
	}
	return false
}
