// Command api-general serves the HTTP API's routes that neither validate a phone number nor
// carry attachments — get-options, conversations, case notes, template sync, API tokens,
// property lists, tickets and work order invitations, the WhatsApp link and handovers
// (ApiGeneralFunction). It links neither libphonenumber, whose metadata would cost its every
// cold start, nor the S3 client; the routes that need them are ApiFunction's.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/proplink/chat/functions/internal/apiwire"
	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/obs"
)

func main() {
	log := obs.NewLogger(os.Stdout, "api-general")
	a := apiwire.New(context.Background(), log, nil)
	a.General = true
	lambda.Start(func(ctx context.Context, r api.Request) (api.Response, error) {
		return a.Handle(obs.WithLogger(ctx, log), r)
	})
}
