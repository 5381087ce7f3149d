//go:build integration

package ratelimit

import (
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
)

var moto *motoserver.Server

func TestMain(m *testing.M) { os.Exit(motoserver.RunTests(m, &moto)) }

func newTable(t testing.TB) (*dynamodb.Client, string) {
	t.Helper()
	cfg := moto.Config()
	return dynamodb.NewFromConfig(cfg), dynamotest.CreateTable(t, cfg)
}
