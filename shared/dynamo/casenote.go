package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// noteItem is one case note on a job.
type noteItem struct {
	key
	OrgID           string            `dynamodbav:"org_id"`
	JobID           int64             `dynamodbav:"job_id"`
	ID              string            `dynamodbav:"note_id"`
	Kind            string            `dynamodbav:"kind"`
	Direction       string            `dynamodbav:"direction"`
	Text            string            `dynamodbav:"text"`
	AuthorName      string            `dynamodbav:"author_name"`
	Recipient       string            `dynamodbav:"recipient"`
	Template        string            `dynamodbav:"template"`
	ProviderMessage string            `dynamodbav:"provider_message_id"`
	Status          string            `dynamodbav:"status"`
	StatusRank      int               `dynamodbav:"status_rank"`
	StatusHistory   []statusEventItem `dynamodbav:"status_history"`
	Errors          []statusErrorItem `dynamodbav:"errors"`
	AttachmentCount int               `dynamodbav:"attachment_count"`
	Provisional     bool              `dynamodbav:"provisional,omitempty"`
	// Part is "sent" on a note's sent record (KeepSent), absent on the note's own item.
	Part      string    `dynamodbav:"note_part,omitempty"`
	CreatedAt time.Time `dynamodbav:"created_at"`
	UpdatedAt time.Time `dynamodbav:"updated_at"`
}

type statusEventItem struct {
	Status string    `dynamodbav:"status"`
	At     time.Time `dynamodbav:"at"`
}

type statusErrorItem struct {
	Code    int    `dynamodbav:"code"`
	Title   string `dynamodbav:"title,omitempty"`
	Details string `dynamodbav:"details,omitempty"`
}

func (it noteItem) note() messaging.CaseNote {
	n := messaging.CaseNote{
		ID: it.ID, OrgID: it.OrgID, JobID: it.JobID, Kind: it.Kind, Direction: it.Direction,
		Text: it.Text, AuthorName: it.AuthorName, Recipient: it.Recipient, Template: it.Template,
		ProviderMessage: it.ProviderMessage, Status: messaging.Status(it.Status),
		AttachmentCount: it.AttachmentCount, Provisional: it.Provisional, CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt,
	}
	if n.CreatedAt.IsZero() {
		n.CreatedAt = it.UpdatedAt
	}
	for _, e := range it.StatusHistory {
		n.StatusHistory = append(n.StatusHistory, messaging.StatusEvent{Status: messaging.Status(e.Status), At: e.At})
	}
	for _, e := range it.Errors {
		n.Errors = append(n.Errors, messaging.StatusError(e))
	}
	return n
}

// timeAV encodes a time the way attributevalue encodes time.Time.
func timeAV(t time.Time) ddb.AttributeValue { return sv(t.UTC().Format(time.RFC3339Nano)) }

// UpsertCaseNote creates the note or amends it, keyed by its id under its job. Fields that
// must not change (created_at, text, author) are only filled when absent; the status is
// replaced, and appended to the history, only when it ranks higher than the stored one. A
// status that does not advance is ignored without error.
//
// A provisional failure (n.Provisional: our own giving up, such as a dead-lettered send) is
// the exception to "failed is final": it is written only over a note that shows no sign of
// the message going out (no status, or queued), and a later status from accepted on replaces
// it, so a redriven message that is then sent shows as sent.
func (s *Store) UpsertCaseNote(ctx context.Context, n messaging.CaseNote) error {
	if n.OrgID == "" || n.JobID <= 0 || n.ID == "" {
		return fmt.Errorf("dynamo: upsert case note %q: organisation, job and id are required", n.ID)
	}
	fill := noteFill(n)
	u := newUpdate()
	for _, f := range fill {
		u.setIfNotExists(f.name, f.value)
	}
	u.set("updated_at", timeAV(n.Time()))
	rank := n.Status.Rank()
	if rank > 0 {
		ev, err := attributevalue.Marshal([]statusEventItem{{Status: string(n.Status), At: n.StatusTime()}})
		if err != nil {
			return fmt.Errorf("dynamo: upsert case note %s: %w", n.ID, err)
		}
		u.set("status", sv(string(n.Status)))
		u.set("status_rank", nv(rank))
		u.appendList("status_history", ev)
		if len(n.Errors) > 0 {
			errs, err := marshalErrors(n.Errors)
			if err != nil {
				return fmt.Errorf("dynamo: upsert case note %s: %w", n.ID, err)
			}
			u.appendList("errors", errs)
		}
		u.condition(noteCondition(u, n))
	}
	k := noteKey(n.OrgID, n.JobID, n.ID)
	_, err := s.db.UpdateItem(ctx, u.input(s.table, k))
	old, failed := conditionFailed(err)
	if err != nil && !failed {
		return fmt.Errorf("dynamo: upsert case note %s of job %d: %w", n.ID, n.JobID, err)
	}
	if !failed {
		return nil
	}
	// The status did not advance. Fill what the note still lacks (a status webhook may have
	// created it before the note itself arrived); otherwise there is nothing to do.
	f := newUpdate()
	for _, fl := range fill {
		if _, ok := old[fl.name]; !ok {
			f.setIfNotExists(fl.name, fl.value)
		}
	}
	if _, ok := old["errors"]; !ok && len(n.Errors) > 0 {
		errs, err := marshalErrors(n.Errors)
		if err != nil {
			return fmt.Errorf("dynamo: upsert case note %s: %w", n.ID, err)
		}
		f.setIfNotExists("errors", errs)
	}
	if f.empty() {
		return nil
	}
	if _, err := s.db.UpdateItem(ctx, f.input(s.table, k)); err != nil {
		return fmt.Errorf("dynamo: fill case note %s of job %d: %w", n.ID, n.JobID, err)
	}
	return nil
}

// noteCondition is when a note's status may be replaced by n's: forward only, with a
// provisional failure standing in for "not yet out" (see UpsertCaseNote).
func noteCondition(u *update, n messaging.CaseNote) string {
	accepted := messaging.StatusAccepted.Rank()
	switch {
	case n.Provisional:
		u.set("provisional", &ddb.AttributeValueMemberBOOL{Value: true})
		u.value("accepted_rank", nv(accepted))
		return "attribute_not_exists(#status_rank) OR #status_rank < :accepted_rank OR #provisional = :provisional"
	case n.Status.Rank() >= accepted:
		u.remove("provisional")
		u.value("true", &ddb.AttributeValueMemberBOOL{Value: true})
		return "attribute_not_exists(#status_rank) OR #status_rank < :status_rank OR #provisional = :true"
	}
	return "attribute_not_exists(#status_rank) OR #status_rank < :status_rank"
}

type field struct {
	name  string
	value ddb.AttributeValue
}

// noteFill lists the note's non-empty fields that are written only when absent.
func noteFill(n messaging.CaseNote) []field {
	fs := []field{
		{"org_id", sv(n.OrgID)}, {"job_id", nv(n.JobID)}, {"note_id", sv(n.ID)},
	}
	// A status that arrives before its note does not know when the note was created.
	if !n.CreatedAt.IsZero() {
		fs = append(fs, field{"created_at", timeAV(n.CreatedAt)})
	}
	for _, f := range []struct{ name, v string }{
		{"kind", n.Kind}, {"direction", n.Direction}, {"text", n.Text}, {"author_name", n.AuthorName},
		{"recipient", n.Recipient}, {"template", n.Template}, {"provider_message_id", n.ProviderMessage},
	} {
		if f.v != "" {
			fs = append(fs, field{f.name, sv(f.v)})
		}
	}
	if n.AttachmentCount > 0 {
		fs = append(fs, field{"attachment_count", nv(n.AttachmentCount)})
	}
	return fs
}

func marshalErrors(es []messaging.StatusError) (ddb.AttributeValue, error) {
	items := make([]statusErrorItem, 0, len(es))
	for _, e := range es {
		items = append(items, statusErrorItem(e))
	}
	return attributevalue.Marshal(items)
}

// ListCaseNotes returns a page of the job's notes in creation order, and how many there are.
// A limit of zero or less returns every note from offset on.
func (s *Store) ListCaseNotes(ctx context.Context, orgID string, jobID int64, limit, offset int) ([]messaging.CaseNote, int, error) {
	if offset < 0 {
		return nil, 0, errors.New("dynamo: list case notes: negative offset")
	}
	var all []noteItem
	p := ddb.NewQueryPaginator(s.db, &ddb.QueryInput{
		TableName:              aws.String(s.table),
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :sk)"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":pk": sv(jobPK(orgID, jobID)), ":sk": sv(skNotePfx),
		},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, 0, fmt.Errorf("dynamo: list case notes of job %d of %s: %w", jobID, orgID, err)
		}
		var items []noteItem
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, 0, fmt.Errorf("dynamo: list case notes of job %d of %s: decode: %w", jobID, orgID, err)
		}
		all = append(all, items...)
	}
	all = mergeNotes(all)
	total := len(all)
	lo := min(offset, total)
	hi := total
	if limit > 0 {
		hi = min(lo+limit, total)
	}
	out := make([]messaging.CaseNote, 0, hi-lo)
	for _, it := range all[lo:hi] {
		out = append(out, it.note())
	}
	return out, total, nil
}
