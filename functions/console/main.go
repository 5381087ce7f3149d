// Command console is the staff console (ConsoleFunction): the page and its assets under
// /console, sign-in with one-time links, cookie sessions with CSRF tokens, and the console API,
// whose conversation reads run the platform API's own handlers. It links neither
// libphonenumber nor the S3 client: the template routes the console paths that send, edit jobs
// or carry attachments to ApiFunction (console.Delegations).
package main

import (
	"context"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/console"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/ratelimit"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp/providers"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "console")
	env, err := lambdaenv.Require("TABLE_NAME", "SSM_PREFIX", "GRAPH_API_VERSION", "STAGE")
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	db := ddb.NewFromConfig(cfg)
	table := env["TABLE_NAME"]
	store := dynamo.New(db, table)
	secrets := ssm.New(cfg, env["SSM_PREFIX"], 5*time.Minute)
	provider := providers.New(cfg, env["STAGE"], env["GRAPH_API_VERSION"], 8*time.Second)
	// The console's conversation reads, templates, handovers and case notes are the platform
	// API's routes, run for the session's staff member with a bearer-token caller's checks.
	// Sends, jobs and attachments are ApiFunction's (console.Delegations).
	platform := api.ForConsole(store, store, store.Handovers(), time.Now)
	// Staff ask for a sign-in link on their linked WhatsApp number: 3 per number per 10 minutes.
	viaWhatsApp := &console.WhatsAppSignIn{Links: store.StaffLinks(), Conversations: store, Settings: store, Secrets: secrets,
		Provider: provider, Limit: ratelimit.NewWindow(db, table, 3, 10*time.Minute)}
	h := &console.Handler{
		Sessions: &console.Sessions{Store: store.Console(), Now: time.Now}, Store: store.Console(), Conversations: store,
		API: platform, WhatsApp: viaWhatsApp, Links: store.ChatLinks(), Settings: store, Receipts: &console.Receipts{Settings: store, Secrets: secrets, Provider: provider}, Secure: env["STAGE"] != lambdaenv.LocalStage, Now: time.Now,
	}
	lambda.Start(func(ctx context.Context, r apigw.Request) (apigw.Response, error) {
		return h.Handle(obs.WithLogger(ctx, log), r)
	})
}
