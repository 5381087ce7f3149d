//go:build integration

package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/casenotes"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/ratelimit"
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

var moto *motoserver.Server

func TestMain(m *testing.M) { os.Exit(motoserver.RunTests(m, &moto)) }

type noMetrics struct{}

func (noMetrics) Count(string, float64, map[string]string) {}

// maxReceives stands in for the template's maxReceiveCount (15), to keep the test short.
const maxReceives = 3

// deadLetterRig is the sender's path on moto: a FIFO outbound queue with a DLQ after
// maxReceives, the case-note queue, the table, the secrets, and the simulator as the provider.
type deadLetterRig struct {
	sqs                  *awssqs.Client
	store                *dynamo.Store
	sim                  *simulator.Simulator
	outbound, dlq, notes string
	sender               *sending.Handler
	noteWriter           *casenotes.Handler
	demo                 Demo
}

func newDeadLetterRig(t *testing.T) *deadLetterRig {
	t.Helper()
	ctx := context.Background()
	cfg := moto.Config()
	r := &deadLetterRig{sqs: awssqs.NewFromConfig(cfg)}
	suffix := fmt.Sprint(time.Now().UnixNano())
	mk := func(name string, attrs map[string]string) string {
		out, err := r.sqs.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.QueueUrl)
	}
	r.dlq = mk("out-dlq-"+suffix+".fifo", map[string]string{"FifoQueue": "true"})
	dlqArn := "arn:aws:sqs:" + motoserver.Region + ":123456789012:out-dlq-" + suffix + ".fifo"
	r.outbound = mk("out-"+suffix+".fifo", map[string]string{"FifoQueue": "true", "VisibilityTimeout": "30",
		"RedrivePolicy": fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":%d}`, dlqArn, maxReceives)})
	r.notes = mk("notes-"+suffix, nil)

	table := dynamotest.CreateTable(t, cfg)
	db := ddb.NewFromConfig(cfg)
	r.store = dynamo.New(db, table)
	secrets := ssm.New(cfg, "/proplink/test-"+suffix, 0)
	r.sim = simulator.New(simulator.Options{Accounts: []simulator.Account{{PhoneNumberID: DemoPhoneNumberID, WABAID: DemoWABAID, Token: DemoProviderToken}},
		AppSecret: DemoAppSecret, StatusDelay: -1})
	simURL, err := r.sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.sim.Close() })
	if r.demo, err = SeedDemo(ctx, r.store, secrets, simURL, r.sim.Templates(), time.Now()); err != nil {
		t.Fatal(err)
	}
	queues := sqsq.NewClient(cfg, func(string) string { return "" })
	outQ := sqsq.New(queues, r.outbound)
	r.sender = &sending.Handler{Visibility: outQ, MaxReceives: maxReceives, Sender: &sending.Sender{
		Deps: sending.Deps{
			Store: r.store, Provider: meta.New(egress.New(egress.Config{Stage: lambdaenv.LocalStage, Timeout: 8 * time.Second}), ""), Secrets: secrets,
			PairPacer: dynamo.PairPacer{Pacer: ratelimit.NewPacer(db, table, sending.PairInterval, sending.PairBurst)},
			NumPacer:  ratelimit.NewPacer(db, table, sending.NumberInterval, sending.NumberBurst),
			Outbound:  outQ, CaseNotes: sqsq.New(queues, r.notes), Metrics: noMetrics{}, Now: time.Now, Reach: r.store,
		},
		Claims: r.store, Lease: 30 * time.Second, MaxWait: 7 * time.Second, Sleep: sending.SleepContext, Margin: 15 * time.Second,
	}}
	r.noteWriter = &casenotes.Handler{Store: r.store}
	return r
}

// receive takes the visible messages of a queue as a Lambda event source would.
func (r *deadLetterRig) receive(t *testing.T, url string) []events.SQSMessage {
	t.Helper()
	out, err := r.sqs.ReceiveMessage(context.Background(), &awssqs.ReceiveMessageInput{
		QueueUrl: aws.String(url), MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
		MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll},
	})
	if err != nil {
		t.Fatal(err)
	}
	var recs []events.SQSMessage
	for _, m := range out.Messages {
		recs = append(recs, events.SQSMessage{MessageId: aws.ToString(m.MessageId), ReceiptHandle: aws.ToString(m.ReceiptHandle),
			Body: aws.ToString(m.Body), Attributes: m.Attributes})
	}
	return recs
}

// drain runs the sender over the outbound queue until cond holds, writing case notes as it goes.
func (r *deadLetterRig) drain(t *testing.T, what string, cond func() bool) {
	t.Helper()
	ctx := context.Background()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); {
		if recs := r.receive(t, r.outbound); len(recs) > 0 {
			// Failures stay on the queue with the delay the sender set, as Lambda leaves them.
			_, _ = r.sender.Handle(ctx, events.SQSEvent{Records: recs})
		}
		for _, n := range r.receive(t, r.notes) {
			if _, err := r.noteWriter.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{n}}); err != nil {
				t.Fatal(err)
			}
			if _, err := r.sqs.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(r.notes), ReceiptHandle: aws.String(n.ReceiptHandle)}); err != nil {
				t.Fatal(err)
			}
		}
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func (r *deadLetterRig) depth(t *testing.T, url string) int {
	t.Helper()
	out, err := r.sqs.GetQueueAttributes(context.Background(), &awssqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages, sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible}})
	if err != nil {
		t.Fatal(err)
	}
	var n, m int
	fmt.Sscan(out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessages)], &n)
	fmt.Sscan(out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible)], &m)
	return n + m
}

func (r *deadLetterRig) note(t *testing.T, id string) messaging.CaseNote {
	t.Helper()
	notes, _, err := r.store.ListCaseNotes(context.Background(), r.demo.OrgID, DemoJobID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notes {
		if n.ID == id {
			return n
		}
	}
	return messaging.CaseNote{}
}

func TestDeadLetteredSendIsNotedAndRedriven(t *testing.T) {
	r := newDeadLetterRig(t)
	ctx := context.Background()
	phone := "+447700900777"
	l, err := r.store.LoadSendTo(ctx, r.demo.OrgID, DemoJobID, 3, phone)
	if err != nil {
		t.Fatal(err)
	}
	job, tpl := l.Job, l.Template
	rendered, err := tpl.Render(job.Variables())
	if err != nil {
		t.Fatal(err)
	}
	msg := messaging.OutboundMessage{ID: "01JDEADLETTER" + fmt.Sprint(time.Now().UnixNano()%1e6), OrgID: r.demo.OrgID, JobID: DemoJobID, Recipient: phone,
		TemplateID: tpl.ID, TemplateName: tpl.Name, Language: tpl.Language, Rendered: rendered, CreatedAt: time.Now().UTC()}
	body, _ := json.Marshal(msg)
	if _, err := r.sqs.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(r.outbound), MessageBody: aws.String(string(body)),
		MessageGroupId: aws.String(msg.GroupKey(DemoPhoneNumberID)), MessageDeduplicationId: aws.String(msg.ID)}); err != nil {
		t.Fatal(err)
	}
	// The provider is down for every one of the message's receives.
	r.sim.Script(simulator.Fault{Count: maxReceives, HTTPStatus: 503, To: phone})

	r.drain(t, "the message to reach the DLQ", func() bool { return r.depth(t, r.dlq) == 1 })
	n := r.note(t, msg.ID)
	want := fmt.Sprintf("could not be sent after %d tries", maxReceives)
	if n.Status != messaging.StatusFailed || len(n.Errors) == 0 || n.Errors[len(n.Errors)-1].Title != want {
		t.Fatalf("note = %+v, want failed %q", n, want)
	}
	if got := len(r.sim.Sent()); got != 0 {
		t.Fatalf("simulator accepted %d sends during the outage, want 0", got)
	}

	moved, err := Redrive(ctx, r.sqs, r.outbound)
	if err != nil || moved != 1 {
		t.Fatalf("Redrive = %d, %v; want 1 moved", moved, err)
	}
	if d := r.depth(t, r.dlq); d != 0 {
		t.Errorf("DLQ depth after redrive = %d, want 0", d)
	}
	r.drain(t, "the redriven message to be sent", func() bool { return r.note(t, msg.ID).Status == messaging.StatusAccepted })
	var sent []simulator.SentMessage
	for _, m := range r.sim.Sent() {
		if m.To == messaging.WAID(phone) {
			sent = append(sent, m)
		}
	}
	n = r.note(t, msg.ID)
	if len(sent) != 1 || n.ProviderMessage != sent[0].WAMID || !strings.HasSuffix(sent[0].CallbackData, "|"+msg.ID) {
		t.Errorf("sent %+v, note %+v; want one send whose wamid the note shows", sent, n)
	}
	var hist []messaging.Status
	for _, h := range n.StatusHistory {
		hist = append(hist, h.Status)
	}
	if len(hist) < 2 || hist[len(hist)-2] != messaging.StatusFailed || hist[len(hist)-1] != messaging.StatusAccepted {
		t.Errorf("history = %v, want failed then accepted", hist)
	}
}
