package socialmessaging

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/proplink/chat/shared/whatsapp"
)

// signingName is the service's SigV4 name.
const signingName = "social-messaging"

// maxAnswer bounds what is read of one answer.
const maxAnswer = 1 << 20

// Service is the API over the service's REST-JSON protocol, signed with SigV4.
type Service struct {
	HTTP        *http.Client
	Credentials aws.CredentialsProvider
	// Endpoint returns the base URL for a region; nil means https://social-messaging.REGION.amazonaws.com.
	Endpoint func(region string) string
}

var _ API = (*Service)(nil)

// SendWhatsAppMessage posts /v1/whatsapp/send.
func (s *Service) SendWhatsAppMessage(ctx context.Context, region string, in SendInput) (string, error) {
	body, err := json.Marshal(struct {
		Message                  []byte `json:"message"` // base64, as the protocol's blob
		MetaAPIVersion           string `json:"metaApiVersion"`
		OriginationPhoneNumberID string `json:"originationPhoneNumberId"`
	}{in.Message, in.MetaAPIVersion, in.OriginationPhoneNumberID})
	if err != nil {
		return "", fmt.Errorf("encode: %w", err)
	}
	var out struct {
		MessageID string `json:"messageId"`
	}
	if err := s.call(ctx, region, http.MethodPost, "/v1/whatsapp/send", nil, body, &out); err != nil {
		return "", err
	}
	return out.MessageID, nil
}

// ListWhatsAppMessageTemplates gets /v1/whatsapp/template/list.
func (s *Service) ListWhatsAppMessageTemplates(ctx context.Context, region, wabaID, nextToken string) (TemplatePage, error) {
	q := url.Values{"id": {wabaID}, "maxResults": {"100"}}
	if nextToken != "" {
		q.Set("nextToken", nextToken)
	}
	var page TemplatePage
	err := s.call(ctx, region, http.MethodGet, "/v1/whatsapp/template/list", q, nil, &page)
	return page, err
}

// GetWhatsAppMessageTemplate gets /v1/whatsapp/template, whose answer carries the template
// as a JSON string ({"template": "{…Meta's template…}"}).
func (s *Service) GetWhatsAppMessageTemplate(ctx context.Context, region, wabaID, metaTemplateID string) ([]byte, error) {
	q := url.Values{"id": {wabaID}, "metaTemplateId": {metaTemplateID}}
	var out struct {
		Template string `json:"template"`
	}
	if err := s.call(ctx, region, http.MethodGet, "/v1/whatsapp/template", q, nil, &out); err != nil {
		return nil, err
	}
	if out.Template == "" {
		return nil, fmt.Errorf("GET /v1/whatsapp/template: answer without a template")
	}
	return []byte(out.Template), nil
}

// PostWhatsAppMessageMedia posts /v1/whatsapp/media with sourceS3File.
func (s *Service) PostWhatsAppMessageMedia(ctx context.Context, region, phoneNumberID string, src S3File) (string, error) {
	body, err := json.Marshal(struct {
		OriginationPhoneNumberID string `json:"originationPhoneNumberId"`
		SourceS3File             S3File `json:"sourceS3File"`
	}{phoneNumberID, src})
	if err != nil {
		return "", fmt.Errorf("encode: %w", err)
	}
	var out struct {
		MediaID string `json:"mediaId"`
	}
	if err := s.call(ctx, region, http.MethodPost, "/v1/whatsapp/media", nil, body, &out); err != nil {
		return "", err
	}
	if out.MediaID == "" {
		return "", &whatsapp.Error{HTTPStatus: http.StatusOK, Message: "upload answer without a media id"}
	}
	return out.MediaID, nil
}

// GetWhatsAppMessageMedia posts /v1/whatsapp/media/get with destinationS3File.
func (s *Service) GetWhatsAppMessageMedia(ctx context.Context, region string, in GetMediaInput) (MediaMetadata, error) {
	body, err := json.Marshal(struct {
		MediaID                  string `json:"mediaId"`
		OriginationPhoneNumberID string `json:"originationPhoneNumberId"`
		DestinationS3File        S3File `json:"destinationS3File"`
	}{in.MediaID, in.OriginationPhoneNumberID, in.Destination})
	if err != nil {
		return MediaMetadata{}, fmt.Errorf("encode: %w", err)
	}
	var out MediaMetadata
	err = s.call(ctx, region, http.MethodPost, "/v1/whatsapp/media/get", nil, body, &out)
	return out, err
}

// call signs and sends one request and decodes a 2xx answer into out; any other answer is a
// *whatsapp.Error.
func (s *Service) call(ctx context.Context, region, method, path string, q url.Values, body []byte, out any) error {
	base := "https://social-messaging." + region + ".amazonaws.com"
	if s.Endpoint != nil {
		base = strings.TrimRight(s.Endpoint(region), "/")
	}
	u := base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	creds, err := s.Credentials.Retrieve(ctx)
	if err != nil {
		return fmt.Errorf("%s %s: credentials: %w", method, path, err)
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), signingName, region, time.Now()); err != nil {
		return fmt.Errorf("%s %s: sign: %w", method, path, err)
	}
	resp, err := s.HTTP.Do(req)
	if err != nil {
		if method == http.MethodPost {
			return &whatsapp.Error{Message: "connection lost after the request: " + err.Error(), Unconfirmed: true}
		}
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return fmt.Errorf("%s %s: read: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return ParseError(resp.StatusCode, resp.Header, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		if method == http.MethodPost {
			return &whatsapp.Error{HTTPStatus: resp.StatusCode, Message: "unreadable answer", Unconfirmed: true}
		}
		return fmt.Errorf("%s %s: decode: %w", method, path, err)
	}
	return nil
}
