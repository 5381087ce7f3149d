package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/reminders"
)

// gsi1 is the table's one secondary index (GSI1PK/GSI1SK, projection ALL). Its partitions
// never collide: API tokens use ORG#<org>#USER#<user>, conversation lists ORG#<org>#CONVS,
// the appointment date index APPT#<date>#<shard>.
const gsi1 = "GSI1"

// appointmentFields are the job attributes a reminder needs; the query reads only these.
var appointmentFields = []string{
	"org_id", "job_id", "appointment_date", "time_window", "time_zone",
	"tenant_phone", "tenant_first_name", "appointment_status",
}

// DueAppointments returns the appointments in one partition of the date index
// (reminders.IndexPK(date, shard)): one Query per MB of results, following every page, never a
// Scan. The index is eventually consistent, so a job changed a moment ago may still show its
// previous appointment; the reminders re-read the job (consistently, in batches: Recheck)
// before they claim and send.
func (s *Store) DueAppointments(ctx context.Context, date string, shard int) ([]reminders.Appointment, error) {
	pk := reminders.IndexPK(date, shard)
	names := make(map[string]string, len(appointmentFields))
	proj := ""
	for i, f := range appointmentFields {
		n := fmt.Sprintf("#f%d", i)
		names[n] = f
		if i > 0 {
			proj += ", "
		}
		proj += n
	}
	names["#pk"] = "GSI1PK"
	in := &ddb.QueryInput{
		TableName:                 aws.String(s.table),
		IndexName:                 aws.String(gsi1),
		KeyConditionExpression:    aws.String("#pk = :pk"),
		ProjectionExpression:      aws.String(proj),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":pk": sv(pk)},
	}
	var out []reminders.Appointment
	for {
		res, err := s.db.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("dynamo: query appointments %s: %w", pk, err)
		}
		for _, av := range res.Items {
			var it jobItem
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return nil, fmt.Errorf("dynamo: query appointments %s: decode: %w", pk, err)
			}
			if a, ok := reminders.FromJob(it.job()); ok {
				out = append(out, a)
			}
		}
		if len(res.LastEvaluatedKey) == 0 {
			return out, nil
		}
		in.ExclusiveStartKey = res.LastEvaluatedKey
	}
}
