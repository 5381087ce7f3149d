package console

import (
	"context"
	"crypto/subtle"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// Sessions signs staff in with one-time codes and resolves their sessions.
type Sessions struct {
	Store Store
	Now   func() time.Time
}

// denied is the one answer for every sign-in or session that does not hold.
func denied() error {
	return messaging.Errorf(messaging.CodeUnauthenticated, messaging.MsgAuthRequired)
}

// Mint stores a one-time sign-in code for the principal, valid for SignInTTL: what a sign-in
// link carries (made by the platform, an operator or the staff member's WhatsApp).
func (s *Sessions) Mint(ctx context.Context, p messaging.Principal) (string, time.Time, error) {
	code, err := NewSecret(p.OrgID)
	if err != nil {
		return "", time.Time{}, err
	}
	expires := s.Now().Add(SignInTTL).UTC()
	if err := s.Store.PutSignIn(ctx, p.OrgID, HashSecret(code), p, expires); err != nil {
		return "", time.Time{}, fmt.Errorf("console: mint sign-in for user %s of %s: %w", p.UserID, p.OrgID, err)
	}
	return code, expires, nil
}

// Redeem uses up a sign-in code and opens a session: its id (the cookie's value) and the
// session with its CSRF token. A malformed, unknown, used or expired code is unauthenticated.
func (s *Sessions) Redeem(ctx context.Context, code string) (string, Session, error) {
	org, ok := ParseSecret(code)
	if !ok {
		return "", Session{}, denied()
	}
	now := s.Now()
	p, err := s.Store.TakeSignIn(ctx, org, HashSecret(code), now)
	if err != nil {
		return "", Session{}, err
	}
	if p.OrgID != org {
		return "", Session{}, denied()
	}
	id, err := NewSecret(org)
	if err != nil {
		return "", Session{}, err
	}
	csrf, err := NewSecret(org)
	if err != nil {
		return "", Session{}, err
	}
	sess := Session{Principal: p, CSRF: csrf, ExpiresAt: now.Add(SessionTTL).UTC()}
	if err := s.Store.PutSession(ctx, org, HashSecret(id), sess); err != nil {
		return "", Session{}, fmt.Errorf("console: open session for user %s of %s: %w", p.UserID, org, err)
	}
	return id, sess, nil
}

// Resolve returns the session a cookie's id stands for; a malformed, unknown, ended or
// expired one is unauthenticated.
func (s *Sessions) Resolve(ctx context.Context, id string) (Session, error) {
	org, ok := ParseSecret(id)
	if !ok {
		return Session{}, denied()
	}
	sess, err := s.Store.Session(ctx, org, HashSecret(id))
	if err != nil {
		return Session{}, err
	}
	if sess.Principal.OrgID != org || !sess.Active(s.Now()) {
		return Session{}, denied()
	}
	return sess, nil
}

// End ends the session the id stands for.
func (s *Sessions) End(ctx context.Context, id string) error {
	org, ok := ParseSecret(id)
	if !ok {
		return nil
	}
	return s.Store.EndSession(ctx, org, HashSecret(id))
}

// CheckCSRF refuses a write whose token is not the session's (constant-time compare).
func CheckCSRF(sess Session, token string) error {
	if token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(sess.CSRF)) != 1 {
		return messaging.Errorf(messaging.CodeForbidden, MsgCSRF)
	}
	return nil
}

// MsgCSRF is the refusal of a console write without the session's CSRF token.
const MsgCSRF = "Missing or invalid CSRF token: send the token from GET /api/security/csrf-token in the X-CSRF-Token header"
