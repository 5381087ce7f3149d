// Package bedrock is the careful AI layer of PropLink Chat over Amazon Bedrock's Converse API
// (assistant.Interpreter). It is consulted only for messages the deterministic core did not
// understand with confidence, and only for organisations that switched it on.
//
// What the model is told: the person's message and their last few messages in this
// conversation, with phone numbers, e-mail addresses and long digit runs masked and invisible
// characters removed; and the intent catalogue of the person's role. Nothing else — no record,
// name, balance or reference from the platform. What it may answer: one call of the tool
// "classify", whose input schema is the closed set of intents for the role and of entity kinds;
// the answer is validated again here (an intent outside the set, an entity of the wrong kind or
// type, a mention that is not words of the messages, an extra field: rejected, counted, not
// understood), and its mentions are resolved by the deterministic core like any other words.
//
// Every call is bounded by a timeout well inside the function's and by the organisation's daily
// token budget (reserved before the call, settled after, in DynamoDB), logged once with its
// latency, tokens and outcome (never the text), and counted as CloudWatch metrics (EMF).
package bedrock
