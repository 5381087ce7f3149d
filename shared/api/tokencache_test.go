package api

import (
	"context"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// countingAuth is a Store whose Authenticate answers from a token table and counts its reads.
type countingAuth struct {
	Store
	tokens map[string]messaging.Principal
	reads  int
}

func (c *countingAuth) Authenticate(_ context.Context, token string, _ time.Time) (messaging.Principal, error) {
	c.reads++
	p, ok := c.tokens[token]
	if !ok {
		return messaging.Principal{}, messaging.Errorf(messaging.CodeUnauthenticated, messaging.MsgAuthRequired)
	}
	return p, nil
}

func TestTokenCache(t *testing.T) {
	sam := messaging.Principal{OrgID: "org1", UserID: "u1", Name: "Sam"}
	type step struct {
		at       time.Duration // after t0
		revoke   bool          // revoke the token (in the store) before this step
		mint     bool          // mint the token (in the store) before this step
		wantOK   bool
		wantRead bool // the store was read for this step
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"a fresh entry answers without a read", []step{
			{at: 0, mint: true, wantOK: true, wantRead: true},
			{at: 5 * time.Second, wantOK: true},
			{at: TokenCacheTTL - time.Millisecond, wantOK: true},
		}},
		{"a revoked token is refused once its entry is TTL old", []step{
			{at: 0, mint: true, wantOK: true, wantRead: true},
			{at: time.Second, revoke: true, wantOK: true},
			{at: TokenCacheTTL, wantOK: false, wantRead: true},
			{at: TokenCacheTTL + time.Second, wantOK: false, wantRead: true},
		}},
		{"a refusal is not remembered", []step{
			{at: 0, wantOK: false, wantRead: true},
			{at: time.Second, mint: true, wantOK: true, wantRead: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &countingAuth{tokens: map[string]messaging.Principal{}}
			c := CacheTokens(store, TokenCacheTTL)
			for i, st := range tt.steps {
				if st.mint {
					store.tokens["tok"] = sam
				}
				if st.revoke {
					delete(store.tokens, "tok")
				}
				before := store.reads
				p, err := c.Authenticate(context.Background(), "tok", t0.Add(st.at))
				if got := err == nil; got != st.wantOK {
					t.Fatalf("step %d: authenticated %v (err %v), want %v", i, got, err, st.wantOK)
				}
				if st.wantOK && (p.OrgID != sam.OrgID || p.UserID != sam.UserID) {
					t.Errorf("step %d: principal %+v, want %+v", i, p, sam)
				}
				if got := store.reads > before; got != st.wantRead {
					t.Errorf("step %d: store read %v, want %v", i, got, st.wantRead)
				}
			}
		})
	}
}
