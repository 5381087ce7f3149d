package whatsapp

import (
	"github.com/proplink/chat/shared/messaging"
	"io"
	"net/http"
)

// MediaInfo is the provider's description of one media object: where to download it (a URL that
// needs the account's credentials and expires after about five minutes; for End User Messaging
// Social, the key of the copy the service put in our bucket) and what it holds.
type MediaInfo struct {
	ID       string `json:"id"`
	URL      string `json:"url"`
	MimeType string `json:"mime_type"`
	// SHA256 is the provider's digest of the bytes (hex from the Graph API; base64 in webhooks).
	SHA256   string `json:"sha256"`
	FileSize int64  `json:"file_size"`
}

// MediaUpload is one file to upload to the provider's media endpoint.
type MediaUpload struct {
	FileName string
	MimeType string
	Body     io.Reader // streamed, never held whole
	// Key is the attachment's object in the attachments bucket, which a provider that uploads
	// from S3 reads itself instead of Body (see UploadsFromBucket).
	Key string
}

// MediaSend is one free-form media message, sent by uploaded media id on Meta and 360dialog
// (never by link there: link fetches fail under Meta's own rate limits, 131053) and by Link on
// providers that take media only by URL (see SendsMediaByLink).
type MediaSend struct {
	To      string // E.164
	Kind    string // image, video, audio, document or sticker
	MediaID string
	// Link is a short-lived URL of the bytes (a presigned S3 GET of our stored attachment),
	// set instead of MediaID when SendsMediaByLink holds for the account's provider.
	Link     string
	Caption  string // image, video and document only
	FileName string // document only
	// CallbackData is echoed back on status webhooks as biz_opaque_callback_data (≤ 512 bytes).
	CallbackData string
}

// ExpiredURL reports whether err from a media download means the URL is stale and a fresh
// MediaInfo may succeed (401, 403, 404 or 410 from the download host).
func ExpiredURL(err error) bool {
	e, ok := err.(*Error)
	if !ok {
		return false
	}
	switch e.HTTPStatus {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusGone:
		return e.Code == 0 || e.Code == 190 || e.Code == 131052
	}
	return false
}

// UploadsFromBucket reports whether the provider reads outbound media from the attachment's
// object in our bucket (AWS End User Messaging Social's PostWhatsAppMessageMedia) rather than
// from the streamed body.
func UploadsFromBucket(provider string) bool { return provider == messaging.ProviderAWSSocial }

// SendsMediaByLink reports whether the provider takes outbound media only by URL (Twilio's
// MediaUrl) rather than by an uploaded media id.
func SendsMediaByLink(provider string) bool { return provider == messaging.ProviderTwilio }
