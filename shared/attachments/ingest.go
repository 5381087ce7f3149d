package attachments

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"io"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// Ingest fetches a media job's bytes from the provider into S3 and records the attachment. It
// is idempotent: a job whose attachment is already stored or refused does nothing. A *Refusal
// is final (the attachment is recorded as failed); any other error is worth a retry (the
// attachment is recorded as failed with the reason, best effort, and the next try may store it).
func (s *Service) Ingest(ctx context.Context, j MediaJob) (Attachment, error) {
	if err := j.Validate(); err != nil {
		return Attachment{}, &Refusal{Reason: err.Error()}
	}
	id := j.AttachmentID()
	prev, err := s.Store.GetAttachment(ctx, j.OrgID, id)
	switch {
	case err == nil && prev.Status == StatusStored:
		return prev, s.publishStored(ctx, prev)
	case err == nil && prev.Status == StatusFailed && prev.Attempts < 0:
		return prev, nil
	case err != nil && messaging.ErrorCode(err) != messaging.CodeNotFound:
		return Attachment{}, fmt.Errorf("attachments: read %s: %w", id, err)
	}
	now := s.Now().UTC()
	a := Attachment{
		ID: id, OrgID: j.OrgID, Direction: Inbound, Status: StatusFailed, Kind: j.Kind,
		FileName: j.Media.Filename, DeclaredType: baseType(j.Media.MimeType), Caption: j.Media.Caption,
		ConversationID: j.ConversationID, JobID: j.JobID, MessageID: j.MessageID, From: j.From,
		ProviderMediaID: j.Media.ID, Attempts: prev.Attempts + 1, CreatedAt: j.ReceivedAt, UpdatedAt: now,
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	err = s.fetch(ctx, j, &a)
	if err == nil {
		a.Status, a.Reason = StatusStored, ""
	} else {
		a.Reason = reasonOf(err)
		if _, final := IsRefusal(err); final {
			a.Attempts = -a.Attempts // a negative count marks a final refusal
		}
	}
	if perr := s.Store.PutAttachment(ctx, a); perr != nil {
		if err != nil {
			return a, fmt.Errorf("attachments: record %s (%v): %w", id, err, perr)
		}
		return a, fmt.Errorf("attachments: record %s: %w", id, perr)
	}
	if j.JobID > 0 && (err == nil || a.Attempts < 0) {
		if nerr := s.Store.UpsertCaseNote(ctx, s.note(j, a)); nerr != nil {
			return a, fmt.Errorf("attachments: case note of %s: %w", id, nerr)
		}
	}
	if err == nil {
		if perr := s.publishStored(ctx, a); perr != nil {
			return a, fmt.Errorf("attachments: emit attachment.stored of %s: %w", id, perr)
		}
	}
	return a, err
}

// reasonOf is the reason recorded for a failure: a refusal's own words, else the error.
func reasonOf(err error) string {
	if r, ok := IsRefusal(err); ok {
		return r
	}
	return err.Error()
}

// fetch downloads the media, checks it and streams it into S3, filling a's content fields.
func (s *Service) fetch(ctx context.Context, j MediaJob, a *Attachment) error {
	acct, err := s.account(ctx, j.OrgID)
	if err != nil {
		return err
	}
	limit := MaxSize(j.Kind, j.Media.Animated)
	body, info, err := s.open(ctx, acct, j.Media.ID)
	if err != nil {
		return err
	}
	defer body.Close()
	if info.FileSize > limit {
		return refuse("%s of %s is larger than WhatsApp's %s limit of %s", j.Kind, humanSize(info.FileSize), j.Kind, humanSize(limit))
	}
	head := make([]byte, SniffLen)
	n, err := io.ReadFull(body, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return fmt.Errorf("attachments: read media %s: %w", j.Media.ID, err)
	}
	head = head[:n]
	a.ContentType = Sniff(head) // what the bytes are, never the sender's word: unknown stays TypeUnknown
	declared := firstNonEmpty(baseType(info.MimeType), a.DeclaredType)
	if r := Denied(a.FileName, declared, a.ContentType); r != "" {
		return refuse("%s", r)
	}
	if r := Matches(j.Kind, a.ContentType); r != "" {
		return refuse("%s", r)
	}
	if a.FileName == "" {
		a.FileName = defaultName(j.Kind, a.ContentType)
	}
	a.Key = ObjectKey(j.OrgID, a.ID, a.FileName)
	m := &meter{r: io.MultiReader(bytes.NewReader(head), body), h: sha256.New(), limit: limit}
	version, err := s.Blobs.Put(ctx, a.Key, m, a.ContentType)
	if m.over {
		if err == nil {
			_ = s.Blobs.Delete(ctx, a.Key, version)
		}
		return refuse("%s is larger than WhatsApp's %s limit of %s", j.Kind, j.Kind, humanSize(limit))
	}
	if err != nil {
		return fmt.Errorf("attachments: store %s: %w", a.Key, err)
	}
	a.Size, a.SHA256 = m.n, hex.EncodeToString(m.h.Sum(nil))
	if why := mismatch(info, j.Media.SHA256, a.Size, m.h.Sum(nil)); why != "" {
		if derr := s.Blobs.Delete(ctx, a.Key, version); derr != nil {
			return fmt.Errorf("attachments: %s, and deleting %s failed: %w", why, a.Key, derr)
		}
		a.Key, a.Size, a.SHA256 = "", 0, ""
		return fmt.Errorf("attachments: %s", why)
	}
	return nil
}

// open asks for the media's URL and opens it, asking again when the URL has expired.
func (s *Service) open(ctx context.Context, acct whatsapp.Account, mediaID string) (io.ReadCloser, whatsapp.MediaInfo, error) {
	tries := s.MaxRefetch
	if tries <= 0 {
		tries = 2
	}
	for i := 0; ; i++ {
		info, err := s.Source.MediaInfo(ctx, acct, mediaID)
		if err != nil {
			return nil, whatsapp.MediaInfo{}, providerErr("media info "+mediaID, err)
		}
		body, _, err := s.Source.Download(ctx, acct, info)
		if err == nil {
			return body, info, nil
		}
		if !whatsapp.ExpiredURL(err) || i >= tries {
			return nil, whatsapp.MediaInfo{}, providerErr("download "+mediaID, err)
		}
	}
}

// providerErr turns a permanent provider failure (the media id is unknown or gone) into a
// refusal and keeps anything else retryable.
func providerErr(what string, err error) error {
	if c := whatsapp.Classify(err); c == whatsapp.Permanent || c == whatsapp.Blocked {
		return refuse("provider refused %s: %v", what, err)
	}
	return fmt.Errorf("attachments: %s: %w", what, err)
}

// mismatch compares the stored bytes with what the provider announced.
func mismatch(info whatsapp.MediaInfo, webhookSHA string, size int64, sum []byte) string {
	if info.FileSize > 0 && info.FileSize != size {
		return fmt.Sprintf("size mismatch: provider announced %d bytes, got %d", info.FileSize, size)
	}
	for _, want := range []string{info.SHA256, webhookSHA} {
		if want == "" {
			continue
		}
		if d, ok := decodeDigest(want); ok && string(d) != string(sum) {
			return fmt.Sprintf("sha256 mismatch: provider announced %s, got %s", want, hex.EncodeToString(sum))
		}
	}
	return ""
}

// decodeDigest reads a SHA-256 digest in hex (the Graph API) or base64 (webhooks).
func decodeDigest(s string) ([]byte, bool) {
	if d, err := hex.DecodeString(s); err == nil && len(d) == sha256.Size {
		return d, true
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if d, err := enc.DecodeString(s); err == nil && len(d) == sha256.Size {
			return d, true
		}
	}
	return nil, false
}

// meter counts and hashes what is read through it and stops past limit.
type meter struct {
	r     io.Reader
	h     hash.Hash
	n     int64
	limit int64
	over  bool
}

func (m *meter) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	m.h.Write(p[:n])
	m.n += int64(n)
	if m.n > m.limit {
		m.over = true
		return n, fmt.Errorf("attachments: more than %d bytes", m.limit)
	}
	return n, err
}

// humanSize writes a byte count the way WhatsApp states its limits.
func humanSize(n int64) string {
	switch {
	case n >= mb && n%mb == 0:
		return fmt.Sprintf("%d MB", n/mb)
	case n >= mb:
		return fmt.Sprintf("%.1f MB", float64(n)/mb)
	case n >= kb:
		return fmt.Sprintf("%d KB", n/kb)
	}
	return fmt.Sprintf("%d bytes", n)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
