package main

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/dynamo"
)

// socialAccount is the simulator's number linked to AWS End User Messaging Social, which the
// demo-social organisation sends from; its events go to the stack's SocialEventsTopic once
// seedSocial names it.
func socialAccount() simulator.Account {
	return simulator.Account{PhoneNumberID: admin.DemoSocialPhoneNumberID, WABAID: admin.DemoSocialWABAID,
		Social: &simulator.SocialAccount{
			PhoneNumberARN: admin.DemoSocialPhoneARN(local.Region, local.AccountID),
			WABAARN:        admin.DemoSocialWABAARN(local.Region, local.AccountID),
		}}
}

// seedSocial points the simulator's End User Messaging Social dialect at the stack (events to
// SocialEventsTopic, media through moto's S3) and seeds the demo-social organisation on acct.
func seedSocial(ctx context.Context, stack *local.Stack, sim *simulator.Simulator, store *dynamo.Store, acct simulator.Account) (admin.Demo, error) {
	acct.Social.TopicARN = stack.Resource("SocialEventsTopic")
	sim.SetAWS(aws.Config{Region: local.Region, BaseEndpoint: aws.String(stack.MotoURL()),
		Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", "")})
	d, err := admin.SeedSocialDemo(ctx, store, local.Region, local.AccountID, sim.Templates(), time.Now())
	if err != nil {
		return admin.Demo{}, fmt.Errorf("seed the End User Messaging Social demo: %w", err)
	}
	return d, nil
}

const socialBanner = `
AWS End User Messaging Social (the simulator plays the service; its events reach the stack
through SocialEventsTopic, no webhook): organisation %[1]s sends from the linked number
%[2]s (after: source %[3]s, SOCIAL_API_TOKEN is its staff token).
  curl -s -X POST "$API_URL/api/whatsapp/send" -H "Authorization: Bearer $SOCIAL_API_TOKEN" \
       -H "Content-Type: application/json" -d '{"job_id": %[4]d, "phone_number": "%[5]s", "template_id": 3}'
  curl -s "$API_URL/api/jobs/%[4]d/case-notes" -H "Authorization: Bearer $SOCIAL_API_TOKEN"
  # the resident writes to the linked number (published as the service's SNS event):
  curl -s -X POST "$SIMULATOR_URL/_sim/inbound" -d '{"from": "%[5]s", "phone_number_id": "%[6]s", "profile_name": "Sam", "text": "Is the plumber still coming?"}'
  curl -s "$API_URL/api/whatsapp/conversations/%[7]s/messages" -H "Authorization: Bearer $SOCIAL_API_TOKEN"
`
