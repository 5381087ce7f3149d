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
