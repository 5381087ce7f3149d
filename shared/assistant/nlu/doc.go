// Package nlu is the assistant's deterministic understanding core: it turns one WhatsApp message
// into an intent from a closed set, the entities it names (references, amounts, dates, periods,
// categories, priorities, numbered choices, link codes) and the sites, units and contacts of the
// organisation it refers to, matched fuzzily against a vocabulary the caller passes.
//
// It is pure Go: no AWS, no network, no model, no state. The same text, role, vocabulary and time
// always give the same Result, and every Result carries a Trace naming the rules, keywords and
// records that produced it, so a reply can be explained. Intents are restricted by role: an intent
// outside the speaker's role is never returned (the closest allowed intent, or IntentUnknown).
//
// Parse reads a fresh message; Fill reads the answer to a question the assistant asked ("Which
// unit?"), where a bare "2", "the second one" or "Riverside" is enough.
//
// Matching walks the vocabulary on each call (a few microseconds per hundred records); callers
// pass only the records the speaker may see, so the scope rules hold by construction.
package nlu
