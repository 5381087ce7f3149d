package attachments

import (
	"context"
	"io"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// MediaSource fetches inbound media from the provider (meta.Client is one).
type MediaSource interface {
	// MediaInfo returns the media's short-lived download URL, type, digest and size.
	MediaInfo(ctx context.Context, acct whatsapp.Account, id string) (whatsapp.MediaInfo, error)
	// Download streams the bytes at info.URL; a stale URL fails so that whatsapp.ExpiredURL holds.
	Download(ctx context.Context, acct whatsapp.Account, info whatsapp.MediaInfo) (io.ReadCloser, int64, error)
}

// MediaUploader puts outbound media on the provider's media endpoint (meta.Client is one).
type MediaUploader interface {
	// UploadMedia streams the file and returns the provider's media id.
	UploadMedia(ctx context.Context, acct whatsapp.Account, m whatsapp.MediaUpload) (string, error)
}

// Blobs keeps attachment bytes (s3store.Store is one).
type Blobs interface {
	// Put streams body to key and returns the version it created ("" when unversioned).
	Put(ctx context.Context, key string, body io.Reader, contentType string) (string, error)
	// Open streams the object at key and returns its size.
	Open(ctx context.Context, key string) (io.ReadCloser, int64, error)
	// Delete removes one version of the object (the current one when versionID is "").
	Delete(ctx context.Context, key, versionID string) error
	// PresignGet returns a URL that downloads key for ttl, as fileName with contentType.
	PresignGet(ctx context.Context, key string, ttl time.Duration, fileName, contentType string) (string, error)
	// PresignPut returns a URL that uploads exactly size bytes of contentType to key for ttl.
	PresignPut(ctx context.Context, key, contentType string, size int64, ttl time.Duration) (string, error)
}

// Store keeps attachment records and reads what the service needs from the table
// (dynamo.Store is one).
type Store interface {
	PutAttachment(ctx context.Context, a Attachment) error
	// GetAttachment returns the organisation's attachment, or a CodeNotFound error.
	GetAttachment(ctx context.Context, orgID, id string) (Attachment, error)
	GetSettings(ctx context.Context, orgID string) (messaging.Settings, error)
	UpsertCaseNote(ctx context.Context, n messaging.CaseNote) error
}

// Secrets reads an organisation's provider secrets (ssm.Store is one).
type Secrets interface {
	Get(ctx context.Context, name string) (string, error)
}
