//go:build integration

package ratelimit

import (
	"os"
	"testing"

	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
)

var moto *motoserver.Server

func TestMain(m *testing.M) { os.Exit(motoserver.RunTests(m, &moto)) }

func newTable(t testing.TB) (*ddb.Client, string) {
	t.Helper()
	cfg := moto.Config()
	return ddb.NewFromConfig(cfg), dynamotest.CreateTable(t, cfg)
}
