package dynamo

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// nameLang identifies a template at the provider.
func nameLang(name, lang string) string { return lang + "#" + name }

// SyncTemplates brings the organisation's templates in line with the provider's list and
// returns them all, ordered by id. A template keeps its id (and our display name and
// description) across syncs; a new one gets the next id, claimed so that concurrent syncs
// agree; one the provider no longer has is marked DELETED.
func (s *Store) SyncTemplates(ctx context.Context, orgID string, fromProvider []messaging.Template) ([]messaging.Template, error) {
	existing, err := s.queryTemplates(ctx, orgID)
	if err != nil {
		return nil, fmt.Errorf("dynamo: sync templates of %s: %w", orgID, err)
	}
	byName := make(map[string]templateItem, len(existing))
	for _, it := range existing {
		byName[nameLang(it.Name, it.Language)] = it
	}
	seen := make(map[string]bool, len(fromProvider))
	for _, p := range fromProvider {
		nl := nameLang(p.Name, p.Language)
		if p.Name == "" || p.Language == "" || seen[nl] {
			continue
		}
		seen[nl] = true
		old, ok := byName[nl]
		if !ok {
			if old, err = s.claimTemplate(ctx, orgID, p.Name, p.Language); err != nil {
				return nil, fmt.Errorf("dynamo: sync templates of %s: %w", orgID, err)
			}
		}
		t := p
		t.ID = old.ID
		if old.DisplayName != "" {
			t.DisplayName = old.DisplayName
		}
		if old.Description != "" {
			t.Description = old.Description
		}
		if err := s.put(ctx, newTemplateItem(orgID, t)); err != nil {
			return nil, fmt.Errorf("dynamo: sync template %d of %s: %w", t.ID, orgID, err)
		}
	}
	for _, it := range existing {
		if seen[nameLang(it.Name, it.Language)] || it.Status == TemplateDeleted {
			continue
		}
		it.Status = TemplateDeleted
		if err := s.put(ctx, it); err != nil {
			return nil, fmt.Errorf("dynamo: mark template %d of %s deleted: %w", it.ID, orgID, err)
		}
	}
	return s.ListTemplates(ctx, orgID)
}

// claimTemplate gives a name+language an id: the next value of the organisation's counter,
// claimed by a conditional put on the name item. When another sync claimed the name first,
// its id wins (our counter value is left unused) and the template it wrote, if any, is
// returned so its display name survives.
func (s *Store) claimTemplate(ctx context.Context, orgID, name, lang string) (templateItem, error) {
	res, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       templateCounterKey(orgID).av(),
		UpdateExpression:          aws.String("ADD next_id :one"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":one": nv(1)},
		ReturnValues:              ddb.ReturnValueUpdatedNew,
	})
	if err != nil {
		return templateItem{}, fmt.Errorf("next template id: %w", err)
	}
	n, ok := res.Attributes["next_id"].(*ddb.AttributeValueMemberN)
	if !ok {
		return templateItem{}, fmt.Errorf("next template id: counter missing from the answer")
	}
	id, err := strconv.Atoi(n.Value)
	if err != nil {
		return templateItem{}, fmt.Errorf("next template id %q: %w", n.Value, err)
	}
	claim, err := attributevalue.MarshalMap(nameClaimItem{key: templateNameKey(orgID, name, lang), TemplateID: id})
	if err != nil {
		return templateItem{}, err
	}
	_, err = s.db.PutItem(ctx, &ddb.PutItemInput{
		TableName:                           aws.String(s.table),
		Item:                                claim,
		ConditionExpression:                 aws.String("attribute_not_exists(PK)"),
		ReturnValuesOnConditionCheckFailure: ddb.ReturnValuesOnConditionCheckFailureAllOld,
	})
	old, failed := conditionFailed(err)
	if err != nil && !failed {
		return templateItem{}, fmt.Errorf("claim template %s/%s: %w", name, lang, err)
	}
	if !failed {
		return templateItem{ID: id}, nil
	}
	var prior nameClaimItem
	if err := attributevalue.UnmarshalMap(old, &prior); err != nil || prior.TemplateID <= 0 {
		return templateItem{}, fmt.Errorf("claim template %s/%s: unreadable prior claim: %v", name, lang, err)
	}
	var it templateItem
	if _, err := s.get(ctx, templateKey(orgID, prior.TemplateID), true, &it); err != nil {
		return templateItem{}, fmt.Errorf("read template %d: %w", prior.TemplateID, err)
	}
	it.ID = prior.TemplateID
	return it, nil
}
