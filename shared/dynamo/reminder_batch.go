package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/proplink/chat/shared/reminders"
)

// maxBatchGetKeys is the most keys one BatchGetItem takes.
const maxBatchGetKeys = 100

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
	found, err := s.consistentBatchGet(ctx, keys)
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

// consistentBatchGet reads items by key with strongly consistent BatchGetItems of up to 100
// keys each, retrying unprocessed keys with backoff, and returns those found. The keys must be
// distinct.
func (s *Store) consistentBatchGet(ctx context.Context, keys []key) (map[key]map[string]types.AttributeValue, error) {
	found := make(map[key]map[string]types.AttributeValue, len(keys))
	for start := 0; start < len(keys); start += maxBatchGetKeys {
		req := make([]map[string]types.AttributeValue, 0, maxBatchGetKeys)
		for _, k := range keys[start:min(start+maxBatchGetKeys, len(keys))] {
			req = append(req, k.av())
		}
		pending := map[string]types.KeysAndAttributes{s.table: {Keys: req, ConsistentRead: aws.Bool(true)}}
		for round := 0; len(pending) > 0; round++ {
			if round == maxBatchRounds {
				return nil, fmt.Errorf("batch get: keys still unprocessed after %d rounds", round)
			}
			if round > 0 {
				select {
				case <-ctx.Done():
					return nil, ctx.Err()
				case <-time.After(time.Duration(25<<round) * time.Millisecond):
				}
			}
			res, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: pending})
			if err != nil {
				return nil, fmt.Errorf("batch get: %w", err)
			}
			for _, av := range res.Responses[s.table] {
				var k key
				if err := attributevalue.UnmarshalMap(av, &k); err != nil {
					return nil, fmt.Errorf("batch get: decode key: %w", err)
				}
				found[k] = av
			}
			pending = res.UnprocessedKeys
			for t, ka := range pending {
				ka.ConsistentRead = aws.Bool(true) // a retry reads as consistently as the first try
				pending[t] = ka
			}
		}
	}
	return found, nil
}
