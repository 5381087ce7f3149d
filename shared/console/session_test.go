package console

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func TestSecretRoundTrip(t *testing.T) {
	v, err := NewSecret("demo.org-1")
	if err != nil {
		t.Fatal(err)
	}
	org, ok := ParseSecret(v)
	if !ok || org != "demo.org-1" {
		t.Errorf("ParseSecret(%q) = %q, %v; want demo.org-1, true", v, org, ok)
	}
	if _, err := NewSecret("bad org"); err == nil {
		t.Errorf("NewSecret of an organisation id with a space: got no error")
	}
}

func TestParseSecretRefusesMalformed(t *testing.T) {
	good, err := NewSecret("demo")
	if err != nil {
		t.Fatal(err)
	}
	random := good[len("demo."):]
	tests := map[string]string{
		"empty":             "",
		"no organisation":   "." + random,
		"no separator":      "demo" + random,
		"short random part": "demo." + random[:20],
		"not base64url":     "demo." + strings.Repeat("!", len(random)),
		"reserved char":     "de;mo." + random,
		"too long":          strings.Repeat("o", maxOrgLen+1) + "." + random,
	}
	for name, v := range tests {
		t.Run(name, func(t *testing.T) {
			if org, ok := ParseSecret(v); ok {
				t.Errorf("ParseSecret(%q) = %q, true; want false", v, org)
			}
		})
	}
}

func FuzzParseSecret(f *testing.F) {
	good, _ := NewSecret("demo")
	for _, s := range []string{good, "", ".", "demo.", "a.b.c", good + "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		org, ok := ParseSecret(v)
		if !ok {
			return
		}
		if !validOrg(org) || !strings.HasPrefix(v, org+".") {
			t.Fatalf("ParseSecret(%q) accepted organisation %q", v, org)
		}
	})
}

// newSessions is a Sessions over a fresh memStore at a settable clock.
func newSessions() (*Sessions, *memStore, *time.Time) {
	st, now := newMemStore(), t0
	return &Sessions{Store: st, Now: func() time.Time { return now }}, st, &now
}

var staff = messaging.Principal{OrgID: "demo", UserID: "u1", Name: "Sam", Permissions: []string{messaging.PermWhatsAppSend}}

func TestSignInLinkWorksOnce(t *testing.T) {
	s, _, _ := newSessions()
	ctx := context.Background()
	code, expires, err := s.Mint(ctx, staff)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := expires, t0.Add(SignInTTL); !got.Equal(want) {
		t.Errorf("code expires %s, want %s", got, want)
	}
	id, sess, err := s.Redeem(ctx, code)
	if err != nil {
		t.Fatalf("first redeem: %v", err)
	}
	if sess.Principal.UserID != "u1" || sess.CSRF == "" || id == "" || id == sess.CSRF {
		t.Errorf("session = %+v (id %q); want u1's with its own CSRF token", sess, id)
	}
	if _, _, err := s.Redeem(ctx, code); messaging.ErrorCode(err) != messaging.CodeUnauthenticated {
		t.Errorf("second redeem: got %v, want unauthenticated", err)
	}
	got, err := s.Resolve(ctx, id)
	if err != nil || got.Principal.UserID != "u1" {
		t.Errorf("Resolve = %+v, %v; want u1's session", got, err)
	}
}

func TestSignInAndSessionRefusals(t *testing.T) {
	ctx := context.Background()
	t.Run("expired code", func(t *testing.T) {
		s, _, now := newSessions()
		code, _, _ := s.Mint(ctx, staff)
		*now = t0.Add(SignInTTL)
		if _, _, err := s.Redeem(ctx, code); messaging.ErrorCode(err) != messaging.CodeUnauthenticated {
			t.Errorf("got %v, want unauthenticated", err)
		}
	})
	t.Run("code with another organisation's prefix", func(t *testing.T) {
		s, _, _ := newSessions()
		code, _, _ := s.Mint(ctx, staff)
		if _, _, err := s.Redeem(ctx, "rival"+strings.TrimPrefix(code, "demo")); messaging.ErrorCode(err) != messaging.CodeUnauthenticated {
			t.Errorf("got %v, want unauthenticated", err)
		}
	})
	t.Run("expired session", func(t *testing.T) {
		s, _, now := newSessions()
		code, _, _ := s.Mint(ctx, staff)
		id, _, _ := s.Redeem(ctx, code)
		*now = t0.Add(SessionTTL + time.Second)
		if _, err := s.Resolve(ctx, id); messaging.ErrorCode(err) != messaging.CodeUnauthenticated {
			t.Errorf("got %v, want unauthenticated", err)
		}
	})
	t.Run("ended session", func(t *testing.T) {
		s, _, _ := newSessions()
		code, _, _ := s.Mint(ctx, staff)
		id, _, _ := s.Redeem(ctx, code)
		if err := s.End(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Resolve(ctx, id); messaging.ErrorCode(err) != messaging.CodeUnauthenticated {
			t.Errorf("got %v, want unauthenticated", err)
		}
	})
	t.Run("malformed cookie", func(t *testing.T) {
		s, _, _ := newSessions()
		if _, err := s.Resolve(ctx, "demo.nope"); messaging.ErrorCode(err) != messaging.CodeUnauthenticated {
			t.Errorf("got %v, want unauthenticated", err)
		}
	})
}

func TestCheckCSRF(t *testing.T) {
	sess := Session{CSRF: "demo.token"}
	tests := []struct {
		name, token string
		ok          bool
	}{
		{"the session's token", "demo.token", true},
		{"missing", "", false},
		{"another token", "demo.tokem", false},
		{"prefix of it", "demo.toke", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCSRF(sess, tt.token)
			if got := err == nil; got != tt.ok {
				t.Errorf("CheckCSRF(%q) = %v, want ok %v", tt.token, err, tt.ok)
			}
			if err != nil && messaging.ErrorCode(err) != messaging.CodeForbidden {
				t.Errorf("refusal code = %s, want forbidden", messaging.ErrorCode(err))
			}
		})
	}
}
