// Package assistant is PropLink Chat, the assistant that managers, residents and contractors
// talk to over WhatsApp. For each inbound turn it works out who is talking (a linked staff
// member, a resident or a contractor known by phone on the platform, or nobody), understands
// the message with the deterministic core (shared/assistant/nlu) within a closed set of
// intents (and, where the core is not confident and the organisation allows it, with the
// careful AI layer, an Interpreter, within the same set), resolves the entities against records the speaker may see, asks for what is missing
// or ambiguous, asks for a yes/no confirmation before a write that matters, acts through the
// property.Platform port, audits what it did, and replies.
//
// It never talks over a person: while staff have taken a conversation over it stays quiet.
// Every reply can be traced to the intent, entities and records used (Trace).
package assistant

// Privacy holds by construction and by check: understanding only sees a Directory narrowed to
// what the speaker may see (staff their site scope, a resident their own units, a contractor
// nothing), every site, unit or contact a request names must be in it, every ticket, demand and
// work order fetched by reference is checked against the speaker, and every refusal is the one
// answer NotYours, the same for a record that is absent and one that is someone else's.
