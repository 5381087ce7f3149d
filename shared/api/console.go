package api

import "time"

// ForConsole is the API of the staff console's own function (ConsoleFunction): the routes the
// console serves in-process for its cookie sessions (templates, a conversation, its handover,
// a job's case notes) read only the store, the conversations and the handovers. It is General,
// so a route that validates a phone number or carries attachments is not found there: the
// template routes the console's paths to those to ApiFunction.
func ForConsole(store Store, conversations Conversations, handovers Handovers, now func() time.Time) *API {
	return &API{Store: store, Conversations: conversations, Handovers: handovers, Now: now, General: true}
}
