package attachments

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// UploadRequest is what staff say about a file they are about to upload.
type UploadRequest struct {
	FileName    string `json:"file_name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// Upload is where to put the file: a presigned PUT that accepts exactly the announced size and
// type, and the attachment a reply then carries.
type Upload struct {
	Attachment Attachment        `json:"attachment"`
	URL        string            `json:"upload_url"`
	Method     string            `json:"method"`
	Headers    map[string]string `json:"headers"`
	ExpiresAt  time.Time         `json:"expires_at"`
}

// maxFileName bounds a file name as sent.
const maxFileName = 255

// CreateUpload checks an upload request (allowed type, size within WhatsApp's limit for the
// kind it is sent as, no executable name), records a pending outbound attachment and returns a
// presigned PUT for it.
func (s *Service) CreateUpload(ctx context.Context, orgID, userID string, req UploadRequest) (Upload, error) {
	// Shape first (400, as the OpenAPI document states it), then what the file is (422).
	name := strings.Trim(req.FileName, " \t\n\f\r")
	ct := baseType(req.ContentType)
	kind, ok := OutboundKind(ct)
	switch {
	case name == "":
		return Upload{}, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: file_name")
	case utf8.RuneCountInString(req.FileName) > maxFileName:
		return Upload{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: file_name (at most %d characters)", maxFileName)
	case req.ContentType == "":
		return Upload{}, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: content_type")
	case !ok || ct != req.ContentType:
		return Upload{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: content_type (%s cannot be sent on WhatsApp)", req.ContentType)
	case req.Size <= 0 || req.Size > MaxSize(KindDocument, false):
		return Upload{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: size (1 byte to %s)", humanSize(MaxSize(KindDocument, false)))
	}
	if r := Denied(name, ct, ct); r != "" {
		return Upload{}, messaging.Errorf(messaging.CodeUnprocessable, "File not allowed: %s", r)
	}
	if limit := MaxSize(kind, false); req.Size > limit {
		return Upload{}, messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: size (1 byte to %s for %s)", humanSize(limit), kind)
	}
	now := s.Now().UTC()
	a := Attachment{
		ID: s.NewID(), OrgID: orgID, Direction: Outbound, Status: StatusPending, Kind: kind, FileName: name,
		DeclaredType: ct, ContentType: ct, Size: req.Size, CreatedBy: userID, CreatedAt: now, UpdatedAt: now,
	}
	a.Key = ObjectKey(orgID, a.ID, name)
	ttl := s.ttl()
	u, err := s.Blobs.PresignPut(ctx, a.Key, ct, req.Size, ttl)
	if err != nil {
		return Upload{}, fmt.Errorf("attachments: presign upload: %w", err)
	}
	if err := s.Store.PutAttachment(ctx, a); err != nil {
		return Upload{}, fmt.Errorf("attachments: record upload %s: %w", a.ID, err)
	}
	return Upload{Attachment: a, URL: u, Method: "PUT", ExpiresAt: now.Add(ttl),
		Headers: map[string]string{"Content-Type": ct}}, nil
}

// PrepareOutbound makes an attachment sendable: it checks the uploaded bytes like inbound ones
// (size, sniffed type, deny-list), refuses bytes that are not a type WhatsApp takes for the
// kind (see sendType), streams them to the provider's media endpoint as that type and returns
// the provider media id and the kind to send it as. A media id uploaded in the last
// ProviderMediaTTL is reused. For a provider that takes media only by URL
// (whatsapp.SendsMediaByLink) nothing is uploaded: mediaID is a presigned GET URL of the
// checked object, valid for the service's URL TTL. Errors the caller can fix are coded (CodeNotFound,
// CodeUnprocessable); provider failures keep their *whatsapp.Error in the chain.
func (s *Service) PrepareOutbound(ctx context.Context, orgID, id string) (mediaID string, kind string, err error) {
	if !validID(id) {
		return "", "", notFound()
	}
	a, err := s.Store.GetAttachment(ctx, orgID, id)
	if err != nil {
		if messaging.ErrorCode(err) == messaging.CodeNotFound {
			return "", "", notFound()
		}
		return "", "", fmt.Errorf("attachments: get %s: %w", id, err)
	}
	now := s.Now().UTC()
	if !a.ProviderMediaAt.IsZero() && a.ProviderMediaID != "" && now.Sub(a.ProviderMediaAt) < ProviderMediaTTL {
		return a.ProviderMediaID, a.Kind, nil
	}
	if a.Status == StatusFailed || !strings.HasPrefix(a.Key, OrgPrefix(orgID)) {
		return "", "", messaging.Errorf(messaging.CodeUnprocessable, "Attachment cannot be sent: %s", firstNonEmpty(a.Reason, "it was not stored"))
	}
	acct, err := s.account(ctx, orgID)
	if err != nil {
		return "", "", err
	}
	body, size, err := s.Blobs.Open(ctx, a.Key)
	if err != nil {
		if messaging.ErrorCode(err) == messaging.CodeNotFound {
			return "", "", messaging.Errorf(messaging.CodeUnprocessable, "Attachment cannot be sent: the file has not been uploaded")
		}
		return "", "", fmt.Errorf("attachments: open %s: %w", a.Key, err)
	}
	defer body.Close()
	limit := MaxSize(a.Kind, false)
	if a.Direction == Outbound && size != a.Size || size > limit {
		return "", "", s.fail(ctx, a, fmt.Sprintf("the file is %s, not the %s announced (limit %s)", humanSize(size), humanSize(a.Size), humanSize(limit)))
	}
	head := make([]byte, SniffLen)
	n, err := io.ReadFull(body, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", "", fmt.Errorf("attachments: read %s: %w", a.Key, err)
	}
	head = head[:n]
	sniffed := Sniff(head)
	if r := firstNonEmpty(Denied(a.FileName, a.DeclaredType, sniffed), Matches(a.Kind, sniffed)); r != "" {
		return "", "", s.fail(ctx, a, r)
	}
	mime, why := sendType(a.Kind, a.DeclaredType, sniffed)
	if why != "" {
		return "", "", s.fail(ctx, a, why)
	}
	if whatsapp.SendsMediaByLink(acct.Provider) {
		return s.link(ctx, a, mime, size)
	}
	h := sha256.New()
	mediaID, err = s.Uploader.UploadMedia(ctx, acct, whatsapp.MediaUpload{
		FileName: a.FileName, MimeType: mime, Body: io.TeeReader(io.MultiReader(bytes.NewReader(head), body), h), Key: a.Key,
	})
	if err != nil {
		return "", "", fmt.Errorf("attachments: upload %s to the provider: %w", id, err)
	}
	a.Status, a.Reason, a.ContentType, a.Size = StatusStored, "", mime, size
	if !whatsapp.UploadsFromBucket(acct.Provider) { // the provider read the object, not the body
		a.SHA256 = hex.EncodeToString(h.Sum(nil))
	}
	a.ProviderMediaID, a.ProviderMediaAt, a.UpdatedAt = mediaID, now, now
	if err := s.Store.PutAttachment(ctx, a); err != nil {
		return "", "", fmt.Errorf("attachments: record media id of %s: %w", id, err)
	}
	return mediaID, a.Kind, nil
}

// link records a checked attachment as stored and returns a presigned GET URL of it, which a
// provider that sends media by URL fetches the bytes from.
func (s *Service) link(ctx context.Context, a Attachment, mime string, size int64) (string, string, error) {
	u, err := s.Blobs.PresignGet(ctx, a.Key, s.ttl(), a.FileName, mime)
	if err != nil {
		return "", "", fmt.Errorf("attachments: presign %s for the provider: %w", a.ID, err)
	}
	if a.Status != StatusStored || a.ContentType != mime || a.Size != size {
		a.Status, a.Reason, a.ContentType, a.Size, a.UpdatedAt = StatusStored, "", mime, size, s.Now().UTC()
		if err := s.Store.PutAttachment(ctx, a); err != nil {
			return "", "", fmt.Errorf("attachments: record %s: %w", a.ID, err)
		}
	}
	return u, a.Kind, nil
}

// fail records an outbound attachment as refused and returns the coded error for the caller.
func (s *Service) fail(ctx context.Context, a Attachment, reason string) error {
	a.Status, a.Reason, a.UpdatedAt = StatusFailed, reason, s.Now().UTC()
	if err := s.Store.PutAttachment(ctx, a); err != nil {
		return fmt.Errorf("attachments: record refusal of %s: %w", a.ID, err)
	}
	return messaging.Errorf(messaging.CodeUnprocessable, "Attachment cannot be sent: %s", reason)
}
