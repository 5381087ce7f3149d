package simulator

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/proplink/chat/shared/messaging"
)

// maxSendBody caps a send request's body.
const maxSendBody = 1 << 20

// SendRequest is a Cloud API send as the simulator parses it.
type SendRequest struct {
	MessagingProduct string       `json:"messaging_product"`
	RecipientType    string       `json:"recipient_type,omitempty"`
	To               string       `json:"to"`
	Type             string       `json:"type"`
	CallbackData     string       `json:"biz_opaque_callback_data,omitempty"`
	Template         *TemplateRef `json:"template,omitempty"`
	Text             *TextRef     `json:"text,omitempty"`
	// Interactive is a reply-button message (see interactive.go).
	Interactive *InteractiveRef `json:"interactive,omitempty"`
	// Media messages (see media_send.go): exactly one, matching Type.
	Image    *MediaMessage `json:"image,omitempty"`
	Video    *MediaMessage `json:"video,omitempty"`
	Audio    *MediaMessage `json:"audio,omitempty"`
	Document *MediaMessage `json:"document,omitempty"`
	Sticker  *MediaMessage `json:"sticker,omitempty"`
	// Status "read" with MessageID is a read receipt, not a send (see receipt.go).
	Status    string `json:"status,omitempty"`
	MessageID string `json:"message_id,omitempty"`
}

// TemplateRef names a template and carries its parameters.
type TemplateRef struct {
	Name     string `json:"name"`
	Language struct {
		Code string `json:"code"`
	} `json:"language"`
	Components []ComponentParams `json:"components,omitempty"`
}

// ComponentParams is the parameters of one header, body or button.
type ComponentParams struct {
	Type       string          `json:"type"`
	SubType    string          `json:"sub_type,omitempty"`
	Index      json.RawMessage `json:"index,omitempty"` // "0" or 0: Meta takes both
	Parameters []Param         `json:"parameters"`
}

// Param is one value.
type Param struct {
	Type          string `json:"type"`
	ParameterName string `json:"parameter_name,omitempty"`
	Text          string `json:"text,omitempty"`
	Image         *Media `json:"image,omitempty"`
	Video         *Media `json:"video,omitempty"`
	Document      *Media `json:"document,omitempty"`
	// Payload is a quick-reply button's payload (Type "payload").
	Payload string `json:"payload,omitempty"`
}

// Media points at media by id or link.
type Media struct {
	ID   string `json:"id,omitempty"`
	Link string `json:"link,omitempty"`
}

var digitsOnly = regexp.MustCompile(`^[1-9][0-9]{6,14}$`)

// handleGraphSend is POST /{version}/{phone_number_id}/messages with a bearer token.
func (s *Simulator) handleGraphSend(w http.ResponseWriter, r *http.Request) {
	tok, hasTok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	acct, known := s.accountByPhone(r.PathValue("phoneNumberID"))
	switch {
	case !hasTok || tok == "":
		e := errorFor(190, "No access token was sent.")
		e.Message = "An active access token must be used to query information about the current user."
		writeError(w, e)
		return
	case !known && isKnownToken(s, tok):
		e := errorFor(100, "")
		e.Subcode, e.Type = 33, "GraphMethodException"
		e.Message = fmt.Sprintf("Unsupported post request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", r.PathValue("phoneNumberID"))
		writeError(w, e)
		return
	case !known || acct.Token != tok:
		e := errorFor(190, "")
		e.Message = "Invalid OAuth access token - Cannot parse access token"
		writeError(w, e)
		return
	}
	s.send(w, r, acct, messaging.ProviderMeta)
}

// handleDialogSend is 360dialog's POST /messages with D360-API-KEY, which names the number.
func (s *Simulator) handleDialogSend(w http.ResponseWriter, r *http.Request) {
	acct, ok := s.accountByToken(r.Header.Get("D360-API-KEY"))
	if !ok {
		writeDialogAuthError(w)
		return
	}
	s.send(w, r, acct, messaging.ProviderDialog360)
}

// writeDialogAuthError answers a missing or wrong 360dialog key the way 360dialog does, in its
// own envelope rather than Meta's.
func writeDialogAuthError(w http.ResponseWriter) {
	writeJSON(w, http.StatusUnauthorized, map[string]any{"meta": map[string]any{
		"api_status": "stable", "version": "2.0", "success": false, "http_code": 401, "developer_message": "Invalid api_key",
	}})
}

// isKnownToken reports whether tok belongs to any account.
func isKnownToken(s *Simulator, tok string) bool {
	_, ok := s.accountByToken(tok)
	return ok
}

// send parses, applies scripted faults, validates and records one send.
func (s *Simulator) send(w http.ResponseWriter, r *http.Request, acct Account, provider string) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxSendBody))
	if err != nil {
		writeError(w, errorFor(100, "The request body could not be read."))
		return
	}
	var req SendRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		writeError(w, errorFor(100, "The request body is not valid JSON."))
		return
	}
	if req.Status != "" {
		s.readReceipt(w, acct, req)
		return
	}
	if f, ok := s.takeFault(PathMessages, strings.TrimPrefix(req.To, "+")); ok {
		if !s.applyFault(w, r, f) {
			return
		}
	}
	msg, apiErr := s.accept(acct, provider, req, raw)
	if apiErr != nil {
		writeError(w, *apiErr)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"messaging_product": "whatsapp",
		"contacts":          []map[string]string{{"input": req.To, "wa_id": req.To}},
		"messages":          []map[string]string{{"id": msg.WAMID, "message_status": "accepted"}},
	})
}

// accept validates a parsed Cloud API message, records it as sent from acct through provider
// and schedules its statuses; a message Meta would refuse comes back as Meta's error.
func (s *Simulator) accept(acct Account, provider string, req SendRequest, raw []byte) (SentMessage, *apiError) {
	tpl, apiErr := s.validate(req)
	if apiErr != nil {
		return SentMessage{}, apiErr
	}
	msg := SentMessage{
		Provider: provider, PhoneNumberID: acct.PhoneNumberID, WABAID: acct.WABAID,
		To: req.To, Template: tpl.Name, Language: tpl.Language, CallbackData: req.CallbackData,
		Request: req, Raw: json.RawMessage(raw),
	}
	s.mu.Lock()
	s.seq++
	msg.WAMID = wamid(req.To, s.seq)
	msg.At = s.now()
	s.sent = append(s.sent, msg)
	s.mu.Unlock()
	s.afterSend(msg)
	return msg, nil
}

// wamid returns a unique WhatsApp message id shaped like Meta's: "wamid." and base64 of a
// small binary record holding the recipient and a random tail.
func wamid(to string, seq uint64) string {
	b := []byte{0x18, byte(len(to))}
	b = append(b, to...)
	b = append(b, 0x15, 0x02, 0x00, 0x11, 0x18, 0x12)
	b = binary.BigEndian.AppendUint64(b, seq)
	b = append(b, randomText(10)...)
	b = append(b, 0x00)
	return "wamid." + base64.StdEncoding.EncodeToString(b)
}
