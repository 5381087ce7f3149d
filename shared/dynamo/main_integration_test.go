//go:build integration

package dynamo

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
)

var moto *motoserver.Server

func TestMain(m *testing.M) {
	var err error
	moto, err = motoserver.Start(context.Background(), 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	moto.Stop()
	os.Exit(code)
}

// newTestStore returns a store over a fresh table, and the client behind it.
func newTestStore(t testing.TB) (*Store, *dynamodb.Client) {
	t.Helper()
	cfg := moto.Config()
	table := dynamotest.CreateTable(t, cfg)
	db := dynamodb.NewFromConfig(cfg)
	return New(db, table), db
}
