// Package attachments keeps photos and files in S3, both ways.
//
// Inbound: the inbound processor puts a MediaJob on the media queue for every image, video,
// audio, document or sticker a person sends. Handler drains that queue: Service.Ingest asks the
// provider for the media's URL, streams the bytes into S3 (never whole in memory: S3's transfer
// manager holds at most a few 5 MB parts), hashes them on the way and checks the provider's
// sha256 and size, sniffs the content type from the first 4 KB (gabriel-vasile/mimetype under
// our own deny rules), enforces WhatsApp's per-type size limits and refuses executables,
// scripts and pages (HTML, XHTML, SVG; by magic number, by script markers and by file name),
// including ones disguised as another type. The stored type (S3's Content-Type and the record's)
// is always the sniffed one: bytes the sniff cannot name are application/octet-stream, never
// the type the sender declared. Keys are orgs/<org>/attachments/<attachment id>/<safe file name>.
//
// Every media job ends in an attachment record (DynamoDB, ORG#<org>#ATT#<id>) with status
// stored or failed and a reason. A refusal (too large, denied, disguised, provider says the
// media is gone) is final and acknowledged; a transient failure (provider or AWS trouble, a
// digest mismatch, which a truncated download also causes) is retried by SQS on its own and,
// after the queue's maxReceiveCount, lands in the media DLQ with its reason logged. The message
// itself is kept by the inbound processor whatever happens to its media.
//
// Links to the work: an attachment records its conversation, its message (wamid) and, when
// known, its job. For a job it also writes its own case note (kind "attachment", id = the
// attachment id, attachment_count 1, text "Photo received: <name>" or "Document refused:
// <reason>"), rather than amending the message's note, so that the media path does not depend
// on how the inbound processor names its notes and a redelivery rewrites the same note.
//
// Outbound: CreateUpload hands staff a presigned PUT (type and size bounded) and an attachment
// id; PrepareOutbound checks the uploaded object like an inbound one, refuses bytes that are
// not a type WhatsApp takes for the kind (never sending them under the declared type), streams
// it to the provider's media endpoint and returns the media id a reply is sent by (never by link, which
// fails under Meta's limits, 131053). Provider media ids are remembered on the record for reuse
// within their 30-day life.
//
// Reading: Get returns an attachment's metadata and a presigned GET URL valid for at most
// 15 minutes, only within the caller's organisation (another's is not found).
package attachments
