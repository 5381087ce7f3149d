// Command template-sync syncs every configured organisation's WhatsApp templates from its
// provider on an EventBridge Scheduler cadence (TemplateSyncFunction).
package main

import (
	"context"
	"encoding/json"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/templatesync"
	"github.com/proplink/chat/shared/whatsapp/providers"
)

func main() {
	ctx := context.Background()
	log := obs.NewLogger(os.Stdout, "template-sync")
	env, err := lambdaenv.Require("TABLE_NAME", "SSM_PREFIX", "GRAPH_API_VERSION", "STAGE")
	lambdaenv.Must(log, err)
	cfg, err := lambdaenv.AWS(ctx)
	lambdaenv.Must(log, err)
	s := &templatesync.Syncer{
		Store: dynamo.New(ddb.NewFromConfig(cfg), env["TABLE_NAME"]),
		// Tokens are read fresh each run (a run is every few hours).
		Secrets:  ssm.New(cfg, env["SSM_PREFIX"], 0),
		Provider: providers.New(cfg, env["STAGE"], env["GRAPH_API_VERSION"], 20*time.Second),
		Metrics:  obs.NewMetrics(os.Stdout, "template-sync"),
	}
	lambda.Start(func(ctx context.Context, _ json.RawMessage) error {
		ctx = obs.WithLogger(ctx, log)
		start := time.Now()
		rep, err := s.Run(ctx)
		log := obs.Logger(ctx)
		if err != nil {
			log.Error("template sync failed", "error", err.Error())
			return err
		}
		log.Info("template sync finished", "organisations", len(rep.Orgs),
			"synced", rep.Count(templatesync.OutcomeSynced), "not_configured", rep.Count(templatesync.OutcomeNotConfigured),
			"auth_failed", rep.Count(templatesync.OutcomeAuthFailed), "failed", rep.Count(templatesync.OutcomeFailed),
			"duration_ms", time.Since(start).Milliseconds())
		return nil
	})
}
