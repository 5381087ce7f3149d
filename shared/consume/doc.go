// Package consume is the one policy by which the product drains an SQS queue: every consumer
// (the sender, inbound, case notes, attachments; the assistant next) decodes a record, makes
// one attempt at it and says what becomes of it with an Outcome, and Consumer.Handle turns
// those outcomes into the partial batch response, the visibility changes and the logs.
//
// The four outcomes:
//
//	Done        the work is done (or was before): the record is deleted.
//	Drop        refused for good, the refusal recorded where people see it (a refused
//	            attachment on its case note): the record is deleted.
//	Retry       may succeed later: the record stays and comes back after Delay (the
//	            queue's visibility timeout when zero).
//	DeadLetter  can never succeed: the record stays, made visible at once when the consumer
//	            can change visibility, so SQS moves it to the dead-letter queue after
//	            maxReceiveCount receives. Input is never dropped silently.
//
// An unreadable record (Decode fails) is a DeadLetter in every consumer: an operator finds it
// in the DLQ with the log line that says why, fixes the cause and redrives it.
//
// The last receive: when a record's ApproximateReceiveCount reaches MaxReceives and the
// attempt did not finish it (Retry or DeadLetter), SQS moves it to the dead-letter queue next.
// Handle then calls OnLastReceive (the sender notes the failure on the job) and makes the
// record visible at once, so it reaches the DLQ without waiting out a retry delay.
//
// Records of one message group (FIFO queues) keep their order: once one is not done, the
// group's later records in the batch are handed back untouched. Records without a group are
// independent.
//
// The errors of the product map onto the outcomes in one place each:
//
//	whatsapp.Class          inside the sender: Retry and Pace retry with backoff (sending.Outcome.Retry),
//	                        Permanent, Auth and Blocked record the message failed and are Done.
//	sending.Outcome.Retry   Retry with its Delay; otherwise Done.
//	inbound's errBusy       Retry (another attempt holds the event), logged without alarm.
//	attachments.IsRefusal   Drop: the refusal is on the attachment and its case note.
//	messaging.Code          Of: the codes that say the record itself is wrong (invalid,
//	                        unprocessable, provider_rejected) dead-letter; the others
//	                        (the HTTP table's 401, 403, 404, 409, 429 and 5xx, not configured)
//	                        depend on state that may change, and retry.
package consume
