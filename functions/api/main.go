// Command api is the platform's HTTP API: send, get-options, conversations and staff replies
// (text, template or attachment), attachments, jobs, case notes, WhatsApp settings, API tokens,
// the built-in property store with its ticket replies and work order invitations, and the
// property platforms' callbacks (ApiFunction). It links libphonenumber and the S3 client, so it
// can serve every route; the template gives it those that validate a phone number or carry
// attachments (api.General refuses them), and ApiGeneralFunction the rest. It also answers the
// staff console's paths for those routes (console.Delegations) for the console's cookie
// session, so that ConsoleFunction links neither.
package main

import (
	"context"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/proplink/chat/functions/internal/apiwire"
	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/console"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
	_ "github.com/proplink/chat/shared/phone/libphonenumber" // phone.Parse's check: this function validates numbers
	"github.com/proplink/chat/shared/s3store"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "api")
	a := apiwire.New(ctx, log, func(cfg aws.Config, bucket string) apiwire.Bucket {
		return s3store.New(awss3.NewFromConfig(cfg, func(o *awss3.Options) { o.UsePathStyle = os.Getenv("AWS_ENDPOINT_URL") != "" }), bucket)
	})
	// The staff console's sessions, read for its paths that this function serves.
	env, err := lambdaenv.Require("TABLE_NAME")
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	sessions := dynamo.New(ddb.NewFromConfig(cfg), env["TABLE_NAME"]).Console()
	staff := &console.Delegate{Sessions: &console.Sessions{Store: sessions, Now: time.Now}, API: a}
	lambda.Start(func(ctx context.Context, r api.Request) (api.Response, error) {
		ctx = obs.WithLogger(ctx, log)
		if staff.Serves(r) {
			return staff.Handle(ctx, r), nil
		}
		return a.Handle(ctx, r)
	})
}
