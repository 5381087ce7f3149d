package simulator

import (
	"net/http"
	"strings"
	"time"
)

// ReadReceipt is a business marking a person's message read, as the simulator received it.
type ReadReceipt struct {
	PhoneNumberID string    `json:"phone_number_id"`
	MessageID     string    `json:"message_id"`
	At            time.Time `json:"at"`
}

// readReceipt answers a Cloud API read receipt ({"messaging_product":"whatsapp",
// "status":"read","message_id":"wamid..."}) with {"success": true}, as Meta does, and records
// it; any other status, or a message id that is not a wamid, is error 100.
func (s *Simulator) readReceipt(w http.ResponseWriter, acct Account, req SendRequest) {
	if !s.recordRead(acct, req) {
		writeError(w, errorFor(100, msgBadReadReceipt))
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

// socialReadReceipt answers SendWhatsAppMessage carrying a read receipt (Meta's message JSON
// {"messaging_product":"whatsapp","status":"read","message_id":"wamid..."}): recorded, and
// answered 200 without a message id, for Meta answers a read receipt with no message; anything
// else with a status is a ValidationException.
func (s *Simulator) socialReadReceipt(w http.ResponseWriter, acct Account, req SendRequest) {
	if !s.recordRead(acct, req) {
		writeSocialError(w, http.StatusBadRequest, "ValidationException", msgBadReadReceipt)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{})
}

// msgBadReadReceipt is Meta's refusal of a malformed read receipt.
const msgBadReadReceipt = "Invalid parameter: a read receipt needs status read and a wamid message_id."

// recordRead records a well-formed read receipt and reports whether it was one.
func (s *Simulator) recordRead(acct Account, req SendRequest) bool {
	if req.MessagingProduct != "whatsapp" || req.Status != "read" || !strings.HasPrefix(req.MessageID, "wamid.") {
		return false
	}
	s.mu.Lock()
	s.reads = append(s.reads, ReadReceipt{PhoneNumberID: acct.PhoneNumberID, MessageID: req.MessageID, At: s.now()})
	s.mu.Unlock()
	return true
}

// ReadReceipts returns the read receipts received, in order.
func (s *Simulator) ReadReceipts() []ReadReceipt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ReadReceipt(nil), s.reads...)
}
