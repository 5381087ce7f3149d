// Command admin holds operator tasks against a deployed stack (or the local one when
// AWS_ENDPOINT_URL points at moto):
//
//	admin mint-token -table T -org O -user U -name "Full Name" -perms api.whatsapp.send,api.jobs.manage
//
// The token is printed once; only its hash is stored.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/messaging"
)

func main() {
	if len(os.Args) < 2 || os.Args[1] != "mint-token" {
		fmt.Fprintln(os.Stderr, "usage: admin mint-token -table T -org O -user U -name NAME -perms p1,p2")
		os.Exit(2)
	}
	fs := flag.NewFlagSet("mint-token", flag.ExitOnError)
	table := fs.String("table", os.Getenv("TABLE_NAME"), "DynamoDB table (default $TABLE_NAME)")
	org := fs.String("org", "", "organisation id")
	user := fs.String("user", "", "user id")
	name := fs.String("name", "", "user's display name (author of case notes)")
	perms := fs.String("perms", messaging.PermWhatsAppSend, "comma-separated permissions")
	_ = fs.Parse(os.Args[2:])
	if *table == "" || *org == "" || *user == "" {
		fs.Usage()
		os.Exit(2)
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	store := dynamo.New(awsdynamodb.NewFromConfig(cfg), *table)
	p := messaging.Principal{OrgID: *org, UserID: *user, Name: *name, Permissions: strings.Split(*perms, ",")}
	token, err := admin.MintToken(ctx, store, p, time.Now())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(token)
}
