package dynamo

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// Property records are stored with their JSON field names, so the item reads like the API's
// record, beside the keys and these attributes.
const (
	attrCollection = "coll"
	attrOrg        = "org_id"
	attrVersion    = "version"
	attrWriteToken = "write_token"
)

func withJSONTags(o *attributevalue.EncoderOptions) { o.TagKey = "json" }

func fromJSONTags(o *attributevalue.DecoderOptions) { o.TagKey = "json" }

// recordItem builds the item of a record: its fields, keys and index keys.
func recordItem(org string, r property.Record) (map[string]ddb.AttributeValue, error) {
	item, err := attributevalue.MarshalMapWithOptions(r, withJSONTags)
	if err != nil {
		return nil, err
	}
	k := recordKey(org, r.Collection(), r.RecordID())
	item["PK"], item["SK"], item[attrCollection], item[attrOrg] = sv(k.PK), sv(k.SK), sv(r.Collection()), sv(org)
	gsi := func(pk, sk string) { item["GSI1PK"], item["GSI1SK"] = sv(pk), sv(sk) }
	switch v := r.(type) {
	case property.Contact:
		if v.Phone != "" {
			gsi(phoneGSI1PK(org, v.Phone), property.CollContacts+"#"+v.ID)
		}
	case property.Vendor:
		if v.Phone != "" {
			gsi(phoneGSI1PK(org, v.Phone), property.CollVendors+"#"+v.ID)
		}
	case property.Demand:
		gsi(demandsGSI1PK(org, v.UnitID), v.DueDate+"#"+v.Ref)
	case property.Bill:
		gsi(spendGSI1PK(org, v.SiteID), v.Date+"#BILL#"+v.ID)
	case property.Budget:
		gsi(spendGSI1PK(org, v.SiteID), v.Month+"#BUDGET#"+v.ID)
	case property.WorkOrder:
		if v.CostPence > 0 && v.CostDate != "" {
			gsi(spendGSI1PK(org, v.SiteID), v.CostDate+"#WO#"+v.Ref)
		}
	}
	return item, nil
}

// decodeRecord reads an item of the collection back into its record.
func decodeRecord(collection string, item map[string]ddb.AttributeValue) (property.Record, error) {
	p, ok := property.NewRecord(collection)
	if !ok {
		return nil, fmt.Errorf("unknown collection %q", collection)
	}
	if err := attributevalue.UnmarshalMapWithOptions(item, p, fromJSONTags); err != nil {
		return nil, fmt.Errorf("decode %s: %w", collection, err)
	}
	r := property.Deref(p)
	if c, ok := r.(property.Contact); ok && c.UnitIDs == nil {
		c.UnitIDs = []string{}
		r = c
	}
	return r, nil
}

// recordNotFound is the one answer for an absent, deleted or other tenant's record.
func recordNotFound(collection string) error {
	what := strings.TrimSuffix(strings.ReplaceAll(collection, "-", " "), "s")
	if collection == property.CollArrears {
		what = "arrears case"
	}
	return messaging.Errorf(messaging.CodeNotFound, "The %s was not found. It may not exist, have been deleted, or belong to a different organisation.", what)
}

// PutRecord writes a property record of the organisation, replacing the previous version. A
// work order keeps the notes and photos it gathered when the record brings none; one changed
// by someone else in between is a conflict.
func (s *Store) PutRecord(ctx context.Context, orgID string, r property.Record) error {
	if orgID == "" || r == nil || r.RecordID() == "" {
		return fmt.Errorf("dynamo: put property record: organisation, record and id are required")
	}
	if w, ok := r.(property.WorkOrder); ok {
		return s.putWorkOrder(ctx, orgID, w)
	}
	item, err := recordItem(orgID, r)
	if err != nil {
		return fmt.Errorf("dynamo: put %s of %s: %w", property.String(r), orgID, err)
	}
	if _, err := s.db.PutItem(ctx, &ddb.PutItemInput{TableName: aws.String(s.table), Item: item}); err != nil {
		return fmt.Errorf("dynamo: put %s of %s: %w", property.String(r), orgID, err)
	}
	return nil
}

// GetRecord returns one property record, or not found.
func (s *Store) GetRecord(ctx context.Context, orgID, collection, id string) (property.Record, error) {
	if _, ok := property.NewRecord(collection); !ok {
		return nil, messaging.Errorf(messaging.CodeNotFound, "No collection %q", collection)
	}
	res, err := s.db.GetItem(ctx, &ddb.GetItemInput{
		TableName: aws.String(s.table), Key: recordKey(orgID, collection, id).av(), ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return nil, fmt.Errorf("dynamo: get %s/%s of %s: %w", collection, id, orgID, err)
	}
	if res.Item == nil {
		return nil, recordNotFound(collection)
	}
	r, err := decodeRecord(collection, res.Item)
	if err != nil {
		return nil, fmt.Errorf("dynamo: get %s/%s of %s: %w", collection, id, orgID, err)
	}
	return r, nil
}

// ListRecords returns a page of a collection in id order, and how many records it holds.
func (s *Store) ListRecords(ctx context.Context, orgID, collection string, limit, offset int) ([]property.Record, int, error) {
	all, err := s.records(ctx, orgID, collection, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("dynamo: list %s of %s: %w", collection, orgID, err)
	}
	total := len(all)
	if offset >= total {
		return []property.Record{}, total, nil
	}
	return all[offset:min(total, offset+limit)], total, nil
}

// records reads every record of a collection, in id order, keeping those filter lets through
// (a DynamoDB filter expression with its values; nil for all).
func (s *Store) records(ctx context.Context, orgID, collection string, filter *queryFilter) ([]property.Record, error) {
	if _, ok := property.NewRecord(collection); !ok {
		return nil, messaging.Errorf(messaging.CodeNotFound, "No collection %q", collection)
	}
	in := &ddb.QueryInput{
		TableName:                 aws.String(s.table),
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":pk": sv(recordPK(orgID, collection))},
		ConsistentRead:            aws.Bool(true),
	}
	if filter != nil {
		in.FilterExpression = aws.String(filter.expr)
		for k, v := range filter.values {
			in.ExpressionAttributeValues[k] = v
		}
	}
	var out []property.Record
	p := ddb.NewQueryPaginator(s.db, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, item := range page.Items {
			r, err := decodeRecord(collection, item)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// queryFilter is a filter expression and its values.
type queryFilter struct {
	expr   string
	values map[string]ddb.AttributeValue
}

// index reads every item of one GSI1 partition whose sort key begins with prefix ("" for all).
func (s *Store) index(ctx context.Context, gsi1pk, prefix string, newestFirst bool) ([]map[string]ddb.AttributeValue, error) {
	in := &ddb.QueryInput{
		TableName:                 aws.String(s.table),
		IndexName:                 aws.String("GSI1"),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":pk": sv(gsi1pk)},
		ScanIndexForward:          aws.Bool(!newestFirst),
	}
	if prefix != "" {
		in.KeyConditionExpression = aws.String("GSI1PK = :pk AND begins_with(GSI1SK, :sk)")
		in.ExpressionAttributeValues[":sk"] = sv(prefix)
	}
	var out []map[string]ddb.AttributeValue
	p := ddb.NewQueryPaginator(s.db, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
	}
	return out, nil
}

// collectionOf returns the collection an item belongs to.
func collectionOf(item map[string]ddb.AttributeValue) string {
	if v, ok := item[attrCollection].(*ddb.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}
