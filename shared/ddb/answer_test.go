package ddb

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"hash/crc32"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/awsjson"
)

// crcHeader is the X-Amz-Crc32 header DynamoDB sends with body.
func crcHeader(body string) http.Header {
	return http.Header{"X-Amz-Crc32": {strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(body))), 10)}}
}

func TestAnswers(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		answer string
		call   func(*Client) (any, error)
		want   any
	}{
		{"get_item", `{"Item":{"PK":{"S":"ORG#o1"},"n":{"N":"3"},"m":{"M":{"l":{"L":[{"BOOL":false},{"NULL":true},{"B":"AAH/"}]}}},"ss":{"SS":["a"]},"ns":{"NS":["1"]},"bs":{"BS":["eA=="]}}}`,
			func(c *Client) (any, error) { return c.GetItem(ctx, &GetItemInput{}) },
			&GetItemOutput{Item: map[string]AttributeValue{"PK": s("ORG#o1"), "n": n("3"),
				"m": &AttributeValueMemberM{Value: map[string]AttributeValue{"l": &AttributeValueMemberL{Value: []AttributeValue{
					&AttributeValueMemberBOOL{Value: false}, &AttributeValueMemberNULL{Value: true}, &AttributeValueMemberB{Value: []byte{0, 1, 0xff}}}}}},
				"ss": &AttributeValueMemberSS{Value: []string{"a"}}, "ns": &AttributeValueMemberNS{Value: []string{"1"}}, "bs": &AttributeValueMemberBS{Value: [][]byte{[]byte("x")}}}}},
		{"get_item_none", `{}`,
			func(c *Client) (any, error) { return c.GetItem(ctx, &GetItemInput{}) }, &GetItemOutput{}},
		{"update_item_all_new", `{"Attributes":{"count":{"N":"2"},"t":{"S":"a\"\\\u00e9\ud83d\ude00"}},"ConsumedCapacity":{"TableName":"chat","CapacityUnits":1.0}}`,
			func(c *Client) (any, error) { return c.UpdateItem(ctx, &UpdateItemInput{}) },
			&UpdateItemOutput{Attributes: map[string]AttributeValue{"count": n("2"), "t": s("a\"\\é😀")}}},
		{"put_item", `{}`, func(c *Client) (any, error) { return c.PutItem(ctx, &PutItemInput{}) }, &PutItemOutput{}},
		{"delete_item_all_old", `{"Attributes":{"PK":{"S":"x"}}}`,
			func(c *Client) (any, error) { return c.DeleteItem(ctx, &DeleteItemInput{}) }, &DeleteItemOutput{Attributes: map[string]AttributeValue{"PK": s("x")}}},
		{"query_page", `{"Count":2,"ScannedCount":3,"Items":[{"PK":{"S":"a"}},{"PK":{"S":"b"}}],"LastEvaluatedKey":{"PK":{"S":"b"}}}`,
			func(c *Client) (any, error) { return c.Query(ctx, &QueryInput{}) },
			&QueryOutput{Count: 2, ScannedCount: 3, Items: []map[string]AttributeValue{{"PK": s("a")}, {"PK": s("b")}}, LastEvaluatedKey: map[string]AttributeValue{"PK": s("b")}}},
		{"query_count", `{"Count":7,"ScannedCount":7}`,
			func(c *Client) (any, error) { return c.Query(ctx, &QueryInput{}) }, &QueryOutput{Count: 7, ScannedCount: 7}},
		{"scan", `{"Count":0,"Items":[],"ScannedCount":0}`,
			func(c *Client) (any, error) { return c.Scan(ctx, &ScanInput{}) }, &ScanOutput{Items: []map[string]AttributeValue{}}},
		{"batch_get_item", `{"Responses":{"chat":[{"PK":{"S":"a"}}]},"UnprocessedKeys":{"chat":{"Keys":[{"PK":{"S":"b"}}],"ConsistentRead":true,"ProjectionExpression":"PK"}}}`,
			func(c *Client) (any, error) { return c.BatchGetItem(ctx, &BatchGetItemInput{}) },
			&BatchGetItemOutput{Responses: map[string][]map[string]AttributeValue{"chat": {{"PK": s("a")}}},
				UnprocessedKeys: map[string]KeysAndAttributes{"chat": {Keys: []map[string]AttributeValue{{"PK": s("b")}}, ConsistentRead: aws.Bool(true), ProjectionExpression: str("PK")}}}},
		{"batch_write_item", `{"UnprocessedItems":{"chat":[{"PutRequest":{"Item":{"PK":{"S":"a"}}}},{"DeleteRequest":{"Key":{"PK":{"S":"b"}}}}]}}`,
			func(c *Client) (any, error) { return c.BatchWriteItem(ctx, &BatchWriteItemInput{}) },
			&BatchWriteItemOutput{UnprocessedItems: map[string][]WriteRequest{"chat": {{PutRequest: &PutRequest{Item: map[string]AttributeValue{"PK": s("a")}}}, {DeleteRequest: &DeleteRequest{Key: map[string]AttributeValue{"PK": s("b")}}}}}}},
		{"transact_write_items", `{}`,
			func(c *Client) (any, error) { return c.TransactWriteItems(ctx, &TransactWriteItemsInput{}) }, &TransactWriteItemsOutput{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := recordingClient(t, answer{Status: 200, Header: crcHeader(tt.answer), Body: tt.answer})
			got, err := tt.call(c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAnswerErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		answer  string
		wantErr string
	}{
		{"not json", `<html>`, "answer at byte 0"},
		{"value without member", `{"Item":{"a":{}}}`, "no member"},
		{"value with two members", `{"Item":{"a":{"S":"x","N":"1"}}}`, "several members"},
		{"unknown member", `{"Item":{"a":{"X":"x"}}}`, "unknown attribute value member"},
		{"bad base64", `{"Item":{"a":{"B":"!!"}}}`, "bad base64"},
		{"too deep", `{"Item":{"a":` + strings.Repeat(`{"L":[`, 33) + `{"S":"x"}` + strings.Repeat(`]}`, 33) + `}}`, "deeper than 32"},
		{"trailing data", `{} {}`, "data after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := recordingClient(t, answer{Status: 200, Body: tt.answer})
			_, err := c.GetItem(ctx, &GetItemInput{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "GetItem: ") {
				t.Errorf("got %v, want GetItem: ...%s", err, tt.wantErr)
			}
			if len(*seen) != 1 {
				t.Errorf("got %d requests, want 1 (not retried)", len(*seen))
			}
		})
	}
}

func TestConditionalCheckFailedCarriesTheItem(t *testing.T) {
	body := `{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed","Item":{"PK":{"S":"ORG#o1"},"count":{"N":"4"}}}`
	c, seen := recordingClient(t, answer{Status: 400, Body: body})
	_, err := c.PutItem(context.Background(), &PutItemInput{ReturnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailureAllOld})
	var ccf *ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		t.Fatalf("got %v, want a *ConditionalCheckFailedException", err)
	}
	if diff := cmp.Diff(map[string]AttributeValue{"PK": s("ORG#o1"), "count": n("4")}, ccf.Item); diff != "" {
		t.Errorf("item (-want +got):\n%s", diff)
	}
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "ConditionalCheckFailedException" || api.ErrorMessage() != "The conditional request failed" {
		t.Errorf("got %v, want code and message", err)
	}
	if got, want := err.Error(), "PutItem: ConditionalCheckFailedException: The conditional request failed"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if len(*seen) != 1 {
		t.Errorf("got %d requests, want 1", len(*seen))
	}
}

func TestTransactionCanceledCarriesTheReasons(t *testing.T) {
	body := `{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","Message":"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",` +
		`"CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Message":"The conditional request failed","Item":{"PK":{"S":"a"}}}]}`
	c, seen := recordingClient(t, answer{Status: 400, Body: body})
	_, err := c.TransactWriteItems(context.Background(), &TransactWriteItemsInput{})
	var tce *TransactionCanceledException
	if !errors.As(err, &tce) {
		t.Fatalf("got %v, want a *TransactionCanceledException", err)
	}
	want := []CancellationReason{{Code: str("None")}, {Code: str("ConditionalCheckFailed"), Message: str("The conditional request failed"), Item: map[string]AttributeValue{"PK": s("a")}}}
	if diff := cmp.Diff(want, tce.CancellationReasons); diff != "" {
		t.Errorf("reasons (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(tce.ErrorMessage(), "Transaction cancelled") || tce.ErrorCode() != "TransactionCanceledException" {
		t.Errorf("got %q %q", tce.ErrorCode(), tce.ErrorMessage())
	}
	if len(*seen) != 1 {
		t.Errorf("got %d requests, want 1", len(*seen))
	}
}

// TestTransactionConflictIsNotRetried: a transaction cancelled for a TransactionConflict is
// not retried by the SDK's client either; the caller sees the reasons.
func TestTransactionConflictIsNotRetried(t *testing.T) {
	body := `{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","Message":"Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]",` +
		`"CancellationReasons":[{"Code":"TransactionConflict","Message":"Transaction is ongoing for the item"}]}`
	c, seen := recordingClient(t, answer{Status: 400, Body: body})
	_, err := c.TransactWriteItems(context.Background(), &TransactWriteItemsInput{})
	var tce *TransactionCanceledException
	if !errors.As(err, &tce) || len(tce.CancellationReasons) != 1 || aws.ToString(tce.CancellationReasons[0].Code) != "TransactionConflict" {
		t.Fatalf("got %v, want a *TransactionCanceledException for a TransactionConflict", err)
	}
	if len(*seen) != 1 {
		t.Errorf("got %d requests, want 1", len(*seen))
	}
}

func TestOtherExceptions(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		body     string
		requests int
		wantCode string
	}{
		{"missing table", 400, `{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}`, 1, "ResourceNotFoundException"},
		{"validation", 400, `{"__type":"com.amazon.coral.validate#ValidationException","message":"One or more parameter values were invalid"}`, 1, "ValidationException"},
		{"throughput exceeded, retried", 400, `{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}`, 3, "ProvisionedThroughputExceededException"},
		{"throttled, retried", 400, `{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate exceeded"}`, 3, "ThrottlingException"},
		{"request limit, retried", 400, `{"__type":"com.amazonaws.dynamodb.v20120810#RequestLimitExceeded","message":"Throughput exceeds the current throughput limit"}`, 3, "RequestLimitExceeded"},
		{"transaction in progress, retried", 400, `{"__type":"com.amazonaws.dynamodb.v20120810#TransactionInProgressException","message":"in progress"}`, 3, "TransactionInProgressException"},
		{"transaction conflict, not retried (as the SDK's)", 400, `{"__type":"com.amazonaws.dynamodb.v20120810#TransactionConflictException","message":"Transaction is ongoing for the item"}`, 1, "TransactionConflictException"},
		{"item collection too large, not retried", 400, `{"__type":"com.amazonaws.dynamodb.v20120810#ItemCollectionSizeLimitExceededException","message":"Item collection size limit exceeded"}`, 1, "ItemCollectionSizeLimitExceededException"},
		{"expired token, not retried", 400, `{"__type":"com.amazon.coral.service#ExpiredTokenException","message":"The security token included in the request is expired"}`, 1, "ExpiredTokenException"},
		{"server error, retried", 500, `{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"oops"}`, 3, "InternalServerError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := recordingClient(t, answer{Status: tt.status, Body: tt.body})
			_, err := c.UpdateItem(context.Background(), &UpdateItemInput{})
			var api smithy.APIError
			if !errors.As(err, &api) || api.ErrorCode() != tt.wantCode {
				t.Fatalf("got %v, want code %s", err, tt.wantCode)
			}
			var ae *awsjson.APIError
			if !errors.As(err, &ae) {
				t.Errorf("got %T, want an *awsjson.APIError in the chain", err)
			}
			if len(*seen) != tt.requests {
				t.Errorf("got %d requests, want %d", len(*seen), tt.requests)
			}
		})
	}
}

func TestChecksum(t *testing.T) {
	good := `{"Attributes":{"n":{"N":"1"}}}`
	altered := `{"Attributes":{"n":{"N":"9"}}}`
	tests := []struct {
		name     string
		answers  []answer
		options  func(*Options)
		requests int
		wantErr  bool
	}{
		{"matching", []answer{{Status: 200, Header: crcHeader(good), Body: good}}, nil, 1, false},
		{"absent", []answer{{Status: 200, Body: good}}, nil, 1, false},
		{"mismatch retried", []answer{{Status: 200, Header: crcHeader(good), Body: altered}, {Status: 200, Header: crcHeader(good), Body: good}}, nil, 2, false},
		{"mismatch every time", []answer{{Status: 200, Header: crcHeader(good), Body: altered}}, nil, 3, true},
		{"unreadable header", []answer{{Status: 200, Header: http.Header{"X-Amz-Crc32": {"x"}}, Body: good}, {Status: 200, Body: good}}, nil, 2, false},
		{"check disabled", []answer{{Status: 200, Header: crcHeader(good), Body: altered}}, func(o *Options) { o.DisableValidateResponseChecksum = true }, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := recordingClient(t, tt.answers...)
			var opts []func(*Options)
			if tt.options != nil {
				opts = append(opts, tt.options)
			}
			out, err := c.UpdateItem(context.Background(), &UpdateItemInput{}, opts...)
			if len(*seen) != tt.requests {
				t.Errorf("got %d requests, want %d", len(*seen), tt.requests)
			}
			var ce *awsjson.ChecksumError
			if tt.wantErr {
				if !errors.As(err, &ce) {
					t.Errorf("got %v, want a checksum error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.options == nil && !cmp.Equal(out.Attributes, map[string]AttributeValue{"n": n("1")}) {
				t.Errorf("got %v, want the good answer's", out.Attributes)
			}
		})
	}
}

func TestPerCallOptions(t *testing.T) {
	c, seen := recordingClient(t, answer{Status: 500, Body: `{}`})
	_, err := c.GetItem(context.Background(), &GetItemInput{}, func(o *Options) { o.RetryMaxAttempts = 1 })
	if err == nil || len(*seen) != 1 {
		t.Errorf("got %v after %d requests, want an error after 1", err, len(*seen))
	}
	_, _ = c.GetItem(context.Background(), &GetItemInput{}, func(o *Options) { o.BaseEndpoint = str("http://localhost:8000") })
	if got := (*seen)[len(*seen)-1]; !strings.HasPrefix(got, "POST http://localhost:8000/\n") {
		t.Errorf("got %q, want the call's endpoint", got)
	}
}

func TestEndpoint(t *testing.T) {
	tests := []struct {
		name, env string
		base      *string
		want      string
	}{
		{"regional", "", nil, "https://dynamodb.eu-west-2.amazonaws.com/"},
		{"config", "", str("http://localhost:4566"), "http://localhost:4566/"},
		{"environment wins", "http://localhost:5000", str("http://localhost:4566"), "http://localhost:5000/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EndpointEnv, tt.env)
			c := NewFromConfig(aws.Config{Region: "eu-west-2", BaseEndpoint: tt.base})
			if got := c.json.Endpoint(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAnswersAreNeverGzipped: DynamoDB compresses an answer when the request accepts gzip, and
// its X-Amz-Crc32 covers the compressed bytes; Go's transport would ask for gzip on its own and
// hand back the body decompressed, failing every check. The client asks for identity, as the
// SDK's does, so the answer arrives as sent and checks.
func TestAnswersAreNeverGzipped(t *testing.T) {
	body := `{"Item":{"PK":{"S":"` + strings.Repeat("x", 2000) + `"}}}`
	var accepted []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		accepted = append(accepted, r.Header.Get("Accept-Encoding"))
		sent := []byte(body)
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			_, _ = zw.Write(sent)
			_ = zw.Close()
			sent = b.Bytes()
			w.Header().Set("Content-Encoding", "gzip")
		}
		w.Header().Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(sent)), 10))
		_, _ = w.Write(sent)
	}))
	defer srv.Close()
	cfg := aws.Config{Region: "eu-west-2", BaseEndpoint: aws.String(srv.URL), HTTPClient: srv.Client(),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""), RetryMaxAttempts: 1}
	out, err := NewFromConfig(cfg).GetItem(context.Background(), &GetItemInput{TableName: aws.String("chat")})
	if err != nil {
		t.Fatalf("got %v, want the item", err)
	}
	if got := out.Item["PK"].(*AttributeValueMemberS).Value; len(got) != 2000 {
		t.Errorf("got a key of %d bytes, want 2000", len(got))
	}
	if want := []string{"identity"}; !cmp.Equal(accepted, want) {
		t.Errorf("got Accept-Encoding %q, want %q", accepted, want)
	}
}
