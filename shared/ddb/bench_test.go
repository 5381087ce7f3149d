package ddb

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// cannedHTTP answers every request with body, reading and dropping the request.
type cannedHTTP string

func (c cannedHTTP) Do(r *http.Request) (*http.Response, error) {
	_, _ = io.Copy(io.Discard, r.Body)
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(string(c)))}, nil
}

// benchAnswer is a typical UpdateItem ALL_NEW answer (a conversation's item).
const benchAnswer = `{"Attributes":{"PK":{"S":"ORG#o1"},"SK":{"S":"CONV#447700900001"},"status":{"S":"open"},"unread":{"N":"3"},` +
	`"last_text":{"S":"Hello, the boiler is leaking again"},"updated_at":{"S":"2026-12-02T06:30:00Z"},"tags":{"SS":["urgent","plumbing"]},` +
	`"assignee":{"M":{"id":{"S":"u_42"},"name":{"S":"Sam"}}},"GSI1PK":{"S":"ORG#o1#OPEN"},"GSI1SK":{"S":"2026-12-02T06:30:00Z"}}}`

func benchConfig() aws.Config {
	return aws.Config{Region: "eu-west-2", HTTPClient: cannedHTTP(benchAnswer),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "")}
}

var benchValues = map[string]AttributeValue{":one": n("1"), ":now": s("2026-12-02T06:30:00Z"), ":text": s("Hello, the boiler is leaking again"), ":open": s("open")}

// BenchmarkUpdateItem is one UpdateItem (encode, sign, send in process, read the answer)
// through our client and through the SDK's, for the same input and answer.
func BenchmarkUpdateItem(b *testing.B) {
	ctx := context.Background()
	update := aws.String("ADD unread :one SET updated_at = :now, last_text = :text, #s = :open")
	b.Run("ddb", func(b *testing.B) {
		b.Setenv(EndpointEnv, "")
		c := NewFromConfig(benchConfig())
		in := &UpdateItemInput{TableName: aws.String("chat"), Key: key, UpdateExpression: update, ExpressionAttributeNames: map[string]string{"#s": "status"},
			ExpressionAttributeValues: benchValues, ConditionExpression: aws.String("attribute_exists(PK)"), ReturnValues: ReturnValueAllNew}
		b.ReportAllocs()
		for b.Loop() {
			out, err := c.UpdateItem(ctx, in)
			if err != nil || len(out.Attributes) != 10 {
				b.Fatal(out, err)
			}
		}
	})
	b.Run("sdk", func(b *testing.B) {
		c := dynamodb.NewFromConfig(benchConfig())
		in := &dynamodb.UpdateItemInput{TableName: aws.String("chat"), Key: toSDK(key), UpdateExpression: update, ExpressionAttributeNames: map[string]string{"#s": "status"},
			ExpressionAttributeValues: toSDK(benchValues), ConditionExpression: aws.String("attribute_exists(PK)"), ReturnValues: types.ReturnValueAllNew}
		b.ReportAllocs()
		for b.Loop() {
			out, err := c.UpdateItem(ctx, in)
			if err != nil || len(out.Attributes) != 10 {
				b.Fatal(out, err)
			}
		}
	})
}

// BenchmarkAttributeValueJSON is the answer's item decoded and encoded again.
func BenchmarkAttributeValueJSON(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		r := reader{b: []byte(benchAnswer)}
		var attrs map[string]AttributeValue
		if err := r.object(func(name string) error { return attributes(&attrs)(&r, name) }); err != nil {
			b.Fatal(err)
		}
		w := writer{}
		w.valueMap(attrs, 1)
	}
}
