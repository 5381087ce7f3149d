//go:build integration

package dynamo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/messaging"
)

func TestTokenRoundTrip(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	p := messaging.Principal{OrgID: "o1", UserID: "u1", Name: "Sam Staff", Permissions: []string{messaging.PermWhatsAppSend}}
	tok, err := NewToken("o1")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutToken(ctx, tok, p, now.Add(90*24*time.Hour)); err != nil {
		t.Fatalf("PutToken: %v", err)
	}
	got, err := s.Authenticate(ctx, tok, now)
	if err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("principal (-want +got):\n%s", diff)
	}

	random := tok[strings.LastIndexByte(tok, '_')+1:]
	other, _ := NewToken("o1")
	denied := map[string]struct {
		token string
		now   time.Time
	}{
		"expired":   {tok, now.Add(90 * 24 * time.Hour)},
		"unknown":   {other, now},
		"wrong org": {"plk_o2_" + random, now},
		"malformed": {"plk_o1_short", now},
		"empty":     {"", now},
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
	err := s.PutToken(context.Background(), tok, messaging.Principal{OrgID: "o2", UserID: "u1"}, time.Now().Add(time.Hour))
	if err == nil {
		t.Fatal("PutToken with a token of another organisation succeeded")
	}
	if strings.Contains(err.Error(), tok) {
		t.Errorf("error %q holds the token", err)
	}
}
