// Command dev is `make dev`: the whole product on 127.0.0.1 with no AWS account and no Docker.
// It starts the provider simulator, then the local runner (moto, ElasticMQ for the queues unless
// -sqs moto, every function of template.yaml as its own process, the HTTP API, the SQS pollers,
// the schedules), seeds the demo organisation, writes .local/demo.env, and runs until Ctrl-C,
// when it stops everything it started.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/bedrock"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp/socialmessaging"
)

func main() {
	apiAddr := flag.String("api", "127.0.0.1:3000", "HTTP API address")
	simAddr := flag.String("simulator", "127.0.0.1:3100", "provider simulator address")
	stage := flag.String("stage", lambdaenv.LocalStage, "template Stage parameter")
	queues := flag.String("sqs", "elasticmq", "the queues' server: elasticmq (make elasticmq first) or moto")
	flag.Parse()
	if err := run(*apiAddr, *simAddr, *stage, *queues); err != nil {
		fmt.Fprintln(os.Stderr, "dev:", err)
		os.Exit(1)
	}
}

func run(apiAddr, simAddr, stage, queues string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root, err := motoserver.ModuleRoot()
	if err != nil {
		return err
	}
	social := socialAccount()
	sim := simulator.New(simulator.Options{Accounts: []simulator.Account{{
		PhoneNumberID: admin.DemoPhoneNumberID, WABAID: admin.DemoWABAID, Token: admin.DemoProviderToken,
	}, social}, AppSecret: admin.DemoAppSecret})
	simURL, err := sim.Start(simAddr)
	if err != nil {
		return fmt.Errorf("start simulator: %w", err)
	}
	defer sim.Close()
	stack, err := local.Start(ctx, local.Options{
		Root: root, APIAddr: apiAddr, Schedules: true, Log: os.Stderr, SQS: queues,
		// The careful AI layer on, at the simulator's scriptable Converse stand-in; End User
		// Messaging Social is played by the simulator too.
		Parameters: map[string]string{"Stage": stage, "AssistantAIEnabled": "true"},
		Env:        map[string]string{bedrock.EndpointEnv: simURL, socialmessaging.EndpointEnv: simURL},
	})
	if err != nil {
		return fmt.Errorf("start local stack: %w", err)
	}
	defer stack.Close()
	sim.SetWebhookURL(stack.APIURL() + "/webhooks/meta")
	cfg := stack.AWSConfig()
	store := dynamo.New(ddb.NewFromConfig(cfg), stack.Resource("Table"))
	secrets := ssm.New(cfg, "/proplink/"+stage, 0)
	demo, err := admin.SeedDemo(ctx, store, secrets, simURL, sim.Templates(), time.Now())
	if err != nil {
		return fmt.Errorf("seed demo: %w", err)
	}
	if err := admin.SeedProperty(ctx, store, time.Now()); err != nil {
		return fmt.Errorf("seed demo property records: %w", err)
	}
	if err := admin.SeedWebhookVerifyToken(ctx, secrets, admin.DemoWebhookVerifyToken); err != nil {
		return err
	}
	// The demo organisation has the AI layer on (off is every organisation's default).
	if err := store.PutAISettings(ctx, demo.OrgID, assistant.AISettings{Enabled: true, ReplyInLanguage: true}); err != nil {
		return fmt.Errorf("demo AI layer: %w", err)
	}
	socialDemo, err := seedSocial(ctx, stack, sim, store, social)
	if err != nil {
		return err
	}
	if err := remindNow(ctx, stack, store, demo.OrgID); err != nil {
		return err
	}
	envFile := filepath.Join(root, ".local", "demo.env")
	err = admin.WriteEnv(envFile, [][2]string{
		{"API_URL", stack.APIURL()}, {"API_TOKEN", demo.StaffToken}, {"ORG_ID", demo.OrgID},
		{"JOB_ID", fmt.Sprint(demo.JobID)}, {"RESIDENT_PHONE", demo.ResidentPhone},
		{"CONTRACTOR_PHONE", demo.ContractorPhone}, {"PHONE_NUMBER_ID", demo.PhoneNumberID},
		{"SIMULATOR_URL", simURL}, {"TABLE_NAME", stack.Resource("Table")}, {"AWS_ENDPOINT_URL", stack.MotoURL()},
		{"SOCIAL_API_TOKEN", socialDemo.StaffToken},
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", envFile, err)
	}
	fmt.Printf(banner, stack.APIURL(), simURL, envFile, envFile, demo.JobID, demo.ResidentPhone)
	fmt.Printf(webhookBanner, stack.APIURL(), admin.DemoWebhookVerifyToken, simURL, demo.ResidentPhone)
	conv := func(phone string) string { return messaging.ConversationID(demo.OrgID, demo.PhoneNumberID, phone) }
	fmt.Printf(assistantBanner, envFile, demo.ResidentPhone, demo.ContractorPhone, demoStaffPhone,
		conv(demo.ResidentPhone), conv(demo.ContractorPhone), conv(demoStaffPhone))
	fmt.Printf(socialBanner, socialDemo.OrgID, socialDemo.PhoneNumberID, envFile, socialDemo.JobID, socialDemo.ResidentPhone,
		admin.DemoSocialPhoneNumberID, messaging.ConversationID(socialDemo.OrgID, socialDemo.PhoneNumberID, socialDemo.ResidentPhone))
	s3c := awss3.NewFromConfig(cfg, func(o *awss3.Options) { o.UsePathStyle = true })
	if err := admin.AllowBrowserUploads(ctx, s3c, stack.Resource("AttachmentsBucket"), stack.APIURL()); err != nil {
		return err
	}
	link, err := admin.ConsoleLink(ctx, store.Console(), stack.APIURL(),
		messaging.Principal{OrgID: demo.OrgID, UserID: "staff-1", Name: "Demo Manager", Permissions: admin.AllPermissions}, time.Now())
	if err != nil {
		return fmt.Errorf("console sign-in link: %w", err)
	}
	fmt.Printf(consoleBanner, link)
	<-ctx.Done()
	fmt.Fprintln(os.Stderr, "dev: stopping")
	return nil
}

// remindNow turns the demo organisation's quiet hours off (so the demo shows a reminder at any
// hour) and fires the reminders schedule once: job 1050's appointment tomorrow is reminded now
// rather than at the schedule's first tick.
func remindNow(ctx context.Context, stack *local.Stack, store *dynamo.Store, orgID string) error {
	st, err := store.GetSettings(ctx, orgID)
	if err != nil {
		return fmt.Errorf("read demo settings: %w", err)
	}
	st.QuietHours = "00:00-00:00"
	if err := store.PutSettings(ctx, st); err != nil {
		return fmt.Errorf("demo quiet hours: %w", err)
	}
	if err := stack.FireSchedule(ctx, "RemindersFunction"); err != nil {
		return fmt.Errorf("fire the reminders schedule: %w", err)
	}
	return nil
}

const banner = `
PropLink Chat is running.
  HTTP API            %s
  provider simulator  %s   (sent messages: GET /_sim/messages; faults: POST /_sim/faults;
                      the AI layer's Converse stand-in: POST /_sim/bedrock/scripts, GET /_sim/bedrock/calls)
  caller settings     %s

Try it:
  source %s
  curl -s "$API_URL/api/whatsapp/get-options" -H "Authorization: Bearer $API_TOKEN"
  curl -s -X POST "$API_URL/api/whatsapp/send" -H "Authorization: Bearer $API_TOKEN" \
       -H "Content-Type: application/json" -d '{"job_id": %d, "phone_number": "%s", "template_id": 3}'
  curl -s "$API_URL/api/jobs/1050/case-notes" -H "Authorization: Bearer $API_TOKEN"

Job 1050's appointment tomorrow has already been reminded (its case notes show it); the schedule
fires every 15 minutes, and on demand with: make remind

Ctrl-C stops everything.
`

const webhookBanner = `
Webhooks (the simulator signs them with the demo app secret and POSTs to /webhooks/meta; every
accepted send gets sent, delivered and read statuses):
  curl -s "%s/webhooks/meta?hub.mode=subscribe&hub.verify_token=%s&hub.challenge=42"
  # the resident "sends" a WhatsApp message to the demo number:
  curl -s -X POST "%s/_sim/inbound" -d '{"from": "%s", "profile_name": "Sam", "text": "Is the plumber still coming?"}'
`

// demoStaffPhone is the number the banner links to the demo staff user (no demo record has it).
const demoStaffPhone = "+447700900999"

const assistantBanner = `
The assistant (PropLink Chat) answers whoever writes to the demo number; talk to it through the
simulator (after: source %[1]s). Each curl is one WhatsApp message; replies come back a moment later.
  # as the resident Jane Smith (Riverside Court, Flat 1), %[2]s:
  curl -s -X POST "$SIMULATOR_URL/_sim/inbound" -d '{"from": "%[2]s", "profile_name": "Jane", "text": "When is my next service charge due?"}'
  curl -s -X POST "$SIMULATOR_URL/_sim/inbound" -d '{"from": "%[2]s", "text": "how do I pay?"}'
  curl -s -X POST "$SIMULATOR_URL/_sim/inbound" -d '{"from": "%[2]s", "text": "The hallway light is broken"}'
  # ...and tap the Yes button it offers (any reply button: its id and title):
  curl -s -X POST "$SIMULATOR_URL/_sim/inbound" -d '{"from": "%[2]s", "interactive": {"type": "button_reply", "id": "confirm:yes", "title": "Yes"}}'
  # as the contractor Reed Plumbing, %[3]s:
  curl -s -X POST "$SIMULATOR_URL/_sim/inbound" -d '{"from": "%[3]s", "profile_name": "Reed", "text": "what jobs do I have?"}'
  curl -s -X POST "$SIMULATOR_URL/_sim/inbound" -d '{"from": "%[3]s", "text": "on site now at WO-2026-0051"}'
  # as staff: link a number to the demo staff user (a code valid 10 minutes), send the code from it, then ask
  CODE=$(curl -s -X POST "$API_URL/api/me/whatsapp-link" -H "Authorization: Bearer $API_TOKEN" | sed -E 's/.*"code":"([0-9]{6})".*/\1/')
  curl -s -X POST "$SIMULATOR_URL/_sim/inbound" -d '{"from": "%[4]s", "profile_name": "Alex", "text": "'"$CODE"'"}'
  curl -s -X POST "$SIMULATOR_URL/_sim/inbound" -d '{"from": "%[4]s", "text": "balance for Smith"}'
  curl -s -X POST "$SIMULATOR_URL/_sim/inbound" -d '{"from": "%[4]s", "text": "2"}'
  curl -s -X POST "$SIMULATOR_URL/_sim/inbound" -d '{"from": "%[4]s", "text": "How much have we spent at Riverside Court this month?"}'
Read the replies: everything the simulator was sent, or one conversation (the resident's, the
contractor's, the staff number's) as the API keeps it:
  curl -s "$SIMULATOR_URL/_sim/messages"
  curl -s "$API_URL/api/whatsapp/conversations/%[5]s/messages" -H "Authorization: Bearer $API_TOKEN"
  curl -s "$API_URL/api/whatsapp/conversations/%[6]s/messages" -H "Authorization: Bearer $API_TOKEN"
  curl -s "$API_URL/api/whatsapp/conversations/%[7]s/messages" -H "Authorization: Bearer $API_TOKEN"
`

const consoleBanner = `
Staff console (Demo Manager of the demo organisation; the link works once, for 15 minutes;
the session cookie is not Secure here only because the local stack serves plain http://127.0.0.1):
  %s
More links: go run ./infra/cmd/admin console-link -org demo -user staff-1 -name "Demo Manager" -perms api.whatsapp.send,api.jobs.case-notes.view (with .local/demo.env sourced)
`
