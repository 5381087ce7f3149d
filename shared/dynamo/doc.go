// Package dynamo is the DynamoDB adapter of PropLink Chat: API tokens, WhatsApp settings and
// the number and account → organisation routes, templates with stable ids, jobs, the sender's
// effectively-once message records and the case notes of a job, all in the one table of
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
//	outbound message        ORG#<org>#MSG#<message id>      MSG                     -                                created + 30 days
//	conversation            ORG#<org>#CONV#<conv id>        CONV                    ORG#<org>#CONVS / <last activity>   -
//	conversation message    ORG#<org>#CONV#<conv id>        MSG#<provider time>#<id> -                               -
//	webhook event claim     ORG#<org>#EVT#<dedupe key>      EVT                     -                                done + 8 days
//	suppression (STOP)      ORG#<org>#SUPPRESS#<e164>       SUPPRESS                -                                -
//	status we cannot place  ORG#<org>#ORPHAN#<wamid>        ORPHAN                  -                                    + 30 days
//	attachment              ORG#<org>#ATT#<attachment id>   ATT                     -                                -
//
// Other packages keep their own items in the same table under keys their callers scope to the
// organisation: ratelimit (PK <key>, SK SLOT#nn or PACER) and idempotency (PK <key>, SK IDEM).
//
// Requests per call: Authenticate 1 consistent GetItem (no cache: a revoked token is refused
// from the next request); PutToken 1 PutItem; ListTokens 1 Query per page (1 MB) of the
// organisation's token partition; RevokeToken 1 Query + 1 UpdateItem; GetSettings 1 GetItem;
// PutSettings 1 GetItem + 1 TransactWriteItems; RouteByPhoneNumberID, RouteByWABAID 1 GetItem each;
// ConfiguredOrgs 1 Query per page (1 MB) of the index partition; LoadSend 1
// BatchGetItem (+1 per retry of unprocessed keys); ClaimSend, RecordSent, ReleaseSend,
// RecordFailed, RecordUnknown, ResolveSend 1 UpdateItem each; UpsertCaseNote 1 UpdateItem (2 when a status that does not
// advance brings fields the note still lacks); ListCaseNotes 1 Query per MB of notes; PutJob
// 1 PutItem; GetJob 1 GetItem; ListTemplates 1 Query; PutTemplate 1
// TransactWriteItems + 1 UpdateItem; SyncTemplates 1 Query + 1 PutItem per provider template
// + 2 more (counter UpdateItem, claim PutItem) per new one + 1 PutItem per newly deleted one
// + 1 Query for the answer; DueAppointments 1 Query per page (1 MB) of one date-index
// partition; ClaimReminder 1 PutItem; MarkReminder 1 UpdateItem; Recheck 1 consistent BatchGetItem per
// 100 keys (job, suppression, claim of ~33 appointments; +1 per retry). The reminders read an organisation's quiet hours through GetSettings.
package dynamo
