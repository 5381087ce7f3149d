//go:build integration

package ddb

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/dynamo/dynamotest"
)

var moto *motoserver.Server

func TestMain(m *testing.M) { os.Exit(motoserver.RunTests(m, &moto)) }

// newTable returns our client on moto and a fresh table (PK, SK; GSI1).
func newTable(t *testing.T) (*Client, *string) {
	t.Helper()
	t.Setenv(EndpointEnv, "")
	cfg := moto.Config()
	return NewFromConfig(cfg), aws.String(dynamotest.CreateTable(t, cfg))
}

func TestIntegrationItemWrites(t *testing.T) {
	ctx := context.Background()
	c, table := newTable(t)
	k := map[string]AttributeValue{"PK": s("ORG#o1"), "SK": s("CONV#1")}
	full := map[string]AttributeValue{"PK": s("ORG#o1"), "SK": s("CONV#1"), "text": s("hi <&> ☃"), "n": n("1"),
		"m": &AttributeValueMemberM{Value: map[string]AttributeValue{"l": &AttributeValueMemberL{Value: []AttributeValue{&AttributeValueMemberBOOL{Value: true}, &AttributeValueMemberNULL{Value: true}}}}},
		"b": &AttributeValueMemberB{Value: []byte{0, 0xff}}, "ss": &AttributeValueMemberSS{Value: []string{"a"}}}
	if _, err := c.PutItem(ctx, &PutItemInput{TableName: table, Item: full, ConditionExpression: aws.String("attribute_not_exists(PK)")}); err != nil {
		t.Fatalf("PutItem: %v", err)
	}
	got, err := c.GetItem(ctx, &GetItemInput{TableName: table, Key: k, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatalf("GetItem: %v", err)
	}
	if diff := cmp.Diff(full, got.Item); diff != "" {
		t.Errorf("item read back (-put +got):\n%s", diff)
	}

	t.Run("conditional failure returns the old item", func(t *testing.T) {
		_, err := c.PutItem(ctx, &PutItemInput{TableName: table, Item: k, ConditionExpression: aws.String("attribute_not_exists(PK)"),
			ReturnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailureAllOld})
		var ccf *ConditionalCheckFailedException
		if !errors.As(err, &ccf) {
			t.Fatalf("got %v, want a *ConditionalCheckFailedException", err)
		}
		if diff := cmp.Diff(full, ccf.Item); diff != "" {
			t.Errorf("old item (-want +got):\n%s", diff)
		}
	})
	t.Run("update returns all new", func(t *testing.T) {
		out, err := c.UpdateItem(ctx, &UpdateItemInput{TableName: table, Key: k, UpdateExpression: aws.String("ADD #n :one SET #t = :t"),
			ExpressionAttributeNames: map[string]string{"#n": "n", "#t": "text"}, ExpressionAttributeValues: map[string]AttributeValue{":one": n("1"), ":t": s("bye")},
			ReturnValues: ReturnValueAllNew})
		if err != nil {
			t.Fatalf("UpdateItem: %v", err)
		}
		want := map[string]AttributeValue{}
		for k, v := range full {
			want[k] = v
		}
		want["n"], want["text"] = n("2"), s("bye")
		if diff := cmp.Diff(want, out.Attributes); diff != "" {
			t.Errorf("attributes (-want +got):\n%s", diff)
		}
	})
	t.Run("delete returns all old", func(t *testing.T) {
		out, err := c.DeleteItem(ctx, &DeleteItemInput{TableName: table, Key: k, ConditionExpression: aws.String("attribute_exists(PK)"), ReturnValues: ReturnValueAllOld})
		if err != nil {
			t.Fatalf("DeleteItem: %v", err)
		}
		if got := out.Attributes["text"]; !cmp.Equal(got, AttributeValue(s("bye"))) {
			t.Errorf("got %v, want the deleted item", out.Attributes)
		}
		got, err := c.GetItem(ctx, &GetItemInput{TableName: table, Key: k})
		if err != nil || got.Item != nil {
			t.Errorf("got %v, %v, want no item", got, err)
		}
	})
	t.Run("missing table", func(t *testing.T) {
		_, err := c.GetItem(ctx, &GetItemInput{TableName: aws.String("nope"), Key: k})
		var api interface{ ErrorCode() string }
		if !errors.As(err, &api) || api.ErrorCode() != "ResourceNotFoundException" {
			t.Errorf("got %v, want ResourceNotFoundException", err)
		}
	})
}

func TestIntegrationQueryAndBatches(t *testing.T) {
	ctx := context.Background()
	c, table := newTable(t)
	var puts []WriteRequest
	for i := range 7 {
		puts = append(puts, WriteRequest{PutRequest: &PutRequest{Item: map[string]AttributeValue{"PK": s("ORG#o1"), "SK": s(fmt.Sprintf("MSG#%02d", i)), "i": n(fmt.Sprint(i))}}})
	}
	out, err := c.BatchWriteItem(ctx, &BatchWriteItemInput{RequestItems: map[string][]WriteRequest{*table: puts}})
	if err != nil || len(out.UnprocessedItems) != 0 {
		t.Fatalf("BatchWriteItem: %v, unprocessed %v", err, out)
	}

	t.Run("query pages with limit", func(t *testing.T) {
		p := NewQueryPaginator(c, &QueryInput{TableName: table, KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :p)"),
			ExpressionAttributeValues: map[string]AttributeValue{":pk": s("ORG#o1"), ":p": s("MSG#")}, Limit: aws.Int32(3), ScanIndexForward: aws.Bool(false)})
		var sks []string
		pages := 0
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("NextPage: %v", err)
			}
			pages++
			if int(page.Count) != len(page.Items) || len(page.Items) > 3 {
				t.Errorf("page %d: count %d, %d items", pages, page.Count, len(page.Items))
			}
			for _, it := range page.Items {
				sks = append(sks, it["SK"].(*AttributeValueMemberS).Value)
			}
		}
		want := []string{"MSG#06", "MSG#05", "MSG#04", "MSG#03", "MSG#02", "MSG#01", "MSG#00"}
		if !cmp.Equal(sks, want) || pages < 3 {
			t.Errorf("got %v in %d pages, want %v in at least 3", sks, pages, want)
		}
	})
	t.Run("query count", func(t *testing.T) {
		out, err := c.Query(ctx, &QueryInput{TableName: table, KeyConditionExpression: aws.String("PK = :pk"), ExpressionAttributeValues: map[string]AttributeValue{":pk": s("ORG#o1")}, Select: SelectCount})
		if err != nil || out.Count != 7 {
			t.Errorf("got %+v, %v, want count 7", out, err)
		}
	})
	t.Run("scan", func(t *testing.T) {
		out, err := c.Scan(ctx, &ScanInput{TableName: table, FilterExpression: aws.String("i >= :three"), ExpressionAttributeValues: map[string]AttributeValue{":three": n("3")}})
		if err != nil || len(out.Items) != 4 {
			t.Errorf("got %+v, %v, want 4 items", out, err)
		}
	})
	t.Run("batch get", func(t *testing.T) {
		out, err := c.BatchGetItem(ctx, &BatchGetItemInput{RequestItems: map[string]KeysAndAttributes{*table: {Keys: []map[string]AttributeValue{
			{"PK": s("ORG#o1"), "SK": s("MSG#01")}, {"PK": s("ORG#o1"), "SK": s("MSG#05")}, {"PK": s("ORG#o1"), "SK": s("MSG#99")}}, ProjectionExpression: aws.String("SK, i")}}})
		if err != nil {
			t.Fatalf("BatchGetItem: %v", err)
		}
		got := map[string]string{}
		for _, it := range out.Responses[*table] {
			got[it["SK"].(*AttributeValueMemberS).Value] = it["i"].(*AttributeValueMemberN).Value
		}
		if want := map[string]string{"MSG#01": "1", "MSG#05": "5"}; !cmp.Equal(got, want) || len(out.UnprocessedKeys) != 0 {
			t.Errorf("got %v, unprocessed %v, want %v", got, out.UnprocessedKeys, want)
		}
	})
	t.Run("batch delete", func(t *testing.T) {
		_, err := c.BatchWriteItem(ctx, &BatchWriteItemInput{RequestItems: map[string][]WriteRequest{*table: {{DeleteRequest: &DeleteRequest{Key: map[string]AttributeValue{"PK": s("ORG#o1"), "SK": s("MSG#00")}}}}}})
		if err != nil {
			t.Fatal(err)
		}
		out, err := c.Query(ctx, &QueryInput{TableName: table, KeyConditionExpression: aws.String("PK = :pk"), ExpressionAttributeValues: map[string]AttributeValue{":pk": s("ORG#o1")}, Select: SelectCount})
		if err != nil || out.Count != 6 {
			t.Errorf("got %+v, %v, want count 6", out, err)
		}
	})
}

func TestIntegrationTransactions(t *testing.T) {
	ctx := context.Background()
	c, table := newTable(t)
	a := map[string]AttributeValue{"PK": s("T"), "SK": s("a")}
	b := map[string]AttributeValue{"PK": s("T"), "SK": s("b")}
	_, err := c.TransactWriteItems(ctx, &TransactWriteItemsInput{TransactItems: []TransactWriteItem{
		{Put: &Put{TableName: table, Item: map[string]AttributeValue{"PK": s("T"), "SK": s("a"), "v": n("1")}, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
		{Update: &Update{TableName: table, Key: b, UpdateExpression: aws.String("SET v = :v"), ExpressionAttributeValues: map[string]AttributeValue{":v": n("2")}}},
	}})
	if err != nil {
		t.Fatalf("TransactWriteItems: %v", err)
	}
	_, err = c.TransactWriteItems(ctx, &TransactWriteItemsInput{TransactItems: []TransactWriteItem{
		{ConditionCheck: &ConditionCheck{TableName: table, Key: b, ConditionExpression: aws.String("v = :v"), ExpressionAttributeValues: map[string]AttributeValue{":v": n("2")}}},
		{Put: &Put{TableName: table, Item: a, ConditionExpression: aws.String("attribute_not_exists(PK)"), ReturnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailureAllOld}},
		{Put: &Put{TableName: table, Item: map[string]AttributeValue{"PK": s("T"), "SK": s("c")}}},
	}})
	var tce *TransactionCanceledException
	if !errors.As(err, &tce) {
		t.Fatalf("got %v, want a *TransactionCanceledException", err)
	}
	if len(tce.CancellationReasons) != 3 || aws.ToString(tce.CancellationReasons[0].Code) != "None" || aws.ToString(tce.CancellationReasons[1].Code) != "ConditionalCheckFailed" {
		t.Fatalf("reasons %+v, want None, ConditionalCheckFailed, None", tce.CancellationReasons)
	}
	if got := tce.CancellationReasons[1].Item["v"]; !cmp.Equal(got, AttributeValue(n("1"))) {
		t.Errorf("reason's item %v, want the old item (v=1)", tce.CancellationReasons[1].Item)
	}
	got, err := c.GetItem(ctx, &GetItemInput{TableName: table, Key: map[string]AttributeValue{"PK": s("T"), "SK": s("c")}})
	if err != nil || got.Item != nil {
		t.Errorf("got %v, %v: the cancelled put must not have happened", got, err)
	}
}
