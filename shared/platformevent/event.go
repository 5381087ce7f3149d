// Package platformevent is the domain of platform events: what the back-end tells an
// organisation's own platform about its conversations (signed outbound webhooks to the
// endpoints in its settings, and optionally an EventBridge bus). It holds the event, its
// kinds and payloads, the endpoint, the signature a receiver checks and the rules of
// delivery (which answers retry, how long to wait). It imports no AWS or Lambda package.
package platformevent

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	"github.com/oklog/ulid/v2"
)

// Kind names what happened.
type Kind string

// The kinds of event, as receivers see them in the event's "type" and the X-PropLink-Event-Type
// header.
const (
	KindMessageReceived  Kind = "message.received"
	KindMessageStatus    Kind = "message.status"
	KindOptedOut         Kind = "conversation.opted_out"
	KindOptedIn          Kind = "conversation.opted_in"
	KindAttachmentStored Kind = "attachment.stored"
	KindCaseNoteCreated  Kind = "case_note.created"
	KindTicketCreated    Kind = "ticket.created"
	KindWorkOrderUpdated Kind = "work_order.updated"
)

// Kinds lists every kind, in the order the documentation gives them.
var Kinds = []Kind{KindMessageReceived, KindMessageStatus, KindOptedOut, KindOptedIn, KindAttachmentStored,
	KindCaseNoteCreated, KindTicketCreated, KindWorkOrderUpdated}

// Known reports whether k is one of Kinds.
func (k Kind) Known() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Event is one thing that happened in an organisation, as every endpoint receives it (the
// delivery's body is the event's JSON).
type Event struct {
	// ID is the same on every delivery of the event, retries included: receivers dedupe by it.
	ID   string `json:"id"`
	Type Kind   `json:"type"`
	// OrgID is the organisation the event belongs to.
	OrgID     string    `json:"org_id"`
	CreatedAt time.Time `json:"created_at"`
	// Subject is what the event is about (a conversation, a job, a ticket, a work order):
	// events of one subject reach each endpoint in the order they were emitted.
	Subject string `json:"subject"`
	// Data is the kind's payload (the structs in payload.go).
	Data json.RawMessage `json:"data"`
}

// New builds an event whose id is derived from the organisation, kind and source (what makes
// the event unique: a provider message id, a note id, ...) and its time, so an event emitted
// again for the same happening (a retried step) carries the same id and dedupes.
func New(orgID string, kind Kind, subject, source string, at time.Time, data any) (Event, error) {
	if orgID == "" || !kind.Known() || subject == "" || source == "" {
		return Event{}, fmt.Errorf("platformevent: %s event needs an organisation, a subject and a source", kind)
	}
	b, err := json.Marshal(data)
	if err != nil {
		return Event{}, fmt.Errorf("platformevent: encode %s data: %w", kind, err)
	}
	at = at.UTC()
	sum := sha256.Sum256([]byte(orgID + "\x00" + string(kind) + "\x00" + source + "\x00" + at.Format(time.RFC3339Nano)))
	id, err := ulid.New(ulid.Timestamp(at), bytes.NewReader(sum[:]))
	if err != nil {
		return Event{}, fmt.Errorf("platformevent: id of %s: %w", kind, err)
	}
	return Event{ID: "evt_" + id.String(), Type: kind, OrgID: orgID, CreatedAt: at, Subject: subject, Data: b}, nil
}
