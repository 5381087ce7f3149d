// Package dynamo is the DynamoDB adapter of PropLink Chat: API tokens, WhatsApp settings and
// the number and account → organisation routes, templates with stable ids, jobs, the sender's
// effectively-once message records, the case notes of a job and the built-in property store
// (property.Platform), all in the one table of
// template.yaml (PK, SK, GSI1 on GSI1PK/GSI1SK, TTL on expires_at).
//
// Every key starts with the organisation, so every read is tenant-scoped by construction. The
// exceptions are the routes that find an organisation from a provider's number or WhatsApp
// Business Account (a webhook knows only those), and the index of configured organisations
// that the scheduled template sync walks.
//
//	item                    PK                              SK                      GSI1PK / GSI1SK                  TTL (expires_at)
//	API token               ORG#<org>#TOKEN#<sha256 hex>    TOKEN                   ORG#<org>#TOKENS / <token id (ULID)>   token expiry
//	WhatsApp settings       ORG#<org>                       SETTINGS#WHATSAPP       ORGS#WHATSAPP / <org> (configured only)   -
//	number route            PHONE#<phone_number_id>         ROUTE                   -                                -
//	account (WABA) route    WABA#<waba_id>                  ROUTE                   -                                -
//	template                ORG#<org>                       TEMPLATE#<id, 10 digits> -                               -
//	template name claim     ORG#<org>                       TPLNAME#<lang>#<name>   -                                -
//	template id counter     ORG#<org>                       COUNTER#TEMPLATE        -                                -
//	job                     ORG#<org>#JOB#<job id>          JOB                     APPT#<date>#<shard> / ORG#<org>#JOB#<id> (live appointment only)   -
//	reminder claim          ORG#<org>#REM#<reminder key>    REM                     -                                claimed + 30 days
//	case note               ORG#<org>#JOB#<job id>          NOTE#<note id (ULID)>   -                                -
//	case note's sent record ORG#<org>#JOB#<job id>          NOTE#<note id>#SENT     -                                -
//	outbound message        ORG#<org>#MSG#<message id>      MSG                     -                                created + 30 days
//	conversation            ORG#<org>#CONV#<conv id>        CONV                    ORG#<org>#CONVS / <last activity>   -
//	conversation message    ORG#<org>#CONV#<conv id>        MSG#<provider time>#<id> -                               -
//	  (a person's message also carries its claim: evt_state, lease_until, attempts, done_at)
//	webhook event claim     ORG#<org>#EVT#<dedupe key>      EVT                     -                                done + 8 days
//	suppression (STOP)      ORG#<org>#SUPPRESS#<e164>       SUPPRESS                -                                -
//	status we cannot place  ORG#<org>#ORPHAN#<wamid>        ORPHAN                  -                                    + 30 days
//	attachment              ORG#<org>#ATT#<attachment id>   ATT                     -                                -
//	property record         ORG#<org>#PROP#<collection>     <record id>             see below                        -
//	  contact, vendor                                                               ORG#<org>#PHONE#<e164> / <collection>#<id>   -
//	  demand                                                                        ORG#<org>#UNIT#<unit>#DEMANDS / <due date>#<ref>   -
//	  bill, budget, costed work order                                               ORG#<org>#SITE#<site>#SPEND / <date>#BILL#<id>, <month>#BUDGET#<id>, <cost date>#WO#<ref>   -
//	ticket                  ORG#<org>#TKT#<ref>             TICKET                  -                                -
//	ticket message          ORG#<org>#TKT#<ref>             MSG#<idempotency key>   -                                -
//	property write claim    ORG#<org>#PROPKEY#<key>         TICKET | WO#<ref>       -                                + 90 days
//	reference counter       ORG#<org>#COUNTER#<TKT|WO>#<year> COUNTER               -                                -
//
// The built-in property store (property.Platform for organisations without a platform_url)
// keeps each record with its JSON field names; collections are sites, units, contacts,
// vendors, balances and arrears (by unit id), demands (by INV ref), work-orders (by WO ref),
// bills and budgets. A work order item carries a version for optimistic replacement.
//
//	assistant session       ORG#<org>#ASST#<conv id>        SESSION                 -                                last save + 7 days (SessionTTL)
//	staff WhatsApp link     ORG#<org>#WALINK#<e164>         WALINK                  -                                -
//	staff link code         ORG#<org>#WACODE#<6 digits>     WACODE                  -                                started + 10 minutes (checked in the redeem's condition too)
//	staff link state        ORG#<org>#WAUSER#<user>         WAUSER                  -                                -
//	assistant audit entry   ORG#<org>#AUDIT#<wamid>#<action> AUDIT                  ORG#<org>#AUDITS / <time>#<wamid>#<action>   -
//	platform event endpoint ORG#<org>                       EVENTENDPOINT#<id (ULID)> -                              -
//	event interest          ORG#<org>                       EVENTINTEREST           -                                -
//	event delivery attempt  ORG#<org>#EVENTLOG#<endpoint>   <time>#<event id>#<attempt> -                            attempted + 30 days
//	AI layer settings       ORG#<org>                       SETTINGS#AI             -                                -
//	AI tokens of a UTC day  ORG#<org>#AITOKENS#<YYYY-MM-DD> AITOKENS                -                                first reservation + 48 h
//
// The conversation item also carries the assistant's handover (staff_until, fixed-width time)
// and the flags staff see (flags: unknown_contact, needs_staff).
//
// Other packages keep their own items in the same table under keys their callers scope to the
// organisation: ratelimit (PK <key>, SK SLOT#nn or PACER) and idempotency (PK <key>, SK IDEM).
// The pair pacer (PairPacer) keeps its tat as pair_tat on the conversation item instead.
//
// Requests per call: Authenticate 1 consistent GetItem (no cache: a revoked token is refused
// from the next request); PutToken 1 PutItem; ListTokens 1 Query per page (1 MB) of the
// organisation's token partition; RevokeToken 1 Query + 1 UpdateItem; GetSettings 1 GetItem;
// PutSettings 1 GetItem + 1 TransactWriteItems; RouteByPhoneNumberID, RouteByWABAID 1 GetItem each;
// ConfiguredOrgs 1 Query per page (1 MB) of the index partition; LoadSend 1
// BatchGetItem (+1 per retry of unprocessed keys); ClaimSend, RecordSent, ReleaseSend,
// RecordFailed, RecordUnknown, ResolveSend 1 UpdateItem each; UpsertCaseNote 1 UpdateItem (2 when a status that does not
// advance brings fields the note still lacks); KeepSent 1 BatchWriteItem of 2 puts (a sent
// message's note as its sent record, and its conversation message; +1 per retry of unprocessed
// items); ListCaseNotes 1 Query per MB of notes (a sent record joins its note); PutJob
// 1 PutItem; GetJob 1 GetItem; ListTemplates 1 Query; PutTemplate 1
// TransactWriteItems + 1 UpdateItem; SyncTemplates 1 Query + 1 PutItem per provider template
// + 2 more (counter UpdateItem, claim PutItem) per new one + 1 PutItem per newly deleted one
// + 1 Query for the answer; DueAppointments 1 Query per page (1 MB) of one date-index
// partition; ClaimReminder 1 PutItem; MarkReminder 1 UpdateItem; Recheck 1 consistent BatchGetItem per
// 100 keys (job, suppression, claim of ~33 appointments; +1 per retry). The reminders read an
// organisation's quiet hours through GetSettings.
//
// Property requests per call: PutRecord 1 PutItem (a work order 1 GetItem + 1 PutItem + 1
// UpdateItem raising the counter); GetRecord, Balance, Arrears, WorkOrder 1 GetItem;
// ListRecords 1 Query per MB of the collection; PeopleByPhone, Demands, Spend 1 GSI1 Query per
// MB (eventually consistent); Directory 3 Queries (sites, units, contacts) per MB;
// VendorWorkOrders 1 filtered Query per MB of the organisation's work orders; NextRef 1
// UpdateItem; CreateTicket 1 GetItem + 1 UpdateItem + 1 TransactWriteItems (+1 Query on a
// retry, +1 UpdateItem and TransactWriteItems per taken reference, at most 3); Ticket 1 Query;
// AddTicketMessage 1 TransactWriteItems; UpdateWorkOrder 1 TransactWriteItems + 1 GetItem;
// PutTicket 1 PutItem per item + 1 UpdateItem; InviteVendor 1 conditional UpdateItem (the old
// item comes back on a failed condition, so no second read).
// The assistant's adapters: Sessions.Load 1 GetItem; Sessions.Save 1 conditional PutItem
// (version); StaffLinks.StartLink 1 GetItem + 1 TransactWriteItems (2-3 items; again on a code
// collision); State, LinkedStaff 1 GetItem; Redeem 2 GetItem + 1 TransactWriteItems (3-4
// items); Unlink, UnlinkUser 1 GetItem + at most 1 TransactWriteItems; Auditor.Audit 1
// conditional PutItem; Auditor.List 1 Query of GSI1; Handovers.StaffActive 1 GetItem;
// HandOver, GiveBack, StaffReplied, Flag, Unflag 1 UpdateItem each.
// Inbound messages: ClaimInbound 1 conditional UpdateItem (the message written pending; the
// old item comes back on a failed condition); AdvanceConversation 1 UpdateItem; CompleteInbound
// 1 UpdateItem, or with the message's case note 1 TransactWriteItems (2 items, 4 WRU);
// ReleaseInbound 1 UpdateItem; RecordInbound 1 PutItem + 1 UpdateItem.
// Platform events: PutEndpoint 1 conditional PutItem; ListEndpoints 1 Query per MB of the
// organisation's endpoints; GetEndpoint 1 consistent GetItem; RotateEndpointSecret 1
// conditional UpdateItem; DeleteEndpoint 1 TransactWriteItems (one conditional Delete);
// RecordAttempt 1 PutItem; ListAttempts 1 Query per MB of limit+offset attempts. The AI layer's: AISettings
// 1 GetItem; PutAISettings 1 PutItem; ReserveAITokens 1 conditional UpdateItem (ADD, refused past
// the limit); SettleAITokens 1 UpdateItem (ADD); AITokens 1 consistent GetItem.
package dynamo
