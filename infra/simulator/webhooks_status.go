package simulator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// The statuses the simulator reports.
const (
	StatusSent      = "sent"
	StatusDelivered = "delivered"
	StatusRead      = "read"
	StatusFailed    = "failed"
)

// StatusScript changes the automatic status webhooks of the next matching sends, consumed
// first-in-first-out like faults.
type StatusScript struct {
	// To restricts the script to sends to this recipient (digits; a leading + is ignored).
	To string `json:"to"`
	// Count is how many sends it applies to; 1 when zero.
	Count int `json:"count"`
	// Statuses are reported in this order; sent, delivered, read by default, and sent, failed
	// with a Code. Reordering plays out-of-order delivery (e.g. sent, read, delivered).
	Statuses []string `json:"statuses,omitempty"`
	// Code makes the message fail with this error code (131026, 131047, 131049, 131050, ...).
	Code int `json:"code,omitempty"`
	// Duplicates POSTs each status this many extra times.
	Duplicates int `json:"duplicates,omitempty"`
	// BadSignature signs the statuses with a wrong secret.
	BadSignature bool `json:"bad_signature,omitempty"`
}

// ScriptStatuses queues a status script.
func (s *Simulator) ScriptStatuses(sc StatusScript) {
	if sc.Count <= 0 {
		sc.Count = 1
	}
	sc.To = strings.TrimPrefix(sc.To, "+")
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	s.hooks.scripts = append(s.hooks.scripts, sc)
}

// takeStatusScript consumes one use of the first script matching recipient to; the default
// script and false when none does.
func (s *Simulator) takeStatusScript(to string) (StatusScript, bool) {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	for i := range s.hooks.scripts {
		sc := &s.hooks.scripts[i]
		if sc.To != "" && sc.To != to {
			continue
		}
		taken := *sc
		if sc.Count--; sc.Count == 0 {
			s.hooks.scripts = append(s.hooks.scripts[:i], s.hooks.scripts[i+1:]...)
		}
		return taken, true
	}
	return StatusScript{}, false
}

// plan returns the statuses a script reports.
func (sc StatusScript) plan() []string {
	switch {
	case len(sc.Statuses) > 0:
		return sc.Statuses
	case sc.Code != 0:
		return []string{StatusSent, StatusFailed}
	}
	return []string{StatusSent, StatusDelivered, StatusRead}
}

// afterSend reports an accepted send's statuses in the background, StatusDelay apart. With
// automatic statuses off (a negative StatusDelay) only sends a script matches report any, at
// DefaultStatusDelay.
func (s *Simulator) afterSend(msg SentMessage) {
	s.hooks.mu.Lock()
	url, delay := s.hooks.url, s.hooks.statusDelay
	s.hooks.mu.Unlock()
	acct, ok := s.accountByPhone(msg.PhoneNumberID)
	if !ok || (url == "" && acct.Social == nil) {
		return
	}
	sc, scripted := s.takeStatusScript(strings.TrimPrefix(msg.To, "+"))
	if delay < 0 {
		if !scripted {
			return
		}
		delay = DefaultStatusDelay
	}
	s.hooks.wg.Add(1)
	go func() {
		defer s.hooks.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for _, st := range sc.plan() {
			time.Sleep(delay)
			d := s.statusDelivery(acct, msg, st, sc.Code)
			_, _ = s.post(ctx, acct, d, WebhookOptions{Times: 1 + sc.Duplicates, BadSignature: sc.BadSignature})
		}
	}()
}

// SendStatus POSTs one status webhook for an accepted send now, and returns the receiver's
// answers. A "failed" status carries code (131000 when zero).
func (s *Simulator) SendStatus(ctx context.Context, wamid, status string, code int, opts WebhookOptions) ([]int, error) {
	var msg *SentMessage
	for _, m := range s.Sent() {
		if m.WAMID == wamid {
			msg = &m
			break
		}
	}
	if msg == nil {
		return nil, fmt.Errorf("simulator: no sent message %s", wamid)
	}
	acct, ok := s.accountByPhone(msg.PhoneNumberID)
	if !ok {
		return nil, fmt.Errorf("simulator: no account for number %s", msg.PhoneNumberID)
	}
	if msg.Provider == messaging.ProviderTwilio {
		return s.sendTwilioStatus(ctx, acct, *msg, status, code, opts)
	}
	return s.post(ctx, acct, s.statusDelivery(acct, *msg, status, code), opts)
}

// sendTwilioStatus POSTs one Twilio status callback of msg to the StatusCallback its send named
// (opts.Times times), as afterTwilioSend would.
func (s *Simulator) sendTwilioStatus(ctx context.Context, acct Account, msg SentMessage, status string, code int, opts WebhookOptions) ([]int, error) {
	var sendForm url.Values
	if err := json.Unmarshal(msg.Raw, &sendForm); err != nil || sendForm.Get("StatusCallback") == "" {
		return nil, fmt.Errorf("simulator: Twilio send %s named no StatusCallback", msg.WAMID)
	}
	form := twilioStatusForm(acct, msg, status, code)
	var codes []int
	for range max(opts.Times, 1) {
		c, err := s.postTwilio(ctx, acct, sendForm.Get("StatusCallback"), form, WebhookDelivery{Kind: "status", WAMID: msg.WAMID, Status: status}, opts.BadSignature)
		if err != nil {
			return codes, err
		}
		codes = append(codes, c)
	}
	return codes, nil
}

// statusDelivery builds a status webhook as Meta sends it: conversation and pricing on sent and
// delivered, errors[] on failed, biz_opaque_callback_data echoed.
func (s *Simulator) statusDelivery(acct Account, msg SentMessage, status string, code int) WebhookDelivery {
	at := s.now()
	st := map[string]any{
		"id": msg.WAMID, "status": status, "timestamp": strconv.FormatInt(at.Unix(), 10),
		"recipient_id": strings.TrimPrefix(msg.To, "+"),
	}
	if msg.CallbackData != "" {
		st["biz_opaque_callback_data"] = msg.CallbackData
	}
	category := "utility"
	if t, ok := s.template(msg.Template, msg.Language); ok && t.Category != "" {
		category = strings.ToLower(t.Category)
	}
	switch status {
	case StatusSent, StatusDelivered:
		conv := map[string]any{"id": conversationID(acct.PhoneNumberID, msg.To), "origin": map[string]string{"type": category}}
		if status == StatusSent {
			conv["expiration_timestamp"] = strconv.FormatInt(msg.At.Add(24*time.Hour).Unix(), 10)
		}
		st["conversation"] = conv
		st["pricing"] = map[string]any{"billable": true, "pricing_model": "PMP", "category": category, "type": "regular"}
	case StatusFailed:
		if code == 0 {
			code = 131000
		}
		e := errorFor(code, "")
		title := strings.TrimSpace(e.Message[strings.IndexByte(e.Message, ')')+1:])
		st["errors"] = []any{map[string]any{
			"code": code, "title": title, "message": title,
			"error_data": map[string]string{"details": e.Details},
			"href":       "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
		}}
	}
	body := envelope(acct, map[string]any{"statuses": []any{st}})
	return WebhookDelivery{Kind: "status", WAMID: msg.WAMID, Status: status, Body: body}
}

// conversationID is a stable Meta-like conversation id for a business number and person.
func conversationID(phoneNumberID, to string) string {
	sum := sha256.Sum256([]byte(phoneNumberID + "#" + strings.TrimPrefix(to, "+")))
	return hex.EncodeToString(sum[:16])
}
