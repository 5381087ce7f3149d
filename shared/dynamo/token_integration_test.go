//go:build integration

package dynamo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/messaging"
)

var tokenT0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// putTestToken mints and stores a token for user of org, created at, valid 90 days.
func putTestToken(t *testing.T, s *Store, org, user, label string, at time.Time) (string, messaging.APIToken) {
	t.Helper()
	tok, err := NewToken(org)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.PutToken(context.Background(), tok, messaging.APIToken{OrgID: org, UserID: user, UserName: "Sam Staff", Label: label,
		Permissions: []string{messaging.PermWhatsAppSend}, CreatedAt: at, ExpiresAt: at.Add(90 * 24 * time.Hour)})
	if err != nil {
		t.Fatalf("PutToken: %v", err)
	}
	return tok, rec
}

func TestTokenRoundTrip(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	now := tokenT0
	p := messaging.Principal{OrgID: "o1", UserID: "u1", Name: "Sam Staff", Permissions: []string{messaging.PermWhatsAppSend}}
	tok, _ := putTestToken(t, s, "o1", "u1", "", now)
	got, err := s.Authenticate(ctx, tok, now)
	if err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("principal (-want +got):\n%s", diff)
	}

	random := tok[strings.LastIndexByte(tok, '_')+1:]
	other, _ := NewToken("o1")
	hex64 := strings.Repeat("ab", 32)
	denied := map[string]struct {
		token string
		now   time.Time
	}{
		"expired":   {tok, now.Add(90 * 24 * time.Hour)},
		"unknown":   {other, now},
		"wrong org": {"plk_o2_" + random, now},
		"malformed": {"plk_o1_short", now},
		"empty":     {"", now},
		// A well-shaped token whose organisation part would make a key over DynamoDB's 2048
		// bytes: refused before any read, never a ValidationException (500).
		"10 KB organisation": {"plk_" + strings.Repeat("a", 10<<10) + "_" + hex64, now},
		"10 KB of junk":      {strings.Repeat("x", 10<<10), now},
		"non-ASCII":          {"plk_ö_" + hex64, now},
		"invalid UTF-8":      {"plk_\xff\xfe_" + hex64, now},
		"control character":  {"plk_o\x001_" + hex64, now},
	}
	for name, tc := range denied {
		t.Run(name, func(t *testing.T) {
			_, err := s.Authenticate(ctx, tc.token, tc.now)
			if code := messaging.ErrorCode(err); code != messaging.CodeUnauthenticated {
				t.Errorf("got code %q (%v), want %q", code, err, messaging.CodeUnauthenticated)
			}
			if msg := messaging.ErrorMessage(err); msg != messaging.MsgAuthRequired {
				t.Errorf("got message %q, want %q", msg, messaging.MsgAuthRequired)
			}
		})
	}
}

func TestPutTokenRefusesOtherOrgPrincipal(t *testing.T) {
	s, _ := newTestStore(t)
	tok, _ := NewToken("o1")
	_, err := s.PutToken(context.Background(), tok, messaging.APIToken{OrgID: "o2", UserID: "u1", CreatedAt: tokenT0, ExpiresAt: tokenT0.Add(time.Hour)})
	if err == nil {
		t.Fatal("PutToken with a token of another organisation succeeded")
	}
	if strings.Contains(err.Error(), tok) {
		t.Errorf("error %q holds the token", err)
	}
}

// TestListTokens: an organisation sees its own tokens, oldest first, with their state, and
// nothing that would let anyone use one (neither the token nor its hash).
func TestListTokens(t *testing.T) {
	s, db := newTestStore(t)
	ctx := context.Background()
	tokA, a := putTestToken(t, s, "o1", "u1", "CRM", tokenT0)
	tokB, b := putTestToken(t, s, "o1", "u2", "", tokenT0.Add(time.Minute))
	putTestToken(t, s, "o2", "u9", "theirs", tokenT0)
	if _, err := s.RevokeToken(ctx, "o1", b.ID, tokenT0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	got, err := s.ListTokens(ctx, "o1", tokenT0.Add(2*time.Hour))
	if err != nil {
		t.Fatalf("ListTokens: %v", err)
	}
	revokedAt := tokenT0.Add(time.Hour)
	want := []messaging.APIToken{
		{ID: a.ID, OrgID: "o1", Label: "CRM", UserID: "u1", UserName: "Sam Staff", Permissions: []string{messaging.PermWhatsAppSend},
			Last4: tokA[len(tokA)-4:], Status: messaging.TokenActive, CreatedAt: tokenT0, ExpiresAt: tokenT0.Add(90 * 24 * time.Hour)},
		{ID: b.ID, OrgID: "o1", UserID: "u2", UserName: "Sam Staff", Permissions: []string{messaging.PermWhatsAppSend},
			Last4: tokB[len(tokB)-4:], Status: messaging.TokenRevoked, CreatedAt: tokenT0.Add(time.Minute),
			ExpiresAt: tokenT0.Add(time.Minute + 90*24*time.Hour), RevokedAt: &revokedAt},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tokens of o1 (-want +got):\n%s", diff)
	}
	if len(a.ID) != 26 || a.ID >= b.ID {
		t.Errorf("ids %q, %q: want ULIDs in minting order", a.ID, b.ID)
	}

	// What DynamoDB holds: the hash only, never the token nor its random part.
	raw, err := db.GetItem(ctx, &ddb.GetItemInput{TableName: aws.String(s.table), Key: tokenKey("o1", hashToken(tokA)).av()})
	if err != nil || raw.Item == nil {
		t.Fatalf("token item: %v", err)
	}
	for name, v := range raw.Item {
		if sv, ok := v.(*ddb.AttributeValueMemberS); ok && strings.Contains(sv.Value, tokA[len(tokA)-64:]) {
			t.Errorf("attribute %s holds the token", name)
		}
	}
}

// TestRevokeToken: a revoked token is refused from the next request; another organisation's
// token, an unknown id and a malformed id are not found, and revoking them changes nothing.
func TestRevokeToken(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tok, rec := putTestToken(t, s, "o1", "u1", "", tokenT0)
	theirs, theirRec := putTestToken(t, s, "o2", "u9", "", tokenT0)

	for name, id := range map[string]string{
		"another organisation's": theirRec.ID,
		"unknown":                "01JZZZZZZZZZZZZZZZZZZZZZZZ",
		"malformed":              "../" + rec.ID,
		"empty":                  "",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s.RevokeToken(ctx, "o1", id, tokenT0)
			if code, msg := messaging.ErrorCode(err), messaging.ErrorMessage(err); code != messaging.CodeNotFound || msg != messaging.MsgTokenAbsent {
				t.Errorf("got %q %q (%v), want not found %q", code, msg, err, messaging.MsgTokenAbsent)
			}
		})
	}
	if _, err := s.Authenticate(ctx, theirs, tokenT0); err != nil {
		t.Fatalf("o2's token after o1 tried to revoke it: %v", err)
	}

	at := tokenT0.Add(time.Hour)
	got, err := s.RevokeToken(ctx, "o1", strings.ToLower(rec.ID), at)
	if err != nil {
		t.Fatalf("RevokeToken: %v", err)
	}
	if got.ID != rec.ID || got.Status != messaging.TokenRevoked || got.RevokedAt == nil || !got.RevokedAt.Equal(at) {
		t.Errorf("revoked token = %+v", got)
	}
	if _, err := s.Authenticate(ctx, tok, at); messaging.ErrorCode(err) != messaging.CodeUnauthenticated {
		t.Errorf("Authenticate after revocation: %v, want unauthenticated", err)
	}
	again, err := s.RevokeToken(ctx, "o1", rec.ID, at.Add(time.Hour))
	if err != nil || again.RevokedAt == nil || !again.RevokedAt.Equal(at) {
		t.Errorf("second revocation = %+v, %v; want the first time kept", again, err)
	}
}
