package dynamo

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/reminders"
)

// Recheck reads, for each appointment, its job, its tenant's suppression record (none when it
// has no number) and its reminder's claim record, strongly consistent, in BatchGetItems of up
// to 100 distinct keys (+1 per retry of unprocessed keys): one request for up to 33
// appointments. Keys shared by appointments (one number, two jobs) are read once.
func (s *Store) Recheck(ctx context.Context, as []reminders.Appointment) ([]reminders.Current, error) {
	seen := make(map[key]bool, 3*len(as))
	keys := make([]key, 0, 3*len(as))
	add := func(k key) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, a := range as {
		add(jobKey(a.OrgID, a.JobID))
		if a.TenantPhone != "" {
			add(suppressKey(a.OrgID, a.TenantPhone))
		}
		add(reminderKey(a.OrgID, a.ReminderKey()))
	}
	found, err := s.batchGet(ctx, keys, true)
	if err != nil {
		return nil, fmt.Errorf("dynamo: recheck %d appointments: %w", len(as), err)
	}
	out := make([]reminders.Current, len(as))
	for i, a := range as {
		if av, ok := found[jobKey(a.OrgID, a.JobID)]; ok {
			var it jobItem
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return nil, fmt.Errorf("dynamo: recheck: decode job %d of %s: %w", a.JobID, a.OrgID, err)
			}
			out[i].Job = it.job()
		}
		if a.TenantPhone != "" {
			sup, err := decodeSuppression(found[suppressKey(a.OrgID, a.TenantPhone)], a.TenantPhone)
			if err != nil {
				return nil, fmt.Errorf("dynamo: recheck job %d of %s: %w", a.JobID, a.OrgID, err)
			}
			out[i].OptedOut = sup.OptedOut
		}
		if av, ok := found[reminderKey(a.OrgID, a.ReminderKey())]; ok {
			var it struct {
				State string `dynamodbav:"rem_state"`
			}
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return nil, fmt.Errorf("dynamo: recheck: decode reminder of job %d of %s: %w", a.JobID, a.OrgID, err)
			}
			out[i].Done = it.State != "" && it.State != remPending
		}
	}
	return out, nil
}
