// Package reminders sends each appointment one WhatsApp reminder the day before, by the
// appointment's local time: a scheduled run queries the date index for tomorrow's appointments
// everywhere on Earth, skips cancelled ones and opted-out numbers (noting why on the job),
// holds back reminders during the organisation's quiet hours, and enqueues one
// appointment_reminder template message per appointment, exactly once across repeated,
// concurrent and crashed runs. It holds the rules (the Service; the quiet hours fallback,
// OrgQuietHours; the template choice and variable merge, Renderer), the ports, and the
// scheduled run with its reporting (Handler); the DynamoDB and SQS adapters (dynamo.Store,
// sqsq.Outbox, sqsq.NoteQueue) implement the ports elsewhere.
package reminders
