package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/reminders"
)

// The store is the reminders' database.
var _ reminders.Store = (*Store)(nil)

// ReminderTTL is how long a reminder's claim record is kept: well past the appointment it
// belongs to (a claim matters only on the day before), long enough to answer "was it sent?".
const ReminderTTL = 30 * 24 * time.Hour

// The states of a reminder's claim record: pending while a run owns it, then its outcome.
const remPending = "pending"

// reminderKey is one reminder's claim record: ORG#<org>#REM#<reminder key> / REM.
func reminderKey(org, remKey string) key { return key{orgPK(org) + "#REM#" + remKey, "REM"} }

// ClaimReminder takes the right to send one reminder by one conditional PutItem: it wins when
// no record exists, or when the record is still pending and was claimed ClaimLease or more
// ago (its run crashed). Of concurrent claimers exactly one wins; a marked record is never
// taken again.
func (s *Store) ClaimReminder(ctx context.Context, a reminders.Appointment, remKey string, now time.Time) (bool, error) {
	item := reminderKey(a.OrgID, remKey).av()
	item["org_id"] = sv(a.OrgID)
	item["job_id"] = nv(a.JobID)
	item["appointment_date"] = sv(a.Date)
	item["appointment_version"] = sv(a.Version)
	item["rem_state"] = sv(remPending)
	item["claimed_ms"] = nv(now.UnixMilli())
	item["claimed_at"] = timeAV(now)
	item["expires_at"] = nv(now.Add(ReminderTTL).Unix())
	_, err := s.db.PutItem(ctx, &ddb.PutItemInput{
		TableName:           aws.String(s.table),
		Item:                item,
		ConditionExpression: aws.String("attribute_not_exists(PK) OR (rem_state = :pending AND claimed_ms <= :stale)"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":pending": sv(remPending), ":stale": nv(now.Add(-reminders.ClaimLease).UnixMilli()),
		},
	})
	if _, failed := conditionFailed(err); failed {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("dynamo: claim reminder %s of %s job %d: %w", remKey, a.OrgID, a.JobID, err)
	}
	return true, nil
}

// MarkReminder records how a claimed reminder ended (one UpdateItem); the record then
// refuses every later claim.
func (s *Store) MarkReminder(ctx context.Context, a reminders.Appointment, remKey string, outcome reminders.Outcome, now time.Time) error {
	u := newUpdate()
	u.set("rem_state", sv(string(outcome)))
	u.set("marked_at", timeAV(now))
	if _, err := s.db.UpdateItem(ctx, u.input(s.table, reminderKey(a.OrgID, remKey))); err != nil {
		return fmt.Errorf("dynamo: mark reminder %s of %s job %d %s: %w", remKey, a.OrgID, a.JobID, outcome, err)
	}
	return nil
}
