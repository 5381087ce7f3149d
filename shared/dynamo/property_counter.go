package dynamo

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/property"
)

// NextRef takes the next reference of the kind (property.RefTicket, RefWorkOrder) for the
// organisation and year from an atomic counter: concurrent callers never get the same one.
func (s *Store) NextRef(ctx context.Context, orgID, kind string, year int) (string, error) {
	out, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       refCounterKey(orgID, kind, year).av(),
		UpdateExpression:          aws.String("ADD next_seq :one"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":one": nv(1)},
		ReturnValues:              ddb.ReturnValueUpdatedNew,
	})
	if err != nil {
		return "", fmt.Errorf("dynamo: next %s reference of %s: %w", kind, orgID, err)
	}
	n, ok := out.Attributes["next_seq"].(*ddb.AttributeValueMemberN)
	if !ok {
		return "", fmt.Errorf("dynamo: next %s reference of %s: no counter in the answer", kind, orgID)
	}
	seq, err := strconv.Atoi(n.Value)
	if err != nil {
		return "", fmt.Errorf("dynamo: next %s reference of %s: %w", kind, orgID, err)
	}
	return property.FormatRef(kind, year, seq), nil
}

// raiseRefCounter moves the counter of ref's kind and year past ref's number, so that a
// reference written explicitly (seeding, the API) is never handed out again.
func (s *Store) raiseRefCounter(ctx context.Context, orgID, kind, ref string) error {
	seq := refSeq(ref)
	if seq == 0 {
		return nil
	}
	_, err := s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       refCounterKey(orgID, kind, property.RefYear(ref)).av(),
		UpdateExpression:          aws.String("SET next_seq = :n"),
		ConditionExpression:       aws.String("attribute_not_exists(next_seq) OR next_seq < :n"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":n": nv(seq)},
	})
	if _, failed := conditionFailed(err); err != nil && !failed {
		return fmt.Errorf("dynamo: raise %s counter of %s to %s: %w", kind, orgID, ref, err)
	}
	return nil
}

// refSeq returns the number of a well-formed reference, 0 otherwise.
func refSeq(ref string) int {
	if property.RefYear(ref) == 0 {
		return 0
	}
	i := len(ref) - 1
	for i >= 0 && ref[i] != '-' {
		i--
	}
	n, _ := strconv.Atoi(ref[i+1:])
	return n
}
