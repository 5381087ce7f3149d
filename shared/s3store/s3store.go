// Package s3store is the S3 adapter of the attachments bucket: streaming puts through S3's
// transfer manager (bounded memory whatever the size), streaming gets, deletes of one version,
// and presigned GET and PUT URLs.
//
// Requests per call: Put 1 PutObject below PartSize, else 1 CreateMultipartUpload + 1
// UploadPart per PartSize + 1 CompleteMultipartUpload (AbortMultipartUpload on failure); Open 1
// GetObject; Head 1 HeadObject; Delete 1 DeleteObject; presigning makes no request.
package s3store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	tmtypes "github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/proplink/chat/shared/messaging"
)

// PartSize is the transfer manager's part size and multipart threshold: S3's minimum part size
// (5 MiB), so memory stays small.
const PartSize = 5 << 20

// Concurrency is how many parts upload at once; memory is about (Concurrency+2) × PartSize.
const Concurrency = 2

// MaxPresignTTL is the longest a presigned URL may live here.
const MaxPresignTTL = 15 * time.Minute

// Store reads and writes objects of one bucket.
type Store struct {
	client   *s3.Client
	presign  *s3.PresignClient
	uploader *transfermanager.Client
	bucket   string
}

// New returns a store over bucket. The client should use path-style addressing when it points
// at a local emulator.
func New(client *s3.Client, bucket string) *Store {
	return &Store{
		client:  client,
		presign: s3.NewPresignClient(client),
		uploader: transfermanager.New(client, func(o *transfermanager.Options) {
			o.PartSizeBytes, o.MultipartUploadThreshold, o.Concurrency = PartSize, PartSize, Concurrency
		}),
		bucket: bucket,
	}
}

// Bucket returns the bucket's name.
func (s *Store) Bucket() string { return s.bucket }

// Put streams body to key with contentType and returns the version it created ("" when the
// bucket is unversioned). About PartSize × (Concurrency+2) bytes are held at once: the first
// part, read to decide between one PutObject and a multipart upload, and the part pool.
func (s *Store) Put(ctx context.Context, key string, body io.Reader, contentType string) (string, error) {
	out, err := s.uploader.UploadObject(ctx, &transfermanager.UploadObjectInput{
		Bucket: aws.String(s.bucket), Key: aws.String(key), Body: body, ContentType: aws.String(contentType),
		ServerSideEncryption: tmtypes.ServerSideEncryptionAes256,
	})
	if err != nil {
		return "", fmt.Errorf("s3store: put %s: %w", key, err)
	}
	return aws.ToString(out.VersionID), nil
}

// Open streams the object at key and returns its size; a missing object is a CodeNotFound
// error.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, int64, error) {
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil {
		return nil, 0, notFoundOr(fmt.Sprintf("s3store: get %s", key), err)
	}
	return out.Body, aws.ToInt64(out.ContentLength), nil
}

// Object describes a stored object.
type Object struct {
	Size        int64
	ContentType string
	VersionID   string
}

// Head describes the object at key; a missing object is a CodeNotFound error.
func (s *Store) Head(ctx context.Context, key string) (Object, error) {
	out, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil {
		return Object{}, notFoundOr(fmt.Sprintf("s3store: head %s", key), err)
	}
	return Object{Size: aws.ToInt64(out.ContentLength), ContentType: aws.ToString(out.ContentType), VersionID: aws.ToString(out.VersionId)}, nil
}

// Delete removes one version of the object at key (the current one, leaving a delete marker,
// when versionID is "").
func (s *Store) Delete(ctx context.Context, key, versionID string) error {
	in := &s3.DeleteObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)}
	if versionID != "" {
		in.VersionId = aws.String(versionID)
	}
	if _, err := s.client.DeleteObject(ctx, in); err != nil {
		return fmt.Errorf("s3store: delete %s: %w", key, err)
	}
	return nil
}

// PresignGet returns a URL that downloads key for ttl (at most MaxPresignTTL), served as an
// attachment named fileName with contentType.
func (s *Store) PresignGet(ctx context.Context, key string, ttl time.Duration, fileName, contentType string) (string, error) {
	in := &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)}
	if fileName != "" {
		in.ResponseContentDisposition = aws.String(mime.FormatMediaType("attachment", map[string]string{"filename": fileName}))
	}
	if contentType != "" {
		in.ResponseContentType = aws.String(contentType)
	}
	req, err := s.presign.PresignGetObject(ctx, in, s3.WithPresignExpires(capTTL(ttl)))
	if err != nil {
		return "", fmt.Errorf("s3store: presign get %s: %w", key, err)
	}
	return req.URL, nil
}

// PresignPut returns a URL that uploads key for ttl (at most MaxPresignTTL); the signature
// covers Content-Type and Content-Length, so only exactly size bytes of contentType are taken.
func (s *Store) PresignPut(ctx context.Context, key, contentType string, size int64, ttl time.Duration) (string, error) {
	req, err := s.presign.PresignPutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(s.bucket), Key: aws.String(key), ContentType: aws.String(contentType),
		ContentLength: aws.Int64(size),
	}, s3.WithPresignExpires(capTTL(ttl)))
	if err != nil {
		return "", fmt.Errorf("s3store: presign put %s: %w", key, err)
	}
	return req.URL, nil
}

// capTTL bounds a presigned URL's lifetime to (0, MaxPresignTTL].
func capTTL(ttl time.Duration) time.Duration {
	if ttl <= 0 || ttl > MaxPresignTTL {
		return MaxPresignTTL
	}
	return ttl
}

// notFoundOr turns S3's "no such key" into a CodeNotFound error and wraps anything else.
func notFoundOr(what string, err error) error {
	var nsk *s3types.NoSuchKey
	var nf *s3types.NotFound
	var api smithy.APIError
	if errors.As(err, &nsk) || errors.As(err, &nf) || (errors.As(err, &api) && (api.ErrorCode() == "NotFound" || api.ErrorCode() == "NoSuchKey")) {
		return messaging.Wrap(messaging.CodeNotFound, "Attachment not found", fmt.Errorf("%s: %w", what, err))
	}
	var re interface{ HTTPStatusCode() int }
	if errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotFound {
		return messaging.Wrap(messaging.CodeNotFound, "Attachment not found", fmt.Errorf("%s: %w", what, err))
	}
	return fmt.Errorf("%s: %w", what, err)
}
