package platformevent

import (
	"crypto/sha256"
	"encoding/hex"
)

// Record is one record of the platform event queue: an emitted event (EndpointID empty),
// which the fan-out turns into one delivery record per endpoint (EndpointID set).
type Record struct {
	Event      Event  `json:"event"`
	EndpointID string `json:"endpoint_id,omitempty"`
}

// Group is the queue's message group of an emitted event: its organisation and subject, so
// one subject's events fan out in the order they were emitted.
func Group(ev Event) string { return "e-" + digest(ev.OrgID, ev.Subject) }

// DeliveryGroup is the message group of a delivery record: the endpoint and the event's
// subject, so one subject's events reach the endpoint in order and one endpoint's failures
// hold back only its own records of that subject.
func DeliveryGroup(endpointID string, ev Event) string {
	return "d-" + endpointID + "-" + digest(ev.OrgID, ev.Subject)
}

// DeliveryDedupe is the deduplication id of a delivery record.
func DeliveryDedupe(endpointID string, ev Event) string { return ev.ID + "-" + endpointID }

// digest shortens an organisation and subject into a group id SQS accepts (at most 128
// characters of its alphabet).
func digest(orgID, subject string) string {
	sum := sha256.Sum256([]byte(orgID + "\x00" + subject))
	return hex.EncodeToString(sum[:20])
}
