package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// skAttachment is the sort key of an attachment item, under PK ORG#<org>#ATT#<attachment id>.
// Requests: PutAttachment 1 PutItem; GetAttachment 1 GetItem (strongly consistent).
const skAttachment = "ATT"

func attachmentKey(org, id string) key { return key{orgPK(org) + "#ATT#" + id, skAttachment} }

// attachmentItem is one attachment's metadata; its bytes are in S3 under Key.
type attachmentItem struct {
	key
	OrgID           string    `dynamodbav:"org_id"`
	ID              string    `dynamodbav:"attachment_id"`
	Direction       string    `dynamodbav:"direction"`
	Status          string    `dynamodbav:"status"`
	Reason          string    `dynamodbav:"reason,omitempty"`
	Kind            string    `dynamodbav:"kind"`
	FileName        string    `dynamodbav:"file_name,omitempty"`
	ContentType     string    `dynamodbav:"content_type,omitempty"`
	DeclaredType    string    `dynamodbav:"declared_type,omitempty"`
	Size            int64     `dynamodbav:"size"`
	SHA256          string    `dynamodbav:"sha256,omitempty"`
	Caption         string    `dynamodbav:"caption,omitempty"`
	S3Key           string    `dynamodbav:"s3_key,omitempty"`
	ConversationID  string    `dynamodbav:"conversation_id,omitempty"`
	JobID           int64     `dynamodbav:"job_id,omitempty"`
	MessageID       string    `dynamodbav:"message_id,omitempty"`
	From            string    `dynamodbav:"from,omitempty"`
	CreatedBy       string    `dynamodbav:"created_by,omitempty"`
	ProviderMediaID string    `dynamodbav:"provider_media_id,omitempty"`
	ProviderMediaAt time.Time `dynamodbav:"provider_media_at,omitempty"`
	Attempts        int       `dynamodbav:"attempts"`
	CreatedAt       time.Time `dynamodbav:"created_at"`
	UpdatedAt       time.Time `dynamodbav:"updated_at"`
}

// PutAttachment writes an attachment's metadata, replacing what was there.
func (s *Store) PutAttachment(ctx context.Context, a messaging.Attachment) error {
	if a.OrgID == "" || a.ID == "" {
		return fmt.Errorf("dynamo: put attachment %q: organisation and id are required", a.ID)
	}
	it := attachmentItem{
		key: attachmentKey(a.OrgID, a.ID), OrgID: a.OrgID, ID: a.ID, Direction: a.Direction, Status: a.Status,
		Reason: a.Reason, Kind: a.Kind, FileName: a.FileName, ContentType: a.ContentType, DeclaredType: a.DeclaredType,
		Size: a.Size, SHA256: a.SHA256, Caption: a.Caption, S3Key: a.Key, ConversationID: a.ConversationID,
		JobID: a.JobID, MessageID: a.MessageID, From: a.From, CreatedBy: a.CreatedBy,
		ProviderMediaID: a.ProviderMediaID, ProviderMediaAt: a.ProviderMediaAt, Attempts: a.Attempts,
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt,
	}
	if err := s.put(ctx, it); err != nil {
		return fmt.Errorf("dynamo: put attachment %s of %s: %w", a.ID, a.OrgID, err)
	}
	return nil
}

// GetAttachment returns the organisation's attachment, or a CodeNotFound error (also for
// another organisation's id: the key starts with the caller's organisation).
func (s *Store) GetAttachment(ctx context.Context, orgID, id string) (messaging.Attachment, error) {
	var it attachmentItem
	ok, err := s.get(ctx, attachmentKey(orgID, id), true, &it)
	if err != nil {
		return messaging.Attachment{}, fmt.Errorf("dynamo: get attachment %s of %s: %w", id, orgID, err)
	}
	if !ok {
		return messaging.Attachment{}, messaging.Errorf(messaging.CodeNotFound, "Attachment not found")
	}
	return messaging.Attachment{
		ID: it.ID, OrgID: it.OrgID, Direction: it.Direction, Status: it.Status, Reason: it.Reason, Kind: it.Kind,
		FileName: it.FileName, ContentType: it.ContentType, DeclaredType: it.DeclaredType, Size: it.Size,
		SHA256: it.SHA256, Caption: it.Caption, Key: it.S3Key, ConversationID: it.ConversationID, JobID: it.JobID,
		MessageID: it.MessageID, From: it.From, CreatedBy: it.CreatedBy, ProviderMediaID: it.ProviderMediaID,
		ProviderMediaAt: it.ProviderMediaAt, Attempts: it.Attempts, CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt,
	}, nil
}
