//go:build integration

package ratelimit

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

func newTable(t testing.TB) (*dynamodb.Client, string) {
	t.Helper()
	cfg := moto.Config()
	return dynamodb.NewFromConfig(cfg), dynamotest.CreateTable(t, cfg)
}
