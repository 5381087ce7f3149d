// Command api is the platform's HTTP API: send, get-options, conversations and staff replies
// (text, template or attachment), attachments, jobs, case notes, WhatsApp settings, API tokens,
// the built-in property store with its ticket replies and work order invitations, and the
// property platforms' callbacks (ApiFunction). It links libphonenumber, so it can serve every
// route; the template gives it those that validate a phone number (api.ValidatesNumbers), and
// ApiGeneralFunction the rest.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/proplink/chat/functions/internal/apiwire"
	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/obs"
	_ "github.com/proplink/chat/shared/phone/libphonenumber" // phone.Parse's check: this function validates numbers
)

func main() {
	log := obs.NewLogger(os.Stdout, "api")
	a := apiwire.New(context.Background(), log)
	lambda.Start(func(ctx context.Context, r api.Request) (api.Response, error) {
		return a.Handle(obs.WithLogger(ctx, log), r)
	})
}
