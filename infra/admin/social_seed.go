package admin

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// The AWS End User Messaging Social demo organisation's fixed identities: its number is linked
// to the service (the simulator plays it), so its settings name ARNs and hold no token.
const (
	DemoSocialOrg           = "demo-social"
	DemoSocialPhoneNumberID = "106540352242933" // Meta's id of the linked number, as events carry it
	DemoSocialWABAID        = "102290129340333"
	DemoSocialResident      = "+447700900321"
	DemoSocialJobID         = 1060
	// demoSocialResource names the number's and WABA's resources in their ARNs.
	demoSocialResource = "demo0social"
)

// DemoSocialPhoneARN is the demo social number's ARN in region and account.
func DemoSocialPhoneARN(region, account string) string {
	return "arn:aws:social-messaging:" + region + ":" + account + ":phone-number-id/" + demoSocialResource
}

// DemoSocialWABAARN is the demo social number's WABA ARN in region and account.
func DemoSocialWABAARN(region, account string) string {
	return "arn:aws:social-messaging:" + region + ":" + account + ":waba/" + demoSocialResource
}

// SeedSocialDemo writes the End User Messaging Social demo organisation: settings with
// provider aws-social naming the number's and WABA's ARNs in region and account, the templates
// (ids 1-4 are the seed's, in its order), job 1060 with an appointment tomorrow for
// DemoSocialResident, and a staff user's token.
func SeedSocialDemo(ctx context.Context, s SeedStore, region, account string, templates []messaging.Template, now time.Time) (Demo, error) {
	d := Demo{OrgID: DemoSocialOrg, PhoneNumberID: DemoSocialPhoneARN(region, account), WABAID: DemoSocialWABAARN(region, account),
		ResidentPhone: DemoSocialResident, ContractorPhone: DemoContractor, JobID: DemoSocialJobID}
	st := messaging.Settings{OrgID: d.OrgID, Provider: messaging.ProviderAWSSocial, PhoneNumberID: d.PhoneNumberID, WABAID: d.WABAID,
		UpdatedAt: now.UTC().Format(time.RFC3339)}
	if err := s.PutSettings(ctx, st); err != nil {
		return Demo{}, fmt.Errorf("admin: seed social settings: %w", err)
	}
	token, err := seedOrgContent(ctx, s, d, templates, now)
	if err != nil {
		return Demo{}, err
	}
	d.StaffToken = token
	return d, nil
}
