package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// TemplateReview is a template review outcome, to be delivered as Meta's
// message_template_status_update webhook. Such a webhook names only the WhatsApp Business
// Account (entry.id), never a phone number.
type TemplateReview struct {
	// WABAID is the account whose template it is; the first account's when empty.
	WABAID   string `json:"waba_id,omitempty"`
	Name     string `json:"name"`
	Language string `json:"language"`
	// Event is Meta's outcome: APPROVED, REJECTED, PAUSED, DISABLED, PENDING_DELETION...
	Event string `json:"event"`
	// Reason is Meta's reason ("NONE" when empty).
	Reason string `json:"reason,omitempty"`
	WebhookOptions
}

// templateStatuses are the events that are also a template's listed status.
var templateStatuses = map[string]bool{
	messaging.TemplateApproved: true, "REJECTED": true, "PAUSED": true, "DISABLED": true, "PENDING": true,
}

// SendTemplateReview records the outcome on the simulator's template (so later template lists
// agree) and POSTs the signed template status webhook now, returning the receiver's answers.
func (s *Simulator) SendTemplateReview(ctx context.Context, r TemplateReview) ([]int, error) {
	acct := s.accounts[0]
	if r.WABAID != "" {
		a, ok := s.accountByWABA(r.WABAID)
		if !ok {
			return nil, fmt.Errorf("simulator: no account for WABA %s", r.WABAID)
		}
		acct = a
	}
	if r.Event == "" {
		return nil, errors.New("simulator: a template review needs an event")
	}
	t, ok := s.template(r.Name, r.Language)
	if !ok {
		return nil, fmt.Errorf("simulator: no template %s in %s", r.Name, r.Language)
	}
	if templateStatuses[r.Event] {
		t.Status = r.Event
		s.putTemplate(t)
	}
	reason := r.Reason
	if reason == "" {
		reason = "NONE"
	}
	var id any = t.ProviderID
	if digitsOnly.MatchString(t.ProviderID) {
		id = json.Number(t.ProviderID) // Meta sends the id as a number
	}
	value := map[string]any{
		"event": r.Event, "message_template_id": id, "message_template_name": t.Name,
		"message_template_language": t.Language, "reason": reason,
	}
	if t.Category != "" {
		value["message_template_category"] = t.Category
	}
	body := map[string]any{
		"object": meta.ObjectWhatsApp,
		"entry": []any{map[string]any{
			"id": acct.WABAID, "time": s.now().Unix(),
			"changes": []any{map[string]any{"value": value, "field": "message_template_status_update"}},
		}},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		return nil, fmt.Errorf("simulator: template review body: %w", err)
	}
	d := WebhookDelivery{Kind: "template_status", Status: r.Event, Body: bytes.TrimRight(b.Bytes(), "\n")}
	return s.post(ctx, acct, d, r.WebhookOptions)
}
