//go:build integration

package dynamo

import (
	"os"
	"testing"

	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
)

var moto *motoserver.Server

func TestMain(m *testing.M) { os.Exit(motoserver.RunTests(m, &moto)) }

// newTestStore returns a store over a fresh table, and the client behind it.
func newTestStore(t testing.TB) (*Store, *ddb.Client) {
	t.Helper()
	cfg := moto.Config()
	table := dynamotest.CreateTable(t, cfg)
	db := ddb.NewFromConfig(cfg)
	return New(db, table), db
}
