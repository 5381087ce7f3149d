// Package console is the staff console: a web page served by the stack where signed-in staff
// read and answer their organisation's WhatsApp conversations. It owns the console's sessions
// (one-time sign-in links, cookie sessions with a CSRF token each), the inbox (unread counts,
// filters, search, changes since a cursor) and the routes under /console; every read and send
// of a conversation goes through the platform API's own handlers (API.HandleAs), so the console
// adds no second path to the provider.
package console
