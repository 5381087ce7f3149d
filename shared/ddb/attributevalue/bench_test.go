package attributevalue_test

import (
	"testing"
	"time"

	sdkav "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"

	"github.com/proplink/chat/shared/ddb/attributevalue"
)

// benchRecord is shaped like shared/dynamo's conversation item, a typical record.
type benchRecord struct {
	base
	ID             string    `dynamodbav:"conv_id"`
	OrgID          string    `dynamodbav:"org_id"`
	PhoneNumberID  string    `dynamodbav:"phone_number_id"`
	Phone          string    `dynamodbav:"phone"`
	ProfileName    string    `dynamodbav:"profile_name"`
	LastInboundAt  time.Time `dynamodbav:"last_inbound_at"`
	LastOutboundAt time.Time `dynamodbav:"last_outbound_at"`
	LastJobID      int64     `dynamodbav:"last_job_id"`
	OptedOut       bool      `dynamodbav:"opted_out"`
	Flags          []string  `dynamodbav:"flags,stringset,omitempty"`
	Queue          string    `dynamodbav:"queue,omitempty"`
	SiteID         string    `dynamodbav:"site_id,omitempty"`
}

var benchValue = benchRecord{
	base: base{PK: "ORG#acme#CONV#123", SK: "CONV"}, ID: "123", OrgID: "acme", PhoneNumberID: "10987654321",
	Phone: "+447700900123", ProfileName: "Jo Bloggs", LastInboundAt: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC),
	LastOutboundAt: time.Date(2026, 3, 4, 5, 7, 0, 0, time.UTC), LastJobID: 1050, Flags: []string{"vip", "tenant"}, Queue: "repairs",
}

// BenchmarkMarshalMapUnmarshalMap encodes a typical record and decodes it back, with ours and
// with the SDK's.
func BenchmarkMarshalMapUnmarshalMap(b *testing.B) {
	b.Run("ours", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			item, err := attributevalue.MarshalMap(benchValue)
			if err != nil {
				b.Fatal(err)
			}
			var out benchRecord
			if err := attributevalue.UnmarshalMap(item, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			item, err := sdkav.MarshalMap(benchValue)
			if err != nil {
				b.Fatal(err)
			}
			var out benchRecord
			if err := sdkav.UnmarshalMap(item, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}
