//go:build integration

package storetest

import (
	"os"
	"testing"

	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
)

var moto *motoserver.Server

func TestMain(m *testing.M) { os.Exit(motoserver.RunTests(m, &moto)) }

// TestDynamo holds the real adapter to the table's rules, on moto.
func TestDynamo(t *testing.T) {
	cfg := moto.Config()
	db := ddb.NewFromConfig(cfg)
	Run(t, func(t *testing.T) Store { return dynamo.New(db, dynamotest.CreateTable(t, cfg)) })
}
