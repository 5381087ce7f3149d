// Command attachments drains the media queue: inbound photos and files fetched from the
// provider, checked and streamed into S3 (AttachmentsFunction).
package main

import (
	"context"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/eventgate"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/s3store"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp/meta"
	"github.com/proplink/chat/shared/whatsapp/providers"
	"github.com/proplink/chat/shared/whatsapp/socialmessaging"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "attachments")
	env, err := lambdaenv.Require("TABLE_NAME", "BUCKET_NAME", "SSM_PREFIX", "GRAPH_API_VERSION", "STAGE", "MEDIA_MAX_RECEIVES", "PLATFORM_EVENT_QUEUE_URL")
	lambdaenv.Must(log, err)
	// The media queue's maxReceiveCount, from the template.
	maxReceives, err := strconv.Atoi(env["MEDIA_MAX_RECEIVES"])
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	s3c := awss3.NewFromConfig(cfg, func(o *awss3.Options) { o.UsePathStyle = os.Getenv("AWS_ENDPOINT_URL") != "" })
	metaClient := meta.New(egress.New(egress.Config{Stage: env["STAGE"], Timeout: 100 * time.Second}), env["GRAPH_API_VERSION"])
	blobs := s3store.New(s3c, env["BUCKET_NAME"])
	// Inbound media from each organisation's own provider; Twilio sends nothing from here.
	// End User Messaging Social puts a person's media into the bucket, where it is read from.
	source := providers.Mux{Meta: metaClient, Twilio: twilio.New(egress.New(egress.Config{Stage: env["STAGE"], Timeout: 100 * time.Second}), ""),
		Social: socialmessaging.FromConfig(cfg, egress.New(egress.Config{Stage: env["STAGE"], Timeout: 100 * time.Second}), os.Getenv).WithMedia(blobs)}
	store := dynamo.New(ddb.NewFromConfig(cfg), env["TABLE_NAME"])
	// Only the events some endpoint wants (or all, for a bus) reach the queue (README).
	emitter, err := eventgate.FromEnv(sqsq.NewEventQueue(sqsq.New(sqsq.NewClient(cfg, os.Getenv), env["PLATFORM_EVENT_QUEUE_URL"])), store)
	lambdaenv.Must(log, err)
	svc := &attachments.Service{
		Source: source, Uploader: metaClient, Blobs: blobs,
		Store:   store,
		Secrets: ssm.New(cfg, env["SSM_PREFIX"], 5*time.Minute),
		Now:     time.Now, NewID: func() string { return ulid.Make().String() },
		Events: emitter,
	}
	h := &attachments.Handler{Service: svc, Metrics: obs.NewMetrics(os.Stdout, "attachments"), MaxReceives: maxReceives}
	lambda.Start(func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		return h.Handle(obs.WithLogger(ctx, log), ev)
	})
}
