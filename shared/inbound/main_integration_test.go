//go:build integration

package inbound

import (
	"os"
	"testing"

	"github.com/proplink/chat/infra/motoserver"
)

var moto *motoserver.Server

func TestMain(m *testing.M) { os.Exit(motoserver.RunTests(m, &moto)) }
