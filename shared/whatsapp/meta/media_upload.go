package meta

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"

	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// UploadMedia streams m to the provider's media endpoint as multipart/form-data (fields
// messaging_product, type and file) and returns the media id to send by: Meta's
// POST {BaseURL}/{version}/{phone-number-id}/media, 360dialog's POST {BaseURL}/media.
func (c *Client) UploadMedia(ctx context.Context, acct whatsapp.Account, m whatsapp.MediaUpload) (string, error) {
	u := baseURL(acct) + "/" + c.apiVersion + "/" + acct.PhoneNumberID + "/media"
	if isDialog360(acct) {
		u = baseURL(acct) + "/media"
	}
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() { pw.CloseWithError(writeUpload(mw, m)) }()
	req, err := http.NewRequestWithContext(ctx, "POST", u, pr)
	if err != nil {
		pr.Close()
		return "", fmt.Errorf("meta: upload media: %w", whatsapp.RedactErr(err, acct.Token))
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept", "application/json")
	authorize(req, acct)
	resp, err := c.http.Do(req)
	pr.Close()
	if err != nil {
		if whatsapp.IsTimeout(err) {
			return "", &whatsapp.Error{Timeout: true}
		}
		return "", fmt.Errorf("meta: upload media %s: %w", m.FileName, whatsapp.RedactErr(err, acct.Token))
	}
	defer resp.Body.Close()
	data, err := egress.ReadAll(resp.Body, maxAnswerBody)
	if err != nil && !errors.Is(err, egress.ErrTooLarge) {
		return "", fmt.Errorf("meta: upload media %s: read answer: %w", m.FileName, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := ParseError(resp.StatusCode, resp.Header, data)
		e.Redact(acct.Token)
		return "", e
	}
	if err != nil {
		return "", fmt.Errorf("meta: upload media %s: read answer: %w", m.FileName, err)
	}
	var out struct {
		ID    string `json:"id"`
		Media []struct {
			ID string `json:"id"`
		} `json:"media"` // 360dialog's older answer shape
	}
	if err := json.Unmarshal(data, &out); err == nil && out.ID == "" && len(out.Media) > 0 {
		out.ID = out.Media[0].ID
	}
	if out.ID == "" {
		return "", &whatsapp.Error{HTTPStatus: resp.StatusCode, Code: 131053, Message: "upload answer without a media id"}
	}
	return out.ID, nil
}

// writeUpload writes the multipart form of m and closes it.
func writeUpload(mw *multipart.Writer, m whatsapp.MediaUpload) error {
	if err := mw.WriteField("messaging_product", "whatsapp"); err != nil {
		return err
	}
	if err := mw.WriteField("type", m.MimeType); err != nil {
		return err
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, quoteName(m.FileName)))
	h.Set("Content-Type", m.MimeType)
	part, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, m.Body); err != nil {
		return fmt.Errorf("stream file: %w", err)
	}
	return mw.Close()
}

// quoteName keeps a file name safe inside a quoted header parameter.
func quoteName(s string) string {
	return strings.NewReplacer("\r", "", "\n", "", `"`, "'", `\`, "_").Replace(s)
}

// The media kinds SendMedia accepts.
var mediaKinds = map[string]bool{"image": true, "video": true, "audio": true, "document": true, "sticker": true}

// sendMediaRequest is the Cloud API body of a media message.
type sendMediaRequest struct {
	MessagingProduct string         `json:"messaging_product"`
	RecipientType    string         `json:"recipient_type"`
	To               string         `json:"to"`
	Type             string         `json:"type"`
	Image            *sendMediaByID `json:"image,omitempty"`
	Video            *sendMediaByID `json:"video,omitempty"`
	Audio            *sendMediaByID `json:"audio,omitempty"`
	Document         *sendMediaByID `json:"document,omitempty"`
	Sticker          *sendMediaByID `json:"sticker,omitempty"`
	CallbackData     string         `json:"biz_opaque_callback_data,omitempty"`
}

// sendMediaByID is the media object of a media message.
type sendMediaByID struct {
	ID       string `json:"id"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
}

// SendMedia sends m from the account's number and returns the provider's message id (wamid).
// Failures are *whatsapp.Error, or a wrapped transport error.
func (c *Client) SendMedia(ctx context.Context, acct whatsapp.Account, m whatsapp.MediaSend) (string, error) {
	body, err := MediaMessage(m)
	if err != nil {
		return "", err
	}
	data, err := c.do(ctx, acct, "POST", c.messagesURL(acct), body)
	if err != nil {
		return "", mediaErr("send media", err)
	}
	var resp sendResponse
	if err := json.Unmarshal(data, &resp); err != nil || len(resp.Messages) == 0 || resp.Messages[0].ID == "" {
		return "", &whatsapp.Error{HTTPStatus: 200, Message: "answer without a message id", Timeout: true}
	}
	return resp.Messages[0].ID, nil
}

// MediaMessage is the Cloud API message JSON of a media message by uploaded media id, as other
// carriers of Meta's message object (AWS End User Messaging Social) send it; a kind WhatsApp
// does not send or a missing media id is an error.
func MediaMessage(m whatsapp.MediaSend) ([]byte, error) {
	if !mediaKinds[m.Kind] || m.MediaID == "" {
		return nil, fmt.Errorf("meta: media message: kind %q with media id %q is not sendable", m.Kind, m.MediaID)
	}
	obj := &sendMediaByID{ID: m.MediaID}
	switch m.Kind {
	case "image", "video":
		obj.Caption = m.Caption
	case "document":
		obj.Caption, obj.Filename = m.Caption, m.FileName
	}
	req := sendMediaRequest{MessagingProduct: "whatsapp", RecipientType: "individual",
		To: messaging.WAID(strings.TrimSpace(m.To)), Type: m.Kind, CallbackData: m.CallbackData}
	switch m.Kind {
	case "image":
		req.Image = obj
	case "video":
		req.Video = obj
	case "audio":
		req.Audio = obj
	case "document":
		req.Document = obj
	default:
		req.Sticker = obj
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("meta: media message: encode: %w", err)
	}
	return body, nil
}
