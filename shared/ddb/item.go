package ddb

import "context"

// GetItemInput is GetItem's request.
type GetItemInput struct {
	Key                      map[string]AttributeValue
	TableName                *string
	ConsistentRead           *bool
	ExpressionAttributeNames map[string]string
	ProjectionExpression     *string
}

// GetItemOutput is GetItem's answer; Item is nil when there is no such item.
type GetItemOutput struct {
	Item map[string]AttributeValue
}

// GetItem reads one item by its key.
func (c *Client) GetItem(ctx context.Context, in *GetItemInput, optFns ...func(*Options)) (*GetItemOutput, error) {
	if in == nil {
		in = &GetItemInput{}
	}
	w := &writer{}
	w.open('{')
	w.item("Key", in.Key)
	w.optStr("TableName", in.TableName)
	w.optBool("ConsistentRead", in.ConsistentRead)
	w.names("ExpressionAttributeNames", in.ExpressionAttributeNames)
	w.optStr("ProjectionExpression", in.ProjectionExpression)
	w.close('}')
	out := &GetItemOutput{}
	err := c.call(ctx, "GetItem", w, func(r *reader, name string) error {
		if name == "Item" {
			var err error
			out.Item, err = r.item(1)
			return err
		}
		return r.skip(0)
	}, optFns)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PutItemInput is PutItem's request.
type PutItemInput struct {
	Item                                map[string]AttributeValue
	TableName                           *string
	ConditionExpression                 *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           map[string]AttributeValue
	ReturnValues                        ReturnValue
	ReturnValuesOnConditionCheckFailure ReturnValuesOnConditionCheckFailure
}

// PutItemOutput is PutItem's answer: the item's old attributes when ReturnValues asked.
type PutItemOutput struct {
	Attributes map[string]AttributeValue
}

// PutItem writes a whole item, replacing any with its key, when the condition holds.
func (c *Client) PutItem(ctx context.Context, in *PutItemInput, optFns ...func(*Options)) (*PutItemOutput, error) {
	if in == nil {
		in = &PutItemInput{}
	}
	w := &writer{}
	w.open('{')
	w.item("Item", in.Item)
	w.writeCommon(in.TableName, in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues, in.ReturnValues, in.ReturnValuesOnConditionCheckFailure)
	w.close('}')
	out := &PutItemOutput{}
	if err := c.call(ctx, "PutItem", w, attributes(&out.Attributes), optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateItemInput is UpdateItem's request.
type UpdateItemInput struct {
	Key                                 map[string]AttributeValue
	TableName                           *string
	ConditionExpression                 *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           map[string]AttributeValue
	ReturnValues                        ReturnValue
	ReturnValuesOnConditionCheckFailure ReturnValuesOnConditionCheckFailure
	UpdateExpression                    *string
}

// UpdateItemOutput is UpdateItem's answer: the attributes ReturnValues asked for.
type UpdateItemOutput struct {
	Attributes map[string]AttributeValue
}

// UpdateItem changes (or creates) one item's attributes when the condition holds.
func (c *Client) UpdateItem(ctx context.Context, in *UpdateItemInput, optFns ...func(*Options)) (*UpdateItemOutput, error) {
	if in == nil {
		in = &UpdateItemInput{}
	}
	w := &writer{}
	w.open('{')
	w.item("Key", in.Key)
	w.optStr("UpdateExpression", in.UpdateExpression)
	w.writeCommon(in.TableName, in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues, in.ReturnValues, in.ReturnValuesOnConditionCheckFailure)
	w.close('}')
	out := &UpdateItemOutput{}
	if err := c.call(ctx, "UpdateItem", w, attributes(&out.Attributes), optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteItemInput is DeleteItem's request.
type DeleteItemInput struct {
	Key                                 map[string]AttributeValue
	TableName                           *string
	ConditionExpression                 *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           map[string]AttributeValue
	ReturnValues                        ReturnValue
	ReturnValuesOnConditionCheckFailure ReturnValuesOnConditionCheckFailure
}

// DeleteItemOutput is DeleteItem's answer: the item's old attributes when ReturnValues asked.
type DeleteItemOutput struct {
	Attributes map[string]AttributeValue
}

// DeleteItem deletes one item by its key when the condition holds.
func (c *Client) DeleteItem(ctx context.Context, in *DeleteItemInput, optFns ...func(*Options)) (*DeleteItemOutput, error) {
	if in == nil {
		in = &DeleteItemInput{}
	}
	w := &writer{}
	w.open('{')
	w.item("Key", in.Key)
	w.writeCommon(in.TableName, in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues, in.ReturnValues, in.ReturnValuesOnConditionCheckFailure)
	w.close('}')
	out := &DeleteItemOutput{}
	if err := c.call(ctx, "DeleteItem", w, attributes(&out.Attributes), optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// writeCommon writes the members the single-item writes share.
func (w *writer) writeCommon(table, cond *string, names map[string]string, values map[string]AttributeValue, rv ReturnValue, rvf ReturnValuesOnConditionCheckFailure) {
	w.optStr("TableName", table)
	w.optStr("ConditionExpression", cond)
	w.names("ExpressionAttributeNames", names)
	w.values("ExpressionAttributeValues", values)
	w.enum("ReturnValues", string(rv))
	w.enum("ReturnValuesOnConditionCheckFailure", string(rvf))
}

// attributes reads an answer's Attributes into dst.
func attributes(dst *map[string]AttributeValue) func(r *reader, name string) error {
	return func(r *reader, name string) error {
		if name == "Attributes" {
			var err error
			*dst, err = r.item(1)
			return err
		}
		return r.skip(0)
	}
}
