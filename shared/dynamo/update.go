package dynamo

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
)

// update builds an UpdateItem whose every attribute goes through a name placeholder (#name)
// and every value through a value placeholder (:name).
type update struct {
	sets    []string
	removes []string
	names   map[string]string
	values  map[string]ddb.AttributeValue
	cond    string
}

func newUpdate() *update {
	return &update{names: map[string]string{}, values: map[string]ddb.AttributeValue{}}
}

func (u *update) ref(name string, v ddb.AttributeValue) (string, string) {
	u.names["#"+name] = name
	u.values[":"+name] = v
	return "#" + name, ":" + name
}

// set replaces the attribute.
func (u *update) set(name string, v ddb.AttributeValue) {
	n, val := u.ref(name, v)
	u.sets = append(u.sets, n+" = "+val)
}

// setIfNotExists writes the attribute only when it is absent.
func (u *update) setIfNotExists(name string, v ddb.AttributeValue) {
	n, val := u.ref(name, v)
	u.sets = append(u.sets, n+" = if_not_exists("+n+", "+val+")")
}

// appendList appends the list value to the attribute, creating it when absent.
func (u *update) appendList(name string, list ddb.AttributeValue) {
	n, val := u.ref(name, list)
	u.values[":empty_list"] = &ddb.AttributeValueMemberL{Value: []ddb.AttributeValue{}}
	u.sets = append(u.sets, n+" = list_append(if_not_exists("+n+", :empty_list), "+val+")")
}

// increment adds one to the number attribute, counting from zero when absent.
func (u *update) increment(name string) {
	n, one := u.ref(name, nv(1))
	u.values[":zero_"+name] = nv(0)
	u.sets = append(u.sets, n+" = if_not_exists("+n+", :zero_"+name+") + "+one)
}

// remove deletes the attribute.
func (u *update) remove(name string) {
	u.names["#"+name] = name
	u.removes = append(u.removes, "#"+name)
}

// value declares a value placeholder for the condition.
func (u *update) value(name string, v ddb.AttributeValue) { u.values[":"+name] = v }

// condition sets the condition; its placeholders must be ones set() declared.
func (u *update) condition(c string) { u.cond = c }

// empty says the update changes nothing.
func (u *update) empty() bool { return len(u.sets) == 0 && len(u.removes) == 0 }

// expression is the update expression: its SET clause and its REMOVE clause, each only when it
// has actions (DynamoDB refuses a clause without any).
func (u *update) expression() string {
	var clauses []string
	if len(u.sets) > 0 {
		clauses = append(clauses, "SET "+strings.Join(u.sets, ", "))
	}
	if len(u.removes) > 0 {
		clauses = append(clauses, "REMOVE "+strings.Join(u.removes, ", "))
	}
	return strings.Join(clauses, " ")
}

func (u *update) input(table string, k key) *ddb.UpdateItemInput {
	expr := u.expression()
	in := &ddb.UpdateItemInput{
		TableName:                 aws.String(table),
		Key:                       k.av(),
		UpdateExpression:          aws.String(expr),
		ExpressionAttributeNames:  u.names,
		ExpressionAttributeValues: u.values,
	}
	if u.cond != "" {
		in.ConditionExpression = aws.String(u.cond)
		in.ReturnValuesOnConditionCheckFailure = ddb.ReturnValuesOnConditionCheckFailureAllOld
	}
	return in
}

// transact is the update as one write of a TransactWriteItems.
func (u *update) transact(table string, k key) ddb.TransactWriteItem {
	in := u.input(table, k)
	w := &ddb.Update{
		TableName: in.TableName, Key: in.Key, UpdateExpression: in.UpdateExpression,
		ExpressionAttributeNames: in.ExpressionAttributeNames, ExpressionAttributeValues: in.ExpressionAttributeValues,
		ConditionExpression: in.ConditionExpression,
	}
	if in.ConditionExpression != nil {
		w.ReturnValuesOnConditionCheckFailure = ddb.ReturnValuesOnConditionCheckFailureAllOld
	}
	return ddb.TransactWriteItem{Update: w}
}

// claim runs a conditional UpdateItem that takes a record (a claim with a lease) and returns the
// record: as written when the condition held (acquired), as it stood when it did not.
func (s *Store) claim(ctx context.Context, in *ddb.UpdateItemInput) (map[string]ddb.AttributeValue, bool, error) {
	in.ReturnValues = ddb.ReturnValueAllNew
	in.ReturnValuesOnConditionCheckFailure = ddb.ReturnValuesOnConditionCheckFailureAllOld
	res, err := s.db.UpdateItem(ctx, in)
	if old, failed := conditionFailed(err); failed {
		return old, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return res.Attributes, true, nil
}
