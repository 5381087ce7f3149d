package socialmessaging

import (
	"context"
	"fmt"
	"strings"
)

// DefaultMetaAPIVersion is the Graph API version sends name (SendWhatsAppMessage's
// metaApiVersion).
const DefaultMetaAPIVersion = "v20.0"

// SendInput is one SendWhatsAppMessage request.
type SendInput struct {
	OriginationPhoneNumberID string // the phone number's ARN or phone-number-id-… id
	Message                  []byte // Meta's message JSON
	MetaAPIVersion           string
}

// TemplateSummary is one template of ListWhatsAppMessageTemplates.
type TemplateSummary struct {
	TemplateName         string `json:"templateName"`
	MetaTemplateID       string `json:"metaTemplateId"`
	TemplateStatus       string `json:"templateStatus"`
	TemplateQualityScore string `json:"templateQualityScore"`
	TemplateLanguage     string `json:"templateLanguage"`
	TemplateCategory     string `json:"templateCategory"`
}

// TemplatePage is one page of ListWhatsAppMessageTemplates.
type TemplatePage struct {
	Templates []TemplateSummary `json:"templates"`
	NextToken string            `json:"nextToken"`
}

// API is what the adapter needs from the service, in the region of the ARN it names.
type API interface {
	// SendWhatsAppMessage sends in and returns the service's message id (Meta's wamid).
	SendWhatsAppMessage(ctx context.Context, region string, in SendInput) (string, error)
	// ListWhatsAppMessageTemplates returns one page of the WABA's templates.
	ListWhatsAppMessageTemplates(ctx context.Context, region, wabaID, nextToken string) (TemplatePage, error)
	// GetWhatsAppMessageTemplate returns one template of the WABA, by its Meta id, as Meta's
	// template JSON.
	GetWhatsAppMessageTemplate(ctx context.Context, region, wabaID, metaTemplateID string) ([]byte, error)
	// PostWhatsAppMessageMedia uploads the S3 object src to WhatsApp for the phone number and
	// returns the media id to send by.
	PostWhatsAppMessageMedia(ctx context.Context, region, phoneNumberID string, src S3File) (string, error)
	// GetWhatsAppMessageMedia fetches a person's media from WhatsApp into S3 (the object
	// in.Destination.Key + in.MediaID) and returns what the service says of it.
	GetWhatsAppMessageMedia(ctx context.Context, region string, in GetMediaInput) (MediaMetadata, error)
}

// S3File names an S3 object (or, as a GetWhatsAppMessageMedia destination, a key prefix).
type S3File struct {
	BucketName string `json:"bucketName"`
	Key        string `json:"key"`
}

// GetMediaInput is one GetWhatsAppMessageMedia request.
type GetMediaInput struct {
	MediaID                  string
	OriginationPhoneNumberID string // the phone number's ARN or phone-number-id-… id
	Destination              S3File // the key is a prefix the service adds the media id to
}

// MediaMetadata is GetWhatsAppMessageMedia's answer.
type MediaMetadata struct {
	MimeType string `json:"mimeType"`
	// FileSize is as the service reports it (its reference says KB), so it is never compared
	// with the stored bytes.
	FileSize int64 `json:"fileSize"`
}

// RegionOf returns the region of a social-messaging ARN, or an error naming what was wrong.
func RegionOf(arn, kind string) (string, error) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "social-messaging" || parts[3] == "" ||
		!strings.HasPrefix(parts[5], kind+"/") || len(parts[5]) == len(kind)+1 {
		return "", fmt.Errorf("socialmessaging: %q is not a social-messaging %s ARN", arn, kind)
	}
	return parts[3], nil
}
