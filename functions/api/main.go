// Command api is the platform's HTTP API: send, get-options, conversations and staff replies
// (text, template or attachment), attachments, jobs, case notes, WhatsApp settings, API tokens,
// the built-in property store with its ticket replies and work order invitations, and the
// property platforms' callbacks (ApiFunction). It links libphonenumber and the S3 client, so it
// can serve every route; the template gives it those that validate a phone number or carry
// attachments (api.General refuses them), and ApiGeneralFunction the rest.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/proplink/chat/functions/internal/apiwire"
	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/obs"
	_ "github.com/proplink/chat/shared/phone/libphonenumber" // phone.Parse's check: this function validates numbers
	"github.com/proplink/chat/shared/s3store"
)

func main() {
	log := obs.NewLogger(os.Stdout, "api")
	a := apiwire.New(context.Background(), log, func(cfg aws.Config, bucket string) apiwire.Bucket {
		return s3store.New(awss3.NewFromConfig(cfg, func(o *awss3.Options) { o.UsePathStyle = os.Getenv("AWS_ENDPOINT_URL") != "" }), bucket)
	})
	lambda.Start(func(ctx context.Context, r api.Request) (api.Response, error) {
		return a.Handle(obs.WithLogger(ctx, log), r)
	})
}
