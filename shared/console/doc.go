// Package console is the staff console: a web page served by the stack where signed-in staff
// read and answer their organisation's WhatsApp conversations. It owns the console's sessions
// (one-time sign-in links, cookie sessions with a CSRF token each), the inbox (unread counts,
// filters, search, changes since a cursor) and the routes under /console; every read and send
// of a conversation goes through the platform API's own handlers (API.HandleAs), so the console
// adds no second path to the provider. Delegations says which function serves each such path:
// ConsoleFunction, or ApiFunction (Delegate) for the routes that validate a phone number or
// carry attachments, so that ConsoleFunction links neither libphonenumber nor the S3 client.
package console
