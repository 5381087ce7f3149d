package sqsq

import "github.com/aws/aws-lambda-go/events"

// HandleInOrder runs handle on each record of an SQS event and reports the records to retry
// (partial batch response). Records of one message group keep their order: once one fails, the
// group's later records in the batch are retried untouched, while other groups go on. Records
// without a group (standard queues) are independent.
func HandleInOrder(ev events.SQSEvent, handle func(events.SQSMessage) bool) events.SQSEventResponse {
	var resp events.SQSEventResponse
	blocked := map[string]bool{}
	for _, rec := range ev.Records {
		group := rec.Attributes["MessageGroupId"]
		if group != "" && blocked[group] {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: rec.MessageId})
			continue
		}
		if handle(rec) {
			continue
		}
		resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: rec.MessageId})
		if group != "" {
			blocked[group] = true
		}
	}
	return resp
}
