// Package webhook is the provider webhook ingress: the WebhookFunction behind API Gateway's
// /webhooks/meta and /webhooks/360dialog routes. It answers Meta's subscription challenge and
// turns signed webhook POSTs into whatsapp.Inbound envelopes on the inbound FIFO queue, fast,
// touching nothing else: the inbound processor does the work.
//
// Decisions:
//
//   - Verify token: one per stage, in SSM at <prefix>/webhook/verify-token (VerifyTokenName),
//     set by the operator and entered in the Meta app's webhook configuration. A GET carries no
//     phone_number_id, so a per-organisation token could only be found by trying every
//     organisation's.
//   - Routing: the organisation comes from each change's metadata.phone_number_id (never from
//     anything else the caller picks), looked up through a per-container LRU cache of 10,000
//     ids (5 min for known numbers, 1 min for unknown ones). Changes without a number (template
//     status updates, account alerts) route by entry id (WABA id) only when a WABALookup is
//     wired; otherwise they are unrouted. An entry whose changes all name a number is never
//     looked up by account, so whoever claims a WABA has no say over its numbers' events.
//   - Signatures: the raw body must verify with the app secret (of the secrets revision the
//     route names) of EVERY organisation it names, or the answer is 401 and nothing is
//     enqueued. Each organisation is checked as soon as it is found, so a forged body costs one
//     lookup per number up to its first known one; a body naming more than MaxRoutes numbers
//     and accounts is a 400 before any lookup. A request without X-Hub-Signature-256 is 401
//     before any lookup.
//   - 360dialog: its route does not take X-Hub-Signature-256 (360dialog never sends it). A POST
//     is accepted when its x-360dialog-signature (HMAC-SHA256 of the raw body under the partner's
//     platform secret, Dialog360PartnerSecretName; hex or base64) verifies, which vouches for
//     every organisation it names; or else when its X-PropLink-Webhook-Secret header equals the
//     header secret (messaging.SecretDialog360HeaderSecret) of every organisation it names.
//     Neither is a 401 before any lookup or, for a wrong header, at the first organisation.
//   - Unknown numbers: a number no organisation uses is not ours; its events are dropped with a
//     log line and the WebhookUnrouted metric, and the answer is still 200 so Meta stops
//     retrying. A body naming only unknown numbers is not signature-checked (there is no secret
//     to check it with) and enqueues nothing.
//   - Delivery: at least once. If enqueueing fails the answer is 500 and Meta retries; the
//     queue's deduplication id (a hash of organisation + Event.DedupeKey) drops replays within
//     SQS's 5-minute window and the processor dedupes the rest.
//
// AWS requests per POST when warm: 1 SQS SendMessageBatch per 10 events; 0 DynamoDB and 0 SSM
// (both cached per container). Cold or after expiry: +1 DynamoDB GetItem per number and +1 SSM
// GetParameter per organisation (360dialog: +1 for the partner secret).
package webhook
