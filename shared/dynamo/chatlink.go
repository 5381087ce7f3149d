package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// ChatLinks keeps the click-to-chat links and puts conversations in their queues:
//
//	click-to-chat link     ORG#<org>#CHATLINK               <code>       -   -
//
// Requests per call: PutChatLink 1 conditional PutItem; ChatLinks 1 Query per MB of the
// organisation's links; AssignQueue 1 GetItem (the link) + 1 conditional UpdateItem (the
// conversation's queue, set once).
type ChatLinks struct{ s *Store }

// ChatLinks returns the store's click-to-chat links.
func (s *Store) ChatLinks() *ChatLinks { return &ChatLinks{s} }

func chatLinkPK(org string) string { return orgPK(org) + "#CHATLINK" }

// chatLinkItem is one link.
type chatLinkItem struct {
	key
	Kind     string `dynamodbav:"kind"`
	TargetID string `dynamodbav:"target_id"`
	Label    string `dynamodbav:"label"`
}

// PutChatLink stores a new link; a code already taken is CodeConflict (mint another).
func (c *ChatLinks) PutChatLink(ctx context.Context, l messaging.ChatLink) error {
	av, err := attributevalue.MarshalMap(chatLinkItem{key: key{chatLinkPK(l.OrgID), l.Code}, Kind: l.Kind, TargetID: l.TargetID, Label: l.Label})
	if err != nil {
		return fmt.Errorf("dynamo: put chat link of %s: encode: %w", l.OrgID, err)
	}
	_, err = c.s.db.PutItem(ctx, &ddb.PutItemInput{TableName: aws.String(c.s.table), Item: av,
		ConditionExpression: aws.String("attribute_not_exists(PK)")})
	if _, taken := conditionFailed(err); taken {
		return messaging.Errorf(messaging.CodeConflict, "click-to-chat code %s is taken", l.Code)
	}
	if err != nil {
		return fmt.Errorf("dynamo: put chat link of %s: %w", l.OrgID, err)
	}
	return nil
}

// ChatLinks lists the organisation's links, by code.
func (c *ChatLinks) ChatLinks(ctx context.Context, orgID string) ([]messaging.ChatLink, error) {
	var out []messaging.ChatLink
	p := ddb.NewQueryPaginator(c.s.db, &ddb.QueryInput{
		TableName: aws.String(c.s.table), KeyConditionExpression: aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":pk": sv(chatLinkPK(orgID))},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("dynamo: chat links of %s: %w", orgID, err)
		}
		var items []chatLinkItem
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, fmt.Errorf("dynamo: chat links of %s: decode: %w", orgID, err)
		}
		for _, it := range items {
			out = append(out, messaging.ChatLink{Code: it.SK, OrgID: orgID, Kind: it.Kind, TargetID: it.TargetID, Label: it.Label})
		}
	}
	return out, nil
}

// AssignQueue puts the conversation in the queue of the link with code, unless it already has
// a queue; an unknown code does nothing. It reports the queue the conversation got ("" for
// none).
func (c *ChatLinks) AssignQueue(ctx context.Context, orgID, conversationID, code string) (string, error) {
	var it chatLinkItem
	found, err := c.s.get(ctx, key{chatLinkPK(orgID), code}, false, &it)
	if err != nil {
		return "", fmt.Errorf("dynamo: chat link %s of %s: %w", code, orgID, err)
	}
	if !found {
		return "", nil
	}
	queue := messaging.ChatLink{Kind: it.Kind, TargetID: it.TargetID}.Queue()
	_, err = c.s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName: aws.String(c.s.table), Key: convKey(orgID, conversationID).av(),
		UpdateExpression:          aws.String("SET #q = :q"),
		ConditionExpression:       aws.String("attribute_exists(PK) AND attribute_not_exists(#q)"),
		ExpressionAttributeNames:  map[string]string{"#q": "queue"},
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":q": sv(queue)},
	})
	if _, failed := conditionFailed(err); failed {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("dynamo: queue conversation %s of %s: %w", conversationID, orgID, err)
	}
	return queue, nil
}
