package dynamo

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// LoadSendTo reads the settings, the job, the template and the recipient's suppression record
// in one BatchGetItem (+1 per retry of unprocessed keys). Absent settings are CodeNotConfigured,
// an absent job or template CodeNotFound; an absent suppression record is none.
func (s *Store) LoadSendTo(ctx context.Context, orgID string, jobID int64, templateID int, recipient string) (messaging.SendLoad, error) {
	var out messaging.SendLoad
	keys := []key{settingsKey(orgID), jobKey(orgID, jobID), templateKey(orgID, templateID), suppressKey(orgID, recipient)}
	items, err := s.batchGet(ctx, keys, false)
	if err != nil {
		return out, fmt.Errorf("dynamo: load send of job %d of %s: %w", jobID, orgID, err)
	}
	var (
		si settingsItem
		ji jobItem
		ti templateItem
	)
	for i, dst := range []struct {
		out     any
		missing error
	}{
		{&si, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)},
		{&ji, jobNotFound()},
		{&ti, templateNotFound()},
	} {
		av, ok := items[keys[i]]
		if !ok {
			return out, dst.missing
		}
		if err := attributevalue.UnmarshalMap(av, dst.out); err != nil {
			return out, fmt.Errorf("dynamo: load send: decode %s/%s: %w", keys[i].PK, keys[i].SK, err)
		}
	}
	sup, err := decodeSuppression(items[keys[3]], recipient)
	if err != nil {
		return out, fmt.Errorf("dynamo: load send of job %d of %s: %w", jobID, orgID, err)
	}
	return messaging.SendLoad{Settings: si.settings(), Job: ji.job(), Template: ti.template(), Suppression: sup}, nil
}

// LoadTextSend reads the settings and the recipient's suppression record in one BatchGetItem.
func (s *Store) LoadTextSend(ctx context.Context, orgID, recipient string) (messaging.Settings, messaging.Suppression, error) {
	keys := []key{settingsKey(orgID), suppressKey(orgID, recipient)}
	items, err := s.batchGet(ctx, keys, false)
	if err != nil {
		return messaging.Settings{}, messaging.Suppression{}, fmt.Errorf("dynamo: load text send of %s: %w", orgID, err)
	}
	av, ok := items[keys[0]]
	if !ok {
		return messaging.Settings{}, messaging.Suppression{}, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
	}
	var si settingsItem
	if err := attributevalue.UnmarshalMap(av, &si); err != nil {
		return messaging.Settings{}, messaging.Suppression{}, fmt.Errorf("dynamo: load text send of %s: decode settings: %w", orgID, err)
	}
	sup, err := decodeSuppression(items[keys[1]], recipient)
	if err != nil {
		return messaging.Settings{}, messaging.Suppression{}, fmt.Errorf("dynamo: load text send of %s: %w", orgID, err)
	}
	return si.settings(), sup, nil
}
