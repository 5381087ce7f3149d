//go:build integration

package api

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp"
)

// confirmAll is a provider that confirms every number.
type confirmAll struct{}

func (confirmAll) VerifyNumber(context.Context, whatsapp.Account) error { return nil }

// TestSettingsSwitchAtomically holds a settings PUT to all or nothing against DynamoDB and SSM
// (moto): a change refused for a number another organisation holds (409) leaves the old
// secrets readable and in force, and a saved change retires them.
func TestSettingsSwitchAtomically(t *testing.T) {
	ctx := context.Background()
	cfg := motoserver.MustStart(t).Config()
	store := dynamo.New(ddb.NewFromConfig(cfg), dynamotest.CreateTable(t, cfg))
	secrets := ssm.New(cfg, "/proplink/local", 0)
	revs := 0
	a := &API{Store: store, Secrets: secrets, Verifier: confirmAll{}, Stage: lambdaenv.LocalStage,
		Now: time.Now, NewID: func() string { revs++; return fmt.Sprintf("r%d", revs) }}
	admins := map[string]string{}
	for _, org := range []string{"o1", "o2"} {
		tok, err := dynamo.NewToken(org)
		if err != nil {
			t.Fatal(err)
		}
		rec := messaging.APIToken{OrgID: org, UserID: "admin", UserName: "Ada", Permissions: []string{messaging.PermWhatsAppSettings},
			CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
		if _, err := store.PutToken(ctx, tok, rec); err != nil {
			t.Fatal(err)
		}
		admins[org] = tok
	}
	put := func(org, body string) int {
		t.Helper()
		resp, err := a.Handle(ctx, req("PUT", routeSettings, "/api/admin/whatsapp/settings", admins[org], body))
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	// inForce is the organisation's token and app secret as every reader finds them.
	inForce := func(org string) (token, appSecret string) {
		t.Helper()
		st, err := store.GetSettings(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		acct, err := whatsapp.LoadAccount(ctx, secrets, st)
		if err != nil {
			t.Fatalf("account of %s: %v", org, err)
		}
		token = acct.Token
		r, err := store.RouteByPhoneNumberID(ctx, st.PhoneNumberID)
		if err != nil || r.SecretsRev != st.SecretsRev {
			t.Fatalf("route of %s = %+v, %v; want revision %q", st.PhoneNumberID, r, err, st.SecretsRev)
		}
		appSecret, err = secrets.Get(ctx, messaging.OrgSecret(org, r.SecretsRev, messaging.SecretAppSecret))
		if err != nil {
			t.Fatalf("app secret of %s in force: %v", org, err)
		}
		return token, appSecret
	}
	const sim = `"provider":"meta","api_url":"http://127.0.0.1:3100"`
	if got := put("o1", `{`+sim+`,"api_token":"EAA-o1-first-token","app_secret":"o1-first-secret","phone_number_id":"111","waba_id":"9001"}`); got != 200 {
		t.Fatalf("o1's first PUT: status %d", got)
	}
	if got := put("o2", `{`+sim+`,"api_token":"EAA-o2-first-token","app_secret":"o2-first-secret","phone_number_id":"222"}`); got != 200 {
		t.Fatalf("o2's first PUT: status %d", got)
	}

	t.Run("a refused change leaves the old secrets in force", func(t *testing.T) {
		got := put("o1", `{`+sim+`,"api_token":"EAA-o1-second-token","app_secret":"o1-second-secret","phone_number_id":"222","waba_id":"9001"}`)
		if got != 409 {
			t.Fatalf("o1 claiming o2's number: status %d, want 409", got)
		}
		if tok, sec := inForce("o1"); tok != "EAA-o1-first-token" || sec != "o1-first-secret" {
			t.Errorf("o1's secrets in force = %q, %q; want the first ones", tok, sec)
		}
		for _, kind := range []string{messaging.SecretAPIToken, messaging.SecretAppSecret} {
			if _, err := secrets.Get(ctx, messaging.OrgSecret("o1", "r3", kind)); messaging.ErrorCode(err) != messaging.CodeNotConfigured {
				t.Errorf("the refused revision's %s is still stored: %v", kind, err)
			}
		}
		if tok, sec := inForce("o2"); tok != "EAA-o2-first-token" || sec != "o2-first-secret" {
			t.Errorf("o2's secrets in force = %q, %q; want its own", tok, sec)
		}
	})
	t.Run("a saved change switches and retires the old revision", func(t *testing.T) {
		if got := put("o1", `{`+sim+`,"api_token":"EAA-o1-third-token","phone_number_id":"111","waba_id":"9001"}`); got != 200 {
			t.Fatalf("o1's new token: status %d, want 200", got)
		}
		if tok, sec := inForce("o1"); tok != "EAA-o1-third-token" || sec != "o1-first-secret" {
			t.Errorf("o1's secrets in force = %q, %q; want the new token and the carried app secret", tok, sec)
		}
		if _, err := secrets.Get(ctx, messaging.OrgSecret("o1", "r1", messaging.SecretAPIToken)); messaging.ErrorCode(err) != messaging.CodeNotConfigured {
			t.Errorf("the replaced revision's token is still stored: %v", err)
		}
	})
}
