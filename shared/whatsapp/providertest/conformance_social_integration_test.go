//go:build integration

package providertest_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/s3store"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/providertest"
	"github.com/proplink/chat/shared/whatsapp/socialmessaging"
)

// TestConformanceSocialMessagingWithMoto runs the whole suite for End User Messaging Social
// against the simulator, with moto as AWS: media goes through an S3 bucket (the simulator
// reads and writes it through the SDK as the service would), and events are published to an
// SNS topic whose raw subscription fills an SQS queue, parsed by socialmessaging.ParseEvent.
func TestConformanceSocialMessagingWithMoto(t *testing.T) {
	ctx := context.Background()
	cfg := motoserver.MustStart(t).Config()
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	snsc, sqsc := sns.NewFromConfig(cfg), sqs.NewFromConfig(cfg)
	const bucket = "attachments"
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(motoserver.Region)}}); err != nil {
		t.Fatal(err)
	}
	topic, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("social-events")})
	if err != nil {
		t.Fatal(err)
	}
	queue, err := sqsc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("social-events")})
	if err != nil {
		t.Fatal(err)
	}
	qattrs, err := sqsc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: queue.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"),
		Endpoint: aws.String(qattrs.Attributes["QueueArn"]), Attributes: map[string]string{"RawMessageDelivery": "true"}}); err != nil {
		t.Fatal(err)
	}
	acct := socialAccount()
	acct.Social.TopicARN = aws.ToString(topic.TopicArn)
	sim, base := startSim(t, simulator.Options{Accounts: []simulator.Account{acct}})
	sim.SetAWS(cfg)
	h := socialHarness(t, sim, base, acct, s3store.New(s3c, bucket))
	h.InboundMedia = func(data []byte, mime string) string { return sim.AddMedia(data, mime) }
	h.StoredMedia = func(data []byte, mime string) string {
		key := "orgs/org-1/01JCONFORMANCE/boiler.jpg"
		if _, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data), ContentType: aws.String(mime)}); err != nil {
			t.Fatal(err)
		}
		return key
	}
	// events drains the queue until keep has held for want events (or ten seconds pass).
	events := func(t *testing.T, want int, keep func(whatsapp.Event) bool) []whatsapp.Event {
		var out []whatsapp.Event
		deadline := time.Now().Add(10 * time.Second)
		for len(out) < want && time.Now().Before(deadline) {
			got, err := sqsc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range got.Messages {
				ev, err := socialmessaging.ParseEvent([]byte(aws.ToString(m.Body)))
				if err != nil || len(ev.Parsed.Problems) > 0 {
					t.Fatalf("parse event: %v %+v", err, ev.Parsed.Problems)
				}
				if len(ev.PhoneNumbers) != 1 || ev.PhoneNumbers[0].ARN != acct.Social.PhoneNumberARN || ev.PhoneNumbers[0].MetaID != acct.PhoneNumberID {
					t.Errorf("event context: got %+v, want the number's Meta id and ARN", ev.PhoneNumbers)
				}
				for _, e := range ev.Parsed.Events {
					if keep(e) {
						out = append(out, e)
					}
				}
				_, _ = sqsc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: queue.QueueUrl, ReceiptHandle: m.ReceiptHandle})
			}
		}
		return out
	}
	h.InjectText = func(t *testing.T, from, text string) []whatsapp.Event {
		if _, err := sim.Inject(ctx, simulator.Inbound{From: from, ProfileName: "Sam", PhoneNumberID: acct.PhoneNumberID, Text: text}); err != nil {
			t.Fatal(err)
		}
		return events(t, 1, func(e whatsapp.Event) bool { return e.Kind() == whatsapp.KindMessage })
	}
	h.TapButton = func(t *testing.T, id string) []whatsapp.Event {
		b := firstButton(t, sim, id)
		if _, err := sim.Inject(ctx, simulator.Inbound{From: person, ProfileName: "Sam", PhoneNumberID: acct.PhoneNumberID, ReplyTo: id,
			Interactive: &simulator.InboundInteractive{Type: "button_reply", ID: b.ID, Title: b.Title}}); err != nil {
			t.Fatal(err)
		}
		return events(t, 1, func(e whatsapp.Event) bool { return e.Kind() == whatsapp.KindMessage })
	}
	h.ScriptStatuses = scriptStatuses(sim)
	h.StatusEvents = func(t *testing.T, id string) []whatsapp.Event {
		sim.WaitWebhooks()
		n := 0
		for _, d := range sim.Webhooks() {
			if d.Kind == "status" && d.WAMID == id {
				n++
			}
		}
		return events(t, n, func(e whatsapp.Event) bool { return e.Kind() == whatsapp.KindStatus && e.Status.MessageID == id })
	}
	h.Skips = map[string]string{"fault:outside window": h.Skips["fault:outside window"]}
	providertest.Run(t, h)
}
