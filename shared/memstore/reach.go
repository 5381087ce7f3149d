package memstore

import (
	"context"

	"github.com/proplink/chat/shared/messaging"
)

// Suppress records that phone opted out of the organisation's messages (STOP), or lifts it.
func (s *Store) Suppress(orgID, phone string, optedOut bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.suppressed[orgID+"#"+phone] = optedOut
}

// GetSuppression returns the person's suppression record.
func (s *Store) GetSuppression(_ context.Context, orgID, phone string) (messaging.Suppression, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return messaging.Suppression{Phone: phone, OptedOut: s.suppressed[orgID+"#"+phone]}, nil
}

// LoadSendTo reads what a template send needs, with the recipient's suppression record.
func (s *Store) LoadSendTo(ctx context.Context, orgID string, jobID int64, templateID int, recipient string) (messaging.SendLoad, error) {
	st, job, tpl, err := s.LoadSend(ctx, orgID, jobID, templateID)
	sup, _ := s.GetSuppression(ctx, orgID, recipient)
	return messaging.SendLoad{Settings: st, Job: job, Template: tpl, Suppression: sup}, err
}

// LoadTextSend reads the settings and the recipient's suppression record for a free-form send.
func (s *Store) LoadTextSend(ctx context.Context, orgID, recipient string) (messaging.Settings, messaging.Suppression, error) {
	st, err := s.GetSettings(ctx, orgID)
	if err != nil {
		return st, messaging.Suppression{}, err
	}
	sup, _ := s.GetSuppression(ctx, orgID, recipient)
	return st, sup, nil
}

// RecordOutbound keeps a sent message in its conversation.
func (s *Store) RecordOutbound(_ context.Context, _, _, _ string, m messaging.ConversationMessage) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outbound = append(s.outbound, m)
	return nil
}

// KeepOutbound keeps a sent message in its conversation (whose pacing linked its job).
func (s *Store) KeepOutbound(ctx context.Context, orgID, phoneNumberID, phone string, m messaging.ConversationMessage) error {
	return s.RecordOutbound(ctx, orgID, phoneNumberID, phone, m)
}

// Outbound returns the messages recorded in conversations, in order.
func (s *Store) Outbound() []messaging.ConversationMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]messaging.ConversationMessage(nil), s.outbound...)
}
