package ddb

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pages answers Query with its pages in turn, recording the inputs.
type pages struct {
	out []*QueryOutput
	in  []QueryInput
}

func (p *pages) Query(_ context.Context, in *QueryInput, _ ...func(*Options)) (*QueryOutput, error) {
	p.in = append(p.in, *in)
	o := p.out[0]
	p.out = p.out[1:]
	return o, nil
}

func TestQueryPaginator(t *testing.T) {
	k1 := map[string]AttributeValue{"PK": s("1")}
	tests := []struct {
		name      string
		out       []*QueryOutput
		wantPages int
		wantStart []map[string]AttributeValue
	}{
		{"one page", []*QueryOutput{{Count: 1}}, 1, []map[string]AttributeValue{nil}},
		{"two pages", []*QueryOutput{{LastEvaluatedKey: k1}, {}}, 2, []map[string]AttributeValue{nil, k1}},
		{"empty key ends", []*QueryOutput{{LastEvaluatedKey: map[string]AttributeValue{}}}, 1, []map[string]AttributeValue{nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &pages{out: tt.out}
			p := NewQueryPaginator(api, &QueryInput{TableName: str("chat"), Limit: new(int32(2))})
			got := 0
			for p.HasMorePages() {
				if _, err := p.NextPage(context.Background()); err != nil {
					t.Fatal(err)
				}
				got++
			}
			if got != tt.wantPages {
				t.Errorf("got %d pages, want %d", got, tt.wantPages)
			}
			for i, in := range api.in {
				if *in.Limit != 2 || *in.TableName != "chat" || !cmp.Equal(in.ExclusiveStartKey, tt.wantStart[i]) {
					t.Errorf("page %d: got input %+v", i, in)
				}
			}
			if _, err := p.NextPage(context.Background()); err == nil {
				t.Error("NextPage after the last: want an error")
			}
		})
	}
}
