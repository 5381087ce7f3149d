package console

import (
	"context"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
)

// Store keeps the console's sign-in codes, sessions and read markers (dynamo.Console is one).
// Every key starts with the organisation; only hashes of codes and session ids are stored.
type Store interface {
	// PutSignIn stores a one-time sign-in code's hash for the principal until expires.
	PutSignIn(ctx context.Context, orgID, hash string, p messaging.Principal, expires time.Time) error
	// TakeSignIn uses up a code: the principal it was minted for, once. A code that is unknown,
	// used or expired at now is CodeUnauthenticated; two concurrent takes admit one.
	TakeSignIn(ctx context.Context, orgID, hash string, now time.Time) (messaging.Principal, error)
	// PutSession stores a session under its id's hash.
	PutSession(ctx context.Context, orgID, hash string, s Session) error
	// Session reads a session (strongly consistent); an unknown or ended one is
	// CodeUnauthenticated.
	Session(ctx context.Context, orgID, hash string) (Session, error)
	// EndSession ends a session at once; ending an unknown one is not an error.
	EndSession(ctx context.Context, orgID, hash string) error
	// MarkRead records that the user has read the conversation up to at (never moves back).
	MarkRead(ctx context.Context, orgID, userID, conversationID string, at time.Time) error
	// ReadMarks returns the user's read markers by conversation id.
	ReadMarks(ctx context.Context, orgID, userID string) (map[string]time.Time, error)
	// CountInbound counts the conversation's inbound messages after since.
	CountInbound(ctx context.Context, orgID, conversationID string, since time.Time) (int, error)
}

// Conversations lists an organisation's conversations, latest activity first
// (dynamo.Store is one).
type Conversations interface {
	ListConversations(ctx context.Context, orgID string, limit, offset int) ([]messaging.Conversation, int, error)
	GetConversation(ctx context.Context, orgID, id string) (messaging.Conversation, error)
	ConversationWithMessages(ctx context.Context, orgID, id string, limit, offset int) (messaging.Conversation, []messaging.ConversationMessage, int, error)
}

// API answers a platform API request for an already authenticated principal (api.API is
// one): its permission checks and handlers, without a bearer token.
type API interface {
	HandleAs(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response
}
