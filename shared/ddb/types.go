package ddb

// ReturnValue names what a write returns of the item (ReturnValues).
type ReturnValue string

// The values of ReturnValue.
const (
	ReturnValueNone       ReturnValue = "NONE"
	ReturnValueAllOld     ReturnValue = "ALL_OLD"
	ReturnValueUpdatedOld ReturnValue = "UPDATED_OLD"
	ReturnValueAllNew     ReturnValue = "ALL_NEW"
	ReturnValueUpdatedNew ReturnValue = "UPDATED_NEW"
)

// ReturnValuesOnConditionCheckFailure names what a failed condition returns of the item.
type ReturnValuesOnConditionCheckFailure string

// The values of ReturnValuesOnConditionCheckFailure.
const (
	ReturnValuesOnConditionCheckFailureAllOld ReturnValuesOnConditionCheckFailure = "ALL_OLD"
	ReturnValuesOnConditionCheckFailureNone   ReturnValuesOnConditionCheckFailure = "NONE"
)

// Select names what a Query or Scan returns.
type Select string

// The values of Select.
const (
	SelectAllAttributes          Select = "ALL_ATTRIBUTES"
	SelectAllProjectedAttributes Select = "ALL_PROJECTED_ATTRIBUTES"
	SelectSpecificAttributes     Select = "SPECIFIC_ATTRIBUTES"
	SelectCount                  Select = "COUNT"
)

// TransactWriteItem is one action of a transaction: exactly one of its members.
type TransactWriteItem struct {
	ConditionCheck *ConditionCheck
	Delete         *Delete
	Put            *Put
	Update         *Update
}

// ConditionCheck checks a condition on an item within a transaction.
type ConditionCheck struct {
	ConditionExpression                 *string
	Key                                 map[string]AttributeValue
	TableName                           *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           map[string]AttributeValue
	ReturnValuesOnConditionCheckFailure ReturnValuesOnConditionCheckFailure
}

// Delete deletes an item within a transaction.
type Delete struct {
	Key                                 map[string]AttributeValue
	TableName                           *string
	ConditionExpression                 *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           map[string]AttributeValue
	ReturnValuesOnConditionCheckFailure ReturnValuesOnConditionCheckFailure
}

// Put writes an item within a transaction.
type Put struct {
	Item                                map[string]AttributeValue
	TableName                           *string
	ConditionExpression                 *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           map[string]AttributeValue
	ReturnValuesOnConditionCheckFailure ReturnValuesOnConditionCheckFailure
}

// Update updates an item within a transaction.
type Update struct {
	Key                                 map[string]AttributeValue
	TableName                           *string
	UpdateExpression                    *string
	ConditionExpression                 *string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           map[string]AttributeValue
	ReturnValuesOnConditionCheckFailure ReturnValuesOnConditionCheckFailure
}

// KeysAndAttributes is the items BatchGetItem reads of one table.
type KeysAndAttributes struct {
	Keys                     []map[string]AttributeValue
	AttributesToGet          []string
	ConsistentRead           *bool
	ExpressionAttributeNames map[string]string
	ProjectionExpression     *string
}

// WriteRequest is one write of BatchWriteItem: exactly one of its members.
type WriteRequest struct {
	DeleteRequest *DeleteRequest
	PutRequest    *PutRequest
}

// PutRequest writes an item in a BatchWriteItem.
type PutRequest struct {
	Item map[string]AttributeValue
}

// DeleteRequest deletes an item in a BatchWriteItem.
type DeleteRequest struct {
	Key map[string]AttributeValue
}

// condition writes the members transaction actions share.
func (w *writer) condition(table *string, cond *string, names map[string]string, values map[string]AttributeValue, rv ReturnValuesOnConditionCheckFailure) {
	w.optStr("TableName", table)
	w.optStr("ConditionExpression", cond)
	w.names("ExpressionAttributeNames", names)
	w.values("ExpressionAttributeValues", values)
	w.enum("ReturnValuesOnConditionCheckFailure", string(rv))
}

// transactItem writes one TransactWriteItem.
func (w *writer) transactItem(t TransactWriteItem) {
	w.open('{')
	if c := t.ConditionCheck; c != nil {
		w.key("ConditionCheck")
		w.open('{')
		w.item("Key", c.Key)
		w.condition(c.TableName, c.ConditionExpression, c.ExpressionAttributeNames, c.ExpressionAttributeValues, c.ReturnValuesOnConditionCheckFailure)
		w.close('}')
	}
	if d := t.Delete; d != nil {
		w.key("Delete")
		w.open('{')
		w.item("Key", d.Key)
		w.condition(d.TableName, d.ConditionExpression, d.ExpressionAttributeNames, d.ExpressionAttributeValues, d.ReturnValuesOnConditionCheckFailure)
		w.close('}')
	}
	if p := t.Put; p != nil {
		w.key("Put")
		w.open('{')
		w.item("Item", p.Item)
		w.condition(p.TableName, p.ConditionExpression, p.ExpressionAttributeNames, p.ExpressionAttributeValues, p.ReturnValuesOnConditionCheckFailure)
		w.close('}')
	}
	if u := t.Update; u != nil {
		w.key("Update")
		w.open('{')
		w.item("Key", u.Key)
		w.optStr("UpdateExpression", u.UpdateExpression)
		w.condition(u.TableName, u.ConditionExpression, u.ExpressionAttributeNames, u.ExpressionAttributeValues, u.ReturnValuesOnConditionCheckFailure)
		w.close('}')
	}
	w.close('}')
}

// keysAndAttributes writes one KeysAndAttributes.
func (w *writer) keysAndAttributes(k KeysAndAttributes) {
	w.open('{')
	if k.Keys != nil {
		w.key("Keys")
		w.open('[')
		for _, key := range k.Keys {
			w.elem()
			w.valueMap(key, 1)
		}
		w.close(']')
	}
	if k.AttributesToGet != nil {
		w.key("AttributesToGet")
		w.strs(k.AttributesToGet)
	}
	w.optBool("ConsistentRead", k.ConsistentRead)
	w.names("ExpressionAttributeNames", k.ExpressionAttributeNames)
	w.optStr("ProjectionExpression", k.ProjectionExpression)
	w.close('}')
}

// writeRequest writes one WriteRequest.
func (w *writer) writeRequest(q WriteRequest) {
	w.open('{')
	if d := q.DeleteRequest; d != nil {
		w.key("DeleteRequest")
		w.open('{')
		w.item("Key", d.Key)
		w.close('}')
	}
	if p := q.PutRequest; p != nil {
		w.key("PutRequest")
		w.open('{')
		w.item("Item", p.Item)
		w.close('}')
	}
	w.close('}')
}

// keysAndAttributes reads one KeysAndAttributes.
func (r *reader) keysAndAttributes() (KeysAndAttributes, error) {
	var k KeysAndAttributes
	err := r.object(func(name string) error {
		var err error
		switch name {
		case "Keys":
			k.Keys, err = r.items()
		case "AttributesToGet":
			k.AttributesToGet, err = r.strs()
		case "ConsistentRead":
			var b bool
			b, err = r.boolean()
			k.ConsistentRead = &b
		case "ExpressionAttributeNames":
			k.ExpressionAttributeNames, err = r.names()
		case "ProjectionExpression":
			k.ProjectionExpression, err = r.optStr()
		default:
			err = r.skip(0)
		}
		return err
	})
	return k, err
}

// writeRequest reads one WriteRequest.
func (r *reader) writeRequest() (WriteRequest, error) {
	var q WriteRequest
	err := r.object(func(name string) error {
		var err error
		switch name {
		case "PutRequest":
			q.PutRequest = &PutRequest{}
			err = r.object(func(name string) error {
				if name != "Item" {
					return r.skip(0)
				}
				var err error
				q.PutRequest.Item, err = r.item(1)
				return err
			})
		case "DeleteRequest":
			q.DeleteRequest = &DeleteRequest{}
			err = r.object(func(name string) error {
				if name != "Key" {
					return r.skip(0)
				}
				var err error
				q.DeleteRequest.Key, err = r.item(1)
				return err
			})
		default:
			err = r.skip(0)
		}
		return err
	})
	return q, err
}

// names reads a map of strings.
func (r *reader) names() (map[string]string, error) {
	if r.null() {
		return nil, nil
	}
	m := map[string]string{}
	err := r.object(func(name string) error {
		s, err := r.str()
		m[name] = s
		return err
	})
	return m, err
}
