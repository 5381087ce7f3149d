package dynamo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
)

// skAudit is the sort key of an audit entry; the entry's key is its message id and action, so
// a retried turn writes it once, and GSI1 lists an organisation's entries by time.
const skAudit = "AUDIT"

func auditKey(org, messageID, action string) key {
	return key{orgPK(org) + "#AUDIT#" + messageID + "#" + action, skAudit}
}

func auditListPK(org string) string { return orgPK(org) + "#AUDITS" }

// auditItem is one stored audit entry.
type auditItem struct {
	key
	GSI1PK string `dynamodbav:"GSI1PK"`
	GSI1SK string `dynamodbav:"GSI1SK"`
	Entry  string `dynamodbav:"entry"` // the entry as JSON
}

// Auditor records the assistant's actions (assistant.Auditor).
type Auditor struct{ s *Store }

var _ assistant.Auditor = (*Auditor)(nil)

// Auditor returns the store's assistant audit.
func (s *Store) Auditor() *Auditor { return &Auditor{s} }

// Audit records e once per message id and action: one conditional PutItem; a repeat (a retried
// turn) changes nothing and is no error.
func (a *Auditor) Audit(ctx context.Context, e assistant.AuditEntry) error {
	if e.OrgID == "" || e.MessageID == "" || e.Action == "" {
		return fmt.Errorf("dynamo: audit: organisation, message id and action are required")
	}
	e.At = e.At.UTC()
	doc, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("dynamo: audit %s of %s: %w", e.Action, e.MessageID, err)
	}
	item, err := attributevalue.MarshalMap(auditItem{key: auditKey(e.OrgID, e.MessageID, e.Action), GSI1PK: auditListPK(e.OrgID),
		GSI1SK: convTime(e.At) + "#" + e.MessageID + "#" + e.Action, Entry: string(doc)})
	if err != nil {
		return fmt.Errorf("dynamo: audit %s of %s: %w", e.Action, e.MessageID, err)
	}
	_, err = a.s.db.PutItem(ctx, &ddb.PutItemInput{TableName: aws.String(a.s.table), Item: item,
		ConditionExpression: aws.String("attribute_not_exists(PK)")})
	if _, repeat := conditionFailed(err); repeat {
		return nil
	}
	if err != nil {
		return fmt.Errorf("dynamo: audit %s of %s: %w", e.Action, e.MessageID, err)
	}
	return nil
}

// List returns up to limit of the organisation's audit entries, newest first, from since on:
// one Query of GSI1 (eventually consistent).
func (a *Auditor) List(ctx context.Context, orgID string, since time.Time, limit int) ([]assistant.AuditEntry, error) {
	res, err := a.s.db.Query(ctx, &ddb.QueryInput{
		TableName:              aws.String(a.s.table),
		IndexName:              aws.String("GSI1"),
		KeyConditionExpression: aws.String("GSI1PK = :pk AND GSI1SK >= :since"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":pk": sv(auditListPK(orgID)), ":since": sv(convTime(since)),
		},
		ScanIndexForward: aws.Bool(false),
		Limit:            aws.Int32(int32(max(1, min(limit, 1000)))),
	})
	if err != nil {
		return nil, fmt.Errorf("dynamo: list audit of %s: %w", orgID, err)
	}
	var items []auditItem
	if err := attributevalue.UnmarshalListOfMaps(res.Items, &items); err != nil {
		return nil, fmt.Errorf("dynamo: list audit of %s: decode: %w", orgID, err)
	}
	out := make([]assistant.AuditEntry, 0, len(items))
	for _, it := range items {
		var e assistant.AuditEntry
		if err := json.Unmarshal([]byte(it.Entry), &e); err != nil {
			return nil, fmt.Errorf("dynamo: list audit of %s: decode: %w", orgID, err)
		}
		out = append(out, e)
	}
	return out, nil
}
