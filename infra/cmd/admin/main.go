// Command admin holds operator tasks against a deployed stack (or the local one when
// AWS_ENDPOINT_URL points at moto):
//
//	admin mint-token -table T -org O -user U -name "Full Name" [-label L] -perms api.whatsapp.send,api.jobs.manage
//	admin list-tokens -table T -org O
//	admin revoke-token -table T -org O -id 01J...
//	admin ai-settings -table T -org O [-enabled=true|false] [-reply-in-language=true|false] [-daily-tokens N]
//	admin console-link -table T -org O -user U -name "Full Name" -perms ... -url https://<api>
//
// A minted token is printed once; only its hash is stored. The list shows each token's id,
// state, user, label, last four characters, permissions and dates, never a token. A revoked
// token is refused from the API's next request (tokens are not cached).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/messaging"
)

const usage = `usage:
  admin mint-token -table T -org O -user U -name NAME [-label L] -perms p1,p2
  admin list-tokens -table T -org O
  admin revoke-token -table T -org O -id ID
  admin ai-settings -table T -org O [-enabled=BOOL] [-reply-in-language=BOOL] [-daily-tokens N]
  admin console-link -table T -org O -user U -name NAME -perms p1,p2 -url API_URL`

func main() {
	if len(os.Args) < 2 {
		fail(2, usage)
	}
	cmd := os.Args[1]
	fs := flag.NewFlagSet(cmd, flag.ExitOnError)
	table := fs.String("table", os.Getenv("TABLE_NAME"), "DynamoDB table (default $TABLE_NAME)")
	org := fs.String("org", "", "organisation id")
	user := fs.String("user", "", "user id (mint-token)")
	name := fs.String("name", "", "user's display name, the author of case notes (mint-token)")
	label := fs.String("label", "", "what the token is for, shown in the list (mint-token)")
	perms := fs.String("perms", messaging.PermWhatsAppSend, "comma-separated permissions (mint-token)")
	id := fs.String("id", "", "token id from list-tokens (revoke-token)")
	aiOn := fs.Bool("enabled", false, "switch the careful AI layer on or off for the organisation (ai-settings)")
	aiLang := fs.Bool("reply-in-language", false, "reply in the person's language where the layer reads one (ai-settings)")
	aiTokens := fs.Int64("daily-tokens", 0, "the organisation's daily model token budget; 0 takes the deployment's (ai-settings)")
	apiURL := fs.String("url", os.Getenv("API_URL"), "the HTTP API's base URL (console-link; default $API_URL)")
	_ = fs.Parse(os.Args[2:])
	var ai admin.AIChange
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "enabled":
			ai.Enabled = aiOn
		case "reply-in-language":
			ai.ReplyInLanguage = aiLang
		case "daily-tokens":
			ai.DailyTokens = aiTokens
		}
	})
	if *table == "" || *org == "" {
		fail(2, usage)
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fail(1, err.Error())
	}
	store := dynamo.New(ddb.NewFromConfig(cfg), *table)
	now := time.Now()
	switch cmd {
	case "mint-token":
		if *user == "" {
			fail(2, usage)
		}
		p := messaging.Principal{OrgID: *org, UserID: *user, Name: *name, Permissions: strings.Split(*perms, ",")}
		token, rec, err := admin.Mint(ctx, store, p, *label, now)
		if err != nil {
			fail(1, err.Error())
		}
		fmt.Fprintf(os.Stderr, "token id %s (revoke with: admin revoke-token -org %s -id %s)\n", rec.ID, *org, rec.ID)
		fmt.Println(token)
	case "list-tokens":
		if err := admin.ListTokens(ctx, store, *org, now, os.Stdout); err != nil {
			fail(1, err.Error())
		}
	case "revoke-token":
		if *id == "" {
			fail(2, usage)
		}
		t, err := store.RevokeToken(ctx, *org, *id, now)
		if err != nil {
			fail(1, fmt.Sprintf("revoke token %s of %s: %v", *id, *org, err))
		}
		fmt.Printf("revoked %s (user %s) at %s\n", t.ID, t.UserID, t.RevokedAt.UTC().Format(time.RFC3339))
	case "ai-settings":
		if err := admin.SetAI(ctx, store, *org, ai, os.Stdout); err != nil {
			fail(1, err.Error())
		}
	case "console-link":
		if *user == "" || *apiURL == "" {
			fail(2, usage)
		}
		p := messaging.Principal{OrgID: *org, UserID: *user, Name: *name, Permissions: strings.Split(*perms, ",")}
		link, err := admin.ConsoleLink(ctx, store.Console(), *apiURL, p, now)
		if err != nil {
			fail(1, err.Error())
		}
		fmt.Fprintln(os.Stderr, "one-time staff console sign-in link, valid for 15 minutes:")
		fmt.Println(link)
	default:
		fail(2, usage)
	}
}

func fail(code int, msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(code)
}
