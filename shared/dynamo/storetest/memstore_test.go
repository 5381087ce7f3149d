package storetest

import (
	"testing"

	"github.com/proplink/chat/shared/memstore"
)

// TestMemstore holds the services' in-memory fake to the table's rules.
func TestMemstore(t *testing.T) {
	Run(t, func(*testing.T) Store { return memstore.New() })
}
