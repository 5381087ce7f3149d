package socialmessaging

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// InboundPrefix is where in the media bucket GetWhatsAppMessageMedia puts a person's media:
// the service adds the media id to it. The bucket's lifecycle expires what lies there.
const InboundPrefix = "social-media/inbound/"

// Objects is the media bucket: where outbound media already lies (the attachments' objects)
// and inbound media is put by the service (s3store.Store is one).
type Objects interface {
	// Bucket names the bucket.
	Bucket() string
	// Open streams the object at key and returns its size.
	Open(ctx context.Context, key string) (io.ReadCloser, int64, error)
}

// WithMedia returns the client carrying media through the bucket objects: inbound media is
// fetched into it with GetWhatsAppMessageMedia and read from there, outbound media is uploaded
// from its object with PostWhatsAppMessageMedia.
func (c *Client) WithMedia(objects Objects) *Client {
	cc := *c
	cc.media = objects
	return &cc
}

// errNoMedia refuses media calls on a client built without a bucket.
var errNoMedia = errors.New("socialmessaging: this client carries no media (no bucket)")

// validMediaID reports whether id matches the service's pattern of a media id,
// ^[A-Za-z0-9]{1,100}$; a media id lands in an object key.
func validMediaID(id string) bool {
	if len(id) == 0 || len(id) > 100 {
		return false
	}
	for _, r := range id {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// MediaInfo fetches a person's media into the bucket (GetWhatsAppMessageMedia with
// destinationS3File) and describes it: URL is the object's key, which Download reads. An id the
// service could never accept is refused as permanent before any call.
func (c *Client) MediaInfo(ctx context.Context, acct whatsapp.Account, id string) (whatsapp.MediaInfo, error) {
	if c.media == nil {
		return whatsapp.MediaInfo{}, errNoMedia
	}
	if !validMediaID(id) {
		return whatsapp.MediaInfo{}, &whatsapp.Error{HTTPStatus: http.StatusBadRequest, Title: "ValidationException", Message: "not a media id"}
	}
	region, err := RegionOf(acct.PhoneNumberID, "phone-number-id")
	if err != nil {
		return whatsapp.MediaInfo{}, fmt.Errorf("socialmessaging: media info: %w", err)
	}
	md, err := c.api.GetWhatsAppMessageMedia(ctx, region, GetMediaInput{
		MediaID: id, OriginationPhoneNumberID: acct.PhoneNumberID,
		Destination: S3File{BucketName: c.media.Bucket(), Key: InboundPrefix},
	})
	if err != nil {
		return whatsapp.MediaInfo{}, classified("media info", err)
	}
	return whatsapp.MediaInfo{ID: id, URL: InboundPrefix + id, MimeType: md.MimeType}, nil
}

// Download opens the media MediaInfo put in the bucket. A missing object fails so that
// whatsapp.ExpiredURL holds: a fresh MediaInfo fetches it again.
func (c *Client) Download(ctx context.Context, _ whatsapp.Account, info whatsapp.MediaInfo) (io.ReadCloser, int64, error) {
	if c.media == nil {
		return nil, 0, errNoMedia
	}
	if !strings.HasPrefix(info.URL, InboundPrefix) || !validMediaID(strings.TrimPrefix(info.URL, InboundPrefix)) {
		return nil, 0, fmt.Errorf("socialmessaging: download: %q is not an inbound media object", info.URL)
	}
	body, size, err := c.media.Open(ctx, info.URL)
	if messaging.ErrorCode(err) == messaging.CodeNotFound {
		return nil, 0, &whatsapp.Error{HTTPStatus: http.StatusNotFound, Message: "inbound media object is gone"}
	}
	if err != nil {
		return nil, 0, fmt.Errorf("socialmessaging: download %s: %w", info.URL, err)
	}
	return body, size, nil
}

// UploadMedia uploads the attachment's object (m.Key in the bucket) to WhatsApp with
// PostWhatsAppMessageMedia and returns the media id to send by; the service reads the object
// itself, so m.Body is not read.
func (c *Client) UploadMedia(ctx context.Context, acct whatsapp.Account, m whatsapp.MediaUpload) (string, error) {
	if c.media == nil {
		return "", errNoMedia
	}
	if m.Key == "" {
		return "", fmt.Errorf("socialmessaging: upload media %s: no object key to upload from", m.FileName)
	}
	region, err := RegionOf(acct.PhoneNumberID, "phone-number-id")
	if err != nil {
		return "", fmt.Errorf("socialmessaging: upload media: %w", err)
	}
	id, err := c.api.PostWhatsAppMessageMedia(ctx, region, acct.PhoneNumberID, S3File{BucketName: c.media.Bucket(), Key: m.Key})
	if err != nil {
		return "", classified("upload media "+m.FileName, err)
	}
	return id, nil
}

// SendMedia sends a media message by uploaded media id (Meta's message JSON).
func (c *Client) SendMedia(ctx context.Context, acct whatsapp.Account, m whatsapp.MediaSend) (string, error) {
	body, err := meta.MediaMessage(m)
	if err != nil {
		return "", fmt.Errorf("socialmessaging: send media: %w", err)
	}
	return c.send(ctx, acct, body, "send media")
}

// classified keeps a service failure's *whatsapp.Error as it is and wraps anything else.
func classified(what string, err error) error {
	if _, ok := err.(*whatsapp.Error); ok {
		return err
	}
	return fmt.Errorf("socialmessaging: %s: %w", what, err)
}
