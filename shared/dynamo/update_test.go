package dynamo

import (
	"testing"

	"github.com/proplink/chat/shared/ddb"
)

func TestUpdateExpression(t *testing.T) {
	s := func(v string) ddb.AttributeValue { return &ddb.AttributeValueMemberS{Value: v} }
	tests := []struct {
		name      string
		build     func(u *update)
		want      string
		wantEmpty bool
	}{
		{"nothing", func(*update) {}, "", true},
		{"sets only", func(u *update) { u.set("a", s("1")); u.set("b", s("2")) }, "SET #a = :a, #b = :b", false},
		{"removes only", func(u *update) { u.remove("lease_until") }, "REMOVE #lease_until", false},
		{"both", func(u *update) { u.set("a", s("1")); u.remove("errors") }, "SET #a = :a REMOVE #errors", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := newUpdate()
			tt.build(u)
			if got := u.expression(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if got := u.empty(); got != tt.wantEmpty {
				t.Errorf("empty: got %v, want %v", got, tt.wantEmpty)
			}
		})
	}
}
