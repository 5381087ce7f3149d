package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/proplink/chat/shared/messaging"
)

// maxBatchRounds bounds the retries of unprocessed keys.
const maxBatchRounds = 6

// LoadSend reads everything a send needs — the settings, the job and the template — in one
// BatchGetItem, retrying unprocessed keys with backoff.
func (s *Store) LoadSend(ctx context.Context, orgID string, jobID int64, templateID int) (messaging.Settings, messaging.Job, messaging.Template, error) {
	var (
		st  messaging.Settings
		job messaging.Job
		tpl messaging.Template
	)
	items, err := s.batchGet(ctx, []key{settingsKey(orgID), jobKey(orgID, jobID), templateKey(orgID, templateID)}, false)
	if err != nil {
		return st, job, tpl, fmt.Errorf("dynamo: load send of job %d of %s: %w", jobID, orgID, err)
	}
	decode := func(k key, out any) (bool, error) {
		av, ok := items[k]
		if !ok {
			return false, nil
		}
		if err := attributevalue.UnmarshalMap(av, out); err != nil {
			return false, fmt.Errorf("dynamo: load send: decode %s/%s: %w", k.PK, k.SK, err)
		}
		return true, nil
	}
	var si settingsItem
	if ok, err := decode(settingsKey(orgID), &si); err != nil {
		return st, job, tpl, err
	} else if !ok {
		return st, job, tpl, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
	}
	var ji jobItem
	if ok, err := decode(jobKey(orgID, jobID), &ji); err != nil {
		return st, job, tpl, err
	} else if !ok {
		return st, job, tpl, jobNotFound()
	}
	var ti templateItem
	if ok, err := decode(templateKey(orgID, templateID), &ti); err != nil {
		return st, job, tpl, err
	} else if !ok {
		return st, job, tpl, templateNotFound()
	}
	return si.settings(), ji.job(), ti.template(), nil
}

// maxBatchGetKeys is the most keys one BatchGetItem takes.
const maxBatchGetKeys = 100

// batchGet reads items by distinct keys in BatchGetItems of up to 100 keys, retrying
// unprocessed keys with backoff (as consistently as the first try), and returns those found.
func (s *Store) batchGet(ctx context.Context, keys []key, consistent bool) (map[key]map[string]types.AttributeValue, error) {
	found := make(map[key]map[string]types.AttributeValue, len(keys))
	for start := 0; start < len(keys); start += maxBatchGetKeys {
		req := make([]map[string]types.AttributeValue, 0, maxBatchGetKeys)
		for _, k := range keys[start:min(start+maxBatchGetKeys, len(keys))] {
			req = append(req, k.av())
		}
		pending := map[string]types.KeysAndAttributes{s.table: {Keys: req, ConsistentRead: aws.Bool(consistent)}}
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
				ka.ConsistentRead = aws.Bool(consistent)
				pending[t] = ka
			}
		}
	}
	return found, nil
}
