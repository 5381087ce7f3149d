package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// TemplateDeleted marks a template the provider no longer has; it is kept for its id and
// history but is not sendable.
const TemplateDeleted = "DELETED"

// templateItem is one template with our stable id.
type templateItem struct {
	key
	OrgID           string          `dynamodbav:"org_id"`
	ID              int             `dynamodbav:"template_id"`
	Name            string          `dynamodbav:"name"`
	DisplayName     string          `dynamodbav:"display_name"`
	Description     string          `dynamodbav:"description"`
	Language        string          `dynamodbav:"language"`
	Category        string          `dynamodbav:"category"`
	Status          string          `dynamodbav:"status"`
	Variables       []string        `dynamodbav:"variables"`
	ParameterFormat string          `dynamodbav:"parameter_format"`
	Components      []componentItem `dynamodbav:"components"`
	ProviderID      string          `dynamodbav:"provider_id"`
}

type componentItem struct {
	Type    string       `dynamodbav:"type"`
	Format  string       `dynamodbav:"format,omitempty"`
	Text    string       `dynamodbav:"text,omitempty"`
	Buttons []buttonItem `dynamodbav:"buttons,omitempty"`
}

type buttonItem struct {
	Type string `dynamodbav:"type"`
	Text string `dynamodbav:"text,omitempty"`
	URL  string `dynamodbav:"url,omitempty"`
}

// nameClaimItem holds the id of a name+language; written once, conditionally.
type nameClaimItem struct {
	key
	TemplateID int `dynamodbav:"template_id"`
}

func newTemplateItem(org string, t messaging.Template) templateItem {
	it := templateItem{
		key: templateKey(org, t.ID), OrgID: org, ID: t.ID, Name: t.Name, DisplayName: t.DisplayName,
		Description: t.Description, Language: t.Language, Category: t.Category, Status: t.Status,
		Variables: t.Variables, ParameterFormat: t.ParameterFormat, ProviderID: t.ProviderID,
	}
	if it.Variables == nil {
		it.Variables = []string{}
	}
	for _, c := range t.Components {
		ci := componentItem{Type: c.Type, Format: c.Format, Text: c.Text}
		for _, b := range c.Buttons {
			ci.Buttons = append(ci.Buttons, buttonItem(b))
		}
		it.Components = append(it.Components, ci)
	}
	return it
}

func (it templateItem) template() messaging.Template {
	t := messaging.Template{
		ID: it.ID, Name: it.Name, DisplayName: it.DisplayName, Description: it.Description,
		Language: it.Language, Category: it.Category, Status: it.Status, Variables: it.Variables,
		ParameterFormat: it.ParameterFormat, ProviderID: it.ProviderID,
	}
	if t.Variables == nil {
		t.Variables = []string{}
	}
	for _, ci := range it.Components {
		c := messaging.Component{Type: ci.Type, Format: ci.Format, Text: ci.Text}
		for _, b := range ci.Buttons {
			c.Buttons = append(c.Buttons, messaging.Button(b))
		}
		t.Components = append(t.Components, c)
	}
	return t
}

// templateNotFound is the one answer for an absent, deleted or other tenant's template.
func templateNotFound() error {
	return messaging.Errorf(messaging.CodeNotFound, "Template not found. It may not exist, have been deleted, or belong to a different organisation.")
}

// PutTemplate writes a template with its explicit id (seeding) and claims its name+language
// for that id; the id counter is raised past it so synced templates never reuse it.
func (s *Store) PutTemplate(ctx context.Context, orgID string, t messaging.Template) error {
	if t.ID <= 0 || t.Name == "" || t.Language == "" {
		return fmt.Errorf("dynamo: put template of %s: id, name and language are required", orgID)
	}
	item, err := attributevalue.MarshalMap(newTemplateItem(orgID, t))
	if err != nil {
		return fmt.Errorf("dynamo: put template %d of %s: %w", t.ID, orgID, err)
	}
	claim, err := attributevalue.MarshalMap(nameClaimItem{key: templateNameKey(orgID, t.Name, t.Language), TemplateID: t.ID})
	if err != nil {
		return fmt.Errorf("dynamo: put template %d of %s: %w", t.ID, orgID, err)
	}
	_, err = s.db.TransactWriteItems(ctx, &ddb.TransactWriteItemsInput{TransactItems: []ddb.TransactWriteItem{
		{Put: &ddb.Put{TableName: aws.String(s.table), Item: item}},
		{Put: &ddb.Put{
			TableName:                 aws.String(s.table),
			Item:                      claim,
			ConditionExpression:       aws.String("attribute_not_exists(PK) OR template_id = :id"),
			ExpressionAttributeValues: map[string]ddb.AttributeValue{":id": nv(t.ID)},
		}},
	}})
	if err != nil {
		return fmt.Errorf("dynamo: put template %d of %s (%s/%s; the name may hold another id): %w", t.ID, orgID, t.Name, t.Language, err)
	}
	_, err = s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       templateCounterKey(orgID).av(),
		UpdateExpression:          aws.String("SET next_id = :id"),
		ConditionExpression:       aws.String("attribute_not_exists(next_id) OR next_id < :id"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":id": nv(t.ID)},
	})
	if _, failed := conditionFailed(err); err != nil && !failed {
		return fmt.Errorf("dynamo: raise template counter of %s to %d: %w", orgID, t.ID, err)
	}
	return nil
}

// ListTemplates returns the organisation's templates ordered by id, deleted ones included.
func (s *Store) ListTemplates(ctx context.Context, orgID string) ([]messaging.Template, error) {
	items, err := s.queryTemplates(ctx, orgID)
	if err != nil {
		return nil, fmt.Errorf("dynamo: list templates of %s: %w", orgID, err)
	}
	out := make([]messaging.Template, 0, len(items))
	for _, it := range items {
		out = append(out, it.template())
	}
	return out, nil
}

// queryTemplates reads every template item of the organisation, in id order.
func (s *Store) queryTemplates(ctx context.Context, orgID string) ([]templateItem, error) {
	var out []templateItem
	p := ddb.NewQueryPaginator(s.db, &ddb.QueryInput{
		TableName:              aws.String(s.table),
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :sk)"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":pk": sv(orgPK(orgID)), ":sk": sv(skTemplatePfx),
		},
		ConsistentRead: aws.Bool(true),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		var items []templateItem
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}
