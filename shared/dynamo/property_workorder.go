package dynamo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// workOrderVersion reads the version attribute of a work order item (0 when absent).
func workOrderVersion(item map[string]ddb.AttributeValue) int64 {
	n, _ := item[attrVersion].(*ddb.AttributeValueMemberN)
	if n == nil {
		return 0
	}
	v, _ := strconv.ParseInt(n.Value, 10, 64)
	return v
}

// putWorkOrder replaces a work order, keeping its notes and photos when w brings none, only if
// nobody changed it since it was read; the reference counter is raised past its reference.
func (s *Store) putWorkOrder(ctx context.Context, orgID string, w property.WorkOrder) error {
	k := recordKey(orgID, property.CollWorkOrders, w.Ref)
	res, err := s.db.GetItem(ctx, &ddb.GetItemInput{TableName: aws.String(s.table), Key: k.av(), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return fmt.Errorf("dynamo: put work order %s of %s: %w", w.Ref, orgID, err)
	}
	var version int64
	if res.Item != nil {
		old, err := decodeRecord(property.CollWorkOrders, res.Item)
		if err != nil {
			return fmt.Errorf("dynamo: put work order %s of %s: %w", w.Ref, orgID, err)
		}
		if w.Notes == nil {
			w.Notes = old.(property.WorkOrder).Notes
		}
		if w.AttachmentIDs == nil {
			w.AttachmentIDs = old.(property.WorkOrder).AttachmentIDs
		}
		version = workOrderVersion(res.Item)
	}
	item, err := recordItem(orgID, w)
	if err != nil {
		return fmt.Errorf("dynamo: put work order %s of %s: %w", w.Ref, orgID, err)
	}
	item[attrVersion] = nv(version + 1)
	// The write's token marks the item as this put's: when the SDK retries a put whose answer
	// was lost after it succeeded, the retry's refusal shows the token, and the put counts as
	// done instead of as somebody else's concurrent update.
	token := strconv.FormatUint(rand.Uint64(), 36)
	item[attrWriteToken] = sv(token)
	in := &ddb.PutItemInput{
		TableName: aws.String(s.table), Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)"),
		ReturnValuesOnConditionCheckFailure: ddb.ReturnValuesOnConditionCheckFailureAllOld,
	}
	if res.Item != nil {
		in.ConditionExpression = aws.String("#v = :v")
		in.ExpressionAttributeNames = map[string]string{"#v": attrVersion}
		in.ExpressionAttributeValues = map[string]ddb.AttributeValue{":v": nv(version)}
	}
	_, err = s.db.PutItem(ctx, in)
	if found, failed := conditionFailed(err); failed {
		if mine, _ := found[attrWriteToken].(*ddb.AttributeValueMemberS); mine == nil || mine.Value != token {
			return messaging.Wrap(messaging.CodeConflict, "The work order changed at the same time; please try again",
				fmt.Errorf("dynamo: put work order %s of %s: concurrent update", w.Ref, orgID))
		}
		err = nil
	}
	if err != nil {
		return fmt.Errorf("dynamo: put work order %s of %s: %w", w.Ref, orgID, err)
	}
	return s.raiseRefCounter(ctx, orgID, property.RefWorkOrder, w.Ref)
}

// WorkOrder returns one work order, or not found.
func (s *Store) WorkOrder(ctx context.Context, orgID, ref string) (property.WorkOrder, error) {
	r, err := s.GetRecord(ctx, orgID, property.CollWorkOrders, ref)
	if err != nil {
		return property.WorkOrder{}, err
	}
	return r.(property.WorkOrder), nil
}

// VendorWorkOrders returns the open work orders the vendor was awarded or invited to, in
// reference order.
func (s *Store) VendorWorkOrders(ctx context.Context, orgID, vendorID string) ([]property.WorkOrder, error) {
	rs, err := s.records(ctx, orgID, property.CollWorkOrders, &queryFilter{
		expr:   "vendor_id = :v OR contains(invited_ids, :v)",
		values: map[string]ddb.AttributeValue{":v": sv(vendorID)},
	})
	if err != nil {
		return nil, fmt.Errorf("dynamo: work orders of vendor %s of %s: %w", vendorID, orgID, err)
	}
	out := []property.WorkOrder{}
	for _, w := range records[property.WorkOrder](rs) {
		if w.Open() && w.Involves(vendorID) {
			out = append(out, w)
		}
	}
	return out, nil
}

// UpdateWorkOrder applies an update — status, the awarded vendor, a note, photos — and returns
// the work order as it then stands. The idempotency key is claimed in the same transaction, so
// a retried update changes nothing more; an absent work order is not found, and one awarded to
// another vendor is not awarded again (CodeUnprocessable).
func (s *Store) UpdateWorkOrder(ctx context.Context, orgID, ref string, u property.WorkOrderUpdate) (property.WorkOrder, error) {
	if err := property.CheckWorkOrderUpdate(u); err != nil {
		return property.WorkOrder{}, err
	}
	now := time.Now().UTC()
	up := newUpdate()
	up.set("updated_at", sv(now.Format(time.RFC3339)))
	up.names["#version"] = attrVersion
	up.values[":one"] = nv(1)
	up.sets = append(up.sets, "#version = if_not_exists(#version, :zero) + :one")
	up.values[":zero"] = nv(0)
	if u.Status != "" {
		up.set("status", sv(u.Status))
	}
	if u.VendorID != "" {
		up.set("vendor_id", sv(u.VendorID))
	}
	if u.Note != "" {
		note, err := attributevalue.MarshalWithOptions(property.WorkOrderNote{By: u.By, Text: u.Note, At: now.Format(time.RFC3339)}, withJSONTags)
		if err != nil {
			return property.WorkOrder{}, fmt.Errorf("dynamo: update work order %s of %s: %w", ref, orgID, err)
		}
		up.appendList("notes", &ddb.AttributeValueMemberL{Value: []ddb.AttributeValue{note}})
	}
	if len(u.AttachmentIDs) > 0 {
		ids := make([]ddb.AttributeValue, 0, len(u.AttachmentIDs))
		for _, id := range u.AttachmentIDs {
			ids = append(ids, sv(id))
		}
		up.appendList("attachment_ids", &ddb.AttributeValueMemberL{Value: ids})
	}
	up.condition("attribute_exists(PK)")
	if u.VendorID != "" {
		// Awarded once: another vendor's accept arriving at the same time finds it taken.
		up.value("blank", sv(""))
		up.condition("attribute_exists(PK) AND (attribute_not_exists(#vendor_id) OR #vendor_id = :blank OR #vendor_id = :vendor_id)")
	}
	in := up.input(s.table, recordKey(orgID, property.CollWorkOrders, ref))
	claim, err := attributevalue.MarshalMap(propClaimItem{key: propClaimKey(orgID, u.IdempotencyKey, "WO#"+ref), Ref: ref, ExpiresAt: now.Add(claimTTL).Unix()})
	if err != nil {
		return property.WorkOrder{}, fmt.Errorf("dynamo: update work order %s of %s: %w", ref, orgID, err)
	}
	_, err = s.db.TransactWriteItems(ctx, &ddb.TransactWriteItemsInput{TransactItems: []ddb.TransactWriteItem{
		s.putNew(claim),
		{Update: &ddb.Update{
			TableName: in.TableName, Key: in.Key, UpdateExpression: in.UpdateExpression, ConditionExpression: in.ConditionExpression,
			ExpressionAttributeNames: in.ExpressionAttributeNames, ExpressionAttributeValues: in.ExpressionAttributeValues,
		}},
	}})
	switch failed := cancelled(err); {
	case err == nil, failed(0) && !failed(1): // applied now, or by the first attempt
		return s.WorkOrder(ctx, orgID, ref)
	case failed(1) && u.VendorID != "":
		w, err := s.WorkOrder(ctx, orgID, ref)
		if err != nil {
			return property.WorkOrder{}, err
		}
		return property.WorkOrder{}, messaging.Errorf(messaging.CodeUnprocessable, "Work order %s is already awarded to another vendor", w.Ref)
	case failed(1):
		return property.WorkOrder{}, recordNotFound(property.CollWorkOrders)
	default:
		return property.WorkOrder{}, fmt.Errorf("dynamo: update work order %s of %s: %w", ref, orgID, err)
	}
}

var _ property.Platform = (*Store)(nil)

// InviteVendor adds a vendor to a work order's invited vendors, with a note by whom, and
// returns the work order as it then stands; added is false when the vendor was already
// invited (nothing changes). One conditional UpdateItem: an absent work order is not found,
// one awarded meanwhile is refused (CodeUnprocessable), so an invitation never lands on a
// work order that is no longer open to one.
func (s *Store) InviteVendor(ctx context.Context, orgID, ref, vendorID, by, note string) (property.WorkOrder, bool, error) {
	if !property.ValidID(vendorID) {
		return property.WorkOrder{}, false, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: vendor_id")
	}
	now := time.Now().UTC()
	up := newUpdate()
	up.set("updated_at", sv(now.Format(time.RFC3339)))
	up.names["#version"] = attrVersion
	up.values[":one"], up.values[":zero"] = nv(1), nv(0)
	up.sets = append(up.sets, "#version = if_not_exists(#version, :zero) + :one")
	up.appendList("invited_ids", &ddb.AttributeValueMemberL{Value: []ddb.AttributeValue{sv(vendorID)}})
	if note != "" {
		n, err := attributevalue.MarshalWithOptions(property.WorkOrderNote{By: by, Text: note, At: now.Format(time.RFC3339)}, withJSONTags)
		if err != nil {
			return property.WorkOrder{}, false, fmt.Errorf("dynamo: invite to work order %s of %s: %w", ref, orgID, err)
		}
		up.appendList("notes", &ddb.AttributeValueMemberL{Value: []ddb.AttributeValue{n}})
	}
	up.value("vendor", sv(vendorID))
	up.value("blank", sv(""))
	up.names["#vendor_id"] = "vendor_id"
	up.condition("attribute_exists(PK) AND NOT contains(#invited_ids, :vendor) AND (attribute_not_exists(#vendor_id) OR #vendor_id = :blank)")
	in := up.input(s.table, recordKey(orgID, property.CollWorkOrders, ref))
	in.ReturnValues = ddb.ReturnValueAllNew
	out, err := s.db.UpdateItem(ctx, in)
	old, failed := conditionFailed(err)
	switch {
	case err == nil:
		r, err := decodeRecord(property.CollWorkOrders, out.Attributes)
		if err != nil {
			return property.WorkOrder{}, false, fmt.Errorf("dynamo: invite to work order %s of %s: %w", ref, orgID, err)
		}
		return r.(property.WorkOrder), true, nil
	case !failed:
		return property.WorkOrder{}, false, fmt.Errorf("dynamo: invite to work order %s of %s: %w", ref, orgID, err)
	case old == nil:
		return property.WorkOrder{}, false, recordNotFound(property.CollWorkOrders)
	}
	r, err := decodeRecord(property.CollWorkOrders, old)
	if err != nil {
		return property.WorkOrder{}, false, fmt.Errorf("dynamo: invite to work order %s of %s: %w", ref, orgID, err)
	}
	w := r.(property.WorkOrder)
	if w.VendorID != "" {
		return w, false, messaging.Errorf(messaging.CodeUnprocessable, "Work order %s is already awarded, so it takes no more invitations", ref)
	}
	return w, false, nil
}
