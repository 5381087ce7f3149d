package memstore

import (
	"context"

	"github.com/proplink/chat/shared/messaging"
)

// PutAttachment writes an attachment's record, replacing what was there.
func (s *Store) PutAttachment(_ context.Context, a messaging.Attachment) error {
	if err := s.fail("PutAttachment", a.ID); err != nil {
		return err
	}
	if a.OrgID == "" || a.ID == "" {
		return errRequired("put attachment", a.ID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.attachments == nil {
		s.attachments = map[string]messaging.Attachment{}
	}
	s.attachments[a.OrgID+"#"+a.ID] = a
	return nil
}

// GetAttachment returns the organisation's attachment, or a CodeNotFound error.
func (s *Store) GetAttachment(_ context.Context, orgID, id string) (messaging.Attachment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.attachments[orgID+"#"+id]
	if !ok {
		return messaging.Attachment{}, messaging.Errorf(messaging.CodeNotFound, "Attachment not found")
	}
	return a, nil
}
