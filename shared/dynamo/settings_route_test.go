package dynamo

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/ddb"
)

// pagedIndex answers Query with one page per call, as DynamoDB does past 1 MB.
type pagedIndex struct {
	api
	pages [][]string
	asked []*ddb.QueryInput
}

func (p *pagedIndex) Query(_ context.Context, in *ddb.QueryInput, _ ...func(*ddb.Options)) (*ddb.QueryOutput, error) {
	cp := *in
	p.asked = append(p.asked, &cp)
	i := len(p.asked) - 1
	out := &ddb.QueryOutput{}
	for _, org := range p.pages[i] {
		out.Items = append(out.Items, map[string]ddb.AttributeValue{"GSI1SK": sv(org)})
	}
	if i+1 < len(p.pages) {
		out.LastEvaluatedKey = map[string]ddb.AttributeValue{"GSI1SK": sv(p.pages[i][len(p.pages[i])-1])}
	}
	return out, nil
}

func TestConfiguredOrgsFollowsPages(t *testing.T) {
	db := &pagedIndex{pages: [][]string{{"a", "b"}, {"c"}, {"d"}}}
	got, err := newStore(db, "t").ConfiguredOrgs(context.Background())
	if err != nil {
		t.Fatalf("ConfiguredOrgs: %v", err)
	}
	if diff := cmp.Diff([]string{"a", "b", "c", "d"}, got); diff != "" {
		t.Errorf("organisations (-want +got):\n%s", diff)
	}
	if got, want := len(db.asked), 3; got != want {
		t.Fatalf("queries: got %d, want %d", got, want)
	}
	for i, in := range db.asked {
		if aws.ToString(in.IndexName) != "GSI1" {
			t.Errorf("query %d: index %q, want GSI1", i, aws.ToString(in.IndexName))
		}
		if pk := in.ExpressionAttributeValues[":pk"].(*ddb.AttributeValueMemberS).Value; pk != "ORGS#WHATSAPP" {
			t.Errorf("query %d: partition %q, want ORGS#WHATSAPP", i, pk)
		}
		if (i == 0) != (in.ExclusiveStartKey == nil) {
			t.Errorf("query %d: start key %v", i, in.ExclusiveStartKey)
		}
	}
}
