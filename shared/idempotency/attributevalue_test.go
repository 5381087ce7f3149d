package idempotency

import (
	"testing"

	"github.com/proplink/chat/shared/ddb/attributevalue/avtest"
)

// TestRecordMarshalsAsTheSDKDoes holds shared/ddb/attributevalue to the SDK's attributevalue for
// what this package stores: the record and the headers map.
func TestRecordMarshalsAsTheSDKDoes(t *testing.T) {
	tests := []struct {
		name    string
		samples []any
	}{
		{name: "record", samples: []any{
			record{PK: "IDEM#k", SK: "IDEM", State: stateCompleted, StatusCode: 201, Headers: map[string]string{"Content-Type": "application/json"}, Body: []byte(`{}`)},
			record{PK: "IDEM#k", SK: "IDEM", Headers: map[string]string{}, Body: []byte{}},
		}},
		{name: "headers", samples: []any{map[string]string{"Location": "/v1/x", "X-Ünïcode": "✓"}, map[string]string{}, map[string]string(nil)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			avtest.Check(t, avtest.Options{N: 200, Seed: 3}, tt.samples...)
		})
	}
}
