//go:build integration

package eventbus

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/platformevent"
)

var moto *motoserver.Server

func TestMain(m *testing.M) { os.Exit(motoserver.RunTests(m, &moto)) }

// TestPutReachesARuleTarget puts an event on a bus whose rule targets an SQS queue, and reads
// what arrived there.
func TestPutReachesARuleTarget(t *testing.T) {
	ctx := context.Background()
	cfg := moto.Config()
	eb, sq := eventbridge.NewFromConfig(cfg), sqs.NewFromConfig(cfg)
	if _, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("platform-events")}); err != nil {
		t.Fatal(err)
	}
	q, err := sq.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("bus-target")})
	if err != nil {
		t.Fatal(err)
	}
	attrs, err := sq.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{"QueueArn"}})
	if err != nil {
		t.Fatal(err)
	}
	pattern := `{"source":["proplink.chat"]}`
	if _, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("all"), EventBusName: aws.String("platform-events"), EventPattern: aws.String(pattern)}); err != nil {
		t.Fatal(err)
	}
	if _, err := eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("all"), EventBusName: aws.String("platform-events"),
		Targets: []ebtypes.Target{{Id: aws.String("q"), Arn: aws.String(attrs.Attributes["QueueArn"])}}}); err != nil {
		t.Fatal(err)
	}
	ev, err := platformevent.New("org1", platformevent.KindCaseNoteCreated, "job-7", "note-1", time.Now(), platformevent.CaseNoteCreated{NoteID: "note-1", JobID: 7})
	if err != nil {
		t.Fatal(err)
	}
	if err := New(NewClient(cfg, func(string) string { return "" }), "platform-events").Put(ctx, []platformevent.Event{ev}); err != nil {
		t.Fatal(err)
	}
	got, err := sq.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, WaitTimeSeconds: 2})
	if err != nil || len(got.Messages) != 1 {
		t.Fatalf("target queue: got %v (%v), want one event", got, err)
	}
	var envelope struct {
		Source     string              `json:"source"`
		DetailType string              `json:"detail-type"`
		Detail     platformevent.Event `json:"detail"`
	}
	if err := json.Unmarshal([]byte(aws.ToString(got.Messages[0].Body)), &envelope); err != nil {
		t.Fatal(err)
	}
	if envelope.Source != Source || envelope.DetailType != "case_note.created" || envelope.Detail.ID != ev.ID {
		t.Fatalf("bus event: got %+v, want the case note event from %s", envelope, Source)
	}
}

func TestPutOnAMissingBusIsRefused(t *testing.T) {
	ev, err := platformevent.New("org1", platformevent.KindCaseNoteCreated, "job-7", "note-2", time.Now(), platformevent.CaseNoteCreated{NoteID: "note-2", JobID: 7})
	if err != nil {
		t.Fatal(err)
	}
	err = New(NewClient(moto.Config(), func(string) string { return "" }), "no-such-bus").Put(context.Background(), []platformevent.Event{ev})
	if err == nil || !strings.Contains(err.Error(), "ResourceNotFoundException") || !strings.Contains(err.Error(), "no-such-bus") {
		t.Errorf("got %v, want the bus's ResourceNotFoundException naming no-such-bus", err)
	}
}
