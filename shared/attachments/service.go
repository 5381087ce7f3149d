package attachments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// MaxURLTTL is the longest a presigned URL the service hands out stays valid.
const MaxURLTTL = 15 * time.Minute

// Service fetches, checks, keeps and hands out attachments.
type Service struct {
	Source   MediaSource
	Uploader MediaUploader
	Blobs    Blobs
	Store    Store
	Secrets  Secrets
	Now      func() time.Time
	NewID    func() string
	// URLTTL is how long presigned URLs live; MaxURLTTL when zero or longer.
	URLTTL time.Duration
	// MaxRefetch is how many times an expired download URL is fetched afresh; 2 when zero.
	MaxRefetch int
	// Events tells the organisation's platform of each stored inbound attachment
	// (attachment.stored); when nil, nothing is emitted.
	Events EventPublisher
}

// Refusal is a final "no" for a file: too large, denied, disguised, or gone at the provider.
// Retrying cannot help; the attachment is recorded as failed with Reason.
type Refusal struct {
	Reason string
}

func (r *Refusal) Error() string { return "attachments: refused: " + r.Reason }

// refuse returns a *Refusal with a formatted reason.
func refuse(format string, args ...any) *Refusal {
	return &Refusal{Reason: fmt.Sprintf(format, args...)}
}

// IsRefusal reports whether err is a final refusal, and its reason.
func IsRefusal(err error) (string, bool) {
	var r *Refusal
	if errors.As(err, &r) {
		return r.Reason, true
	}
	return "", false
}

// ttl is the presigned URL lifetime.
func (s *Service) ttl() time.Duration {
	if s.URLTTL <= 0 || s.URLTTL > MaxURLTTL {
		return MaxURLTTL
	}
	return s.URLTTL
}

// account builds the provider account of an organisation from its settings and token.
func (s *Service) account(ctx context.Context, orgID string) (whatsapp.Account, error) {
	st, err := s.Store.GetSettings(ctx, orgID)
	if err != nil {
		return whatsapp.Account{}, fmt.Errorf("attachments: settings of %s: %w", orgID, err)
	}
	acct, err := whatsapp.LoadAccount(ctx, s.Secrets, st)
	if err != nil {
		return whatsapp.Account{}, fmt.Errorf("attachments: %w", err)
	}
	return acct, nil
}

// Get returns the organisation's attachment and, when its bytes are stored, a presigned GET
// URL valid for at most MaxURLTTL and the time it expires. Another organisation's attachment
// is not found, exactly like one that does not exist.
func (s *Service) Get(ctx context.Context, orgID, id string) (Attachment, string, time.Time, error) {
	if !validID(id) {
		return Attachment{}, "", time.Time{}, notFound()
	}
	a, err := s.Store.GetAttachment(ctx, orgID, id)
	if err != nil {
		if messaging.ErrorCode(err) == messaging.CodeNotFound {
			return Attachment{}, "", time.Time{}, notFound()
		}
		return Attachment{}, "", time.Time{}, fmt.Errorf("attachments: get %s: %w", id, err)
	}
	if a.Status != StatusStored || !strings.HasPrefix(a.Key, OrgPrefix(orgID)) {
		return a, "", time.Time{}, nil
	}
	ttl := s.ttl()
	u, err := s.Blobs.PresignGet(ctx, a.Key, ttl, a.FileName, a.ContentType)
	if err != nil {
		return Attachment{}, "", time.Time{}, fmt.Errorf("attachments: presign %s: %w", id, err)
	}
	return a, u, s.Now().Add(ttl).UTC(), nil
}

// notFound is the one answer for an attachment the caller may not see.
func notFound() error { return messaging.Errorf(messaging.CodeNotFound, "Attachment not found") }

// validID reports whether id looks like an attachment id (a ULID).
func validID(id string) bool {
	if len(id) != 26 {
		return false
	}
	for _, r := range id {
		if !strings.ContainsRune("0123456789ABCDEFGHJKMNPQRSTVWXYZ", r) {
			return false
		}
	}
	return true
}
