// Command api-general serves the HTTP API's routes that validate no phone number —
// conversations and staff replies, attachments, case notes, get-options, template sync, API
// tokens, property reads, tickets and invitations, the WhatsApp link and handovers
// (ApiGeneralFunction). It links no libphonenumber, whose metadata would cost its every cold
// start; the routes that need it are ApiFunction's.
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
	a := apiwire.New(context.Background(), log)
	a.WithoutNumbers = true
	lambda.Start(func(ctx context.Context, r api.Request) (api.Response, error) {
		return a.Handle(obs.WithLogger(ctx, log), r)
	})
}
