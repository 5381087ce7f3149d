package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
)

// maxBatchRounds bounds the retries of unprocessed keys.
const maxBatchRounds = 6

// maxBatchGetKeys is the most keys one BatchGetItem takes.
const maxBatchGetKeys = 100

// batchGet reads items by distinct keys in BatchGetItems of up to 100 keys, retrying
// unprocessed keys with backoff (as consistently as the first try), and returns those found.
func (s *Store) batchGet(ctx context.Context, keys []key, consistent bool) (map[key]map[string]ddb.AttributeValue, error) {
	found := make(map[key]map[string]ddb.AttributeValue, len(keys))
	for start := 0; start < len(keys); start += maxBatchGetKeys {
		req := make([]map[string]ddb.AttributeValue, 0, maxBatchGetKeys)
		for _, k := range keys[start:min(start+maxBatchGetKeys, len(keys))] {
			req = append(req, k.av())
		}
		pending := map[string]ddb.KeysAndAttributes{s.table: {Keys: req, ConsistentRead: aws.Bool(consistent)}}
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
			res, err := s.db.BatchGetItem(ctx, &ddb.BatchGetItemInput{RequestItems: pending})
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
