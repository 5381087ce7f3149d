package turnqueue

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/sqsq"
)

// maxDedupeLen is SQS's limit on a FIFO message deduplication id.
const maxDedupeLen = 128

// Message is the AssistantQueue message of a turn: its conversation is the FIFO message group,
// so one person's turns are answered in order, and its wamid the deduplication id, so a
// re-queued turn within SQS's five-minute window is dropped.
func Message(t assistant.Turn) sqsq.Message {
	return sqsq.Message{Body: t, GroupID: t.ConversationID, DeduplicationID: dedupeID(t.MessageID)}
}

// dedupeID is the wamid, or its digest when it is longer than SQS allows.
func dedupeID(wamid string) string {
	if len(wamid) <= maxDedupeLen {
		return wamid
	}
	sum := sha256.Sum256([]byte(wamid))
	return hex.EncodeToString(sum[:])
}

// Decode reads an AssistantQueue body: a turn with an organisation, a conversation, a person
// and a message id.
func Decode(body []byte) (assistant.Turn, error) {
	var t assistant.Turn
	if err := json.Unmarshal(body, &t); err != nil {
		return assistant.Turn{}, fmt.Errorf("turnqueue: body is not a turn: %w", err)
	}
	if t.OrgID == "" || t.ConversationID == "" || t.Phone == "" || t.MessageID == "" {
		return assistant.Turn{}, errors.New("turnqueue: turn without an organisation, conversation, phone or message id")
	}
	return t, nil
}
