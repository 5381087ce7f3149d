package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// sentPart marks a note's sent record (note_part): the item KeepSent writes beside the note's
// own, under SK NOTE#<id>#SENT.
const sentPart = "sent"

// sentNoteKey is the key of a note's sent record.
func sentNoteKey(org string, job int64, note string) key {
	return key{jobPK(org, job), skNotePfx + note + "#SENT"}
}

// KeepSent records a message the provider accepted: its case note n (status accepted) and its
// place m in the person's conversation, whose activity and job PairPacer moved on when it
// admitted the message. Both are plain puts in one BatchWriteItem (+1 per retry of unprocessed
// items): 2 WRU, as the UpsertCaseNote and KeepOutbound it replaces, in one request instead of
// two.
//
// The note goes to its own sent record (NOTE#<id>#SENT) rather than the note's item, because a
// put cannot be conditional: a status webhook that arrived first writes the note's item, and
// ListCaseNotes merges the two, the furthest status winning, so a status still never moves
// backwards.
func (s *Store) KeepSent(ctx context.Context, n messaging.CaseNote, phoneNumberID, phone string, m messaging.ConversationMessage) error {
	if n.OrgID == "" || n.JobID <= 0 || n.ID == "" || n.Status.Rank() == 0 {
		return fmt.Errorf("dynamo: keep sent note %q: organisation, job, id and status are required", n.ID)
	}
	note, err := attributevalue.MarshalMap(sentNoteItem(n))
	if err != nil {
		return fmt.Errorf("dynamo: keep sent note %s: %w", n.ID, err)
	}
	msg, err := convMessageOf(n.OrgID, messaging.ConversationID(n.OrgID, phoneNumberID, phone), m)
	if err != nil {
		return err
	}
	av, err := attributevalue.MarshalMap(msg)
	if err != nil {
		return fmt.Errorf("dynamo: keep sent message %s: %w", m.ID, err)
	}
	pending := map[string][]ddb.WriteRequest{s.table: {
		{PutRequest: &ddb.PutRequest{Item: note}}, {PutRequest: &ddb.PutRequest{Item: av}},
	}}
	for round := 0; len(pending) > 0; round++ {
		if round == maxBatchRounds {
			return fmt.Errorf("dynamo: keep sent message %s: items still unprocessed after %d rounds", n.ID, round)
		}
		if round > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(25<<round) * time.Millisecond):
			}
		}
		res, err := s.db.BatchWriteItem(ctx, &ddb.BatchWriteItemInput{RequestItems: pending})
		if err != nil {
			return fmt.Errorf("dynamo: keep sent message %s: %w", n.ID, err)
		}
		pending = res.UnprocessedItems
	}
	return nil
}

// sentNoteItem is n as its sent record: the whole note with its one status.
func sentNoteItem(n messaging.CaseNote) noteItem {
	return noteItem{
		key: sentNoteKey(n.OrgID, n.JobID, n.ID), Part: sentPart,
		OrgID: n.OrgID, JobID: n.JobID, ID: n.ID, Kind: n.Kind, Direction: n.Direction, Text: n.Text,
		AuthorName: n.AuthorName, Recipient: n.Recipient, Template: n.Template, ProviderMessage: n.ProviderMessage,
		Status: string(n.Status), StatusRank: n.Status.Rank(),
		StatusHistory:   []statusEventItem{{Status: string(n.Status), At: n.StatusTime()}},
		AttachmentCount: n.AttachmentCount, CreatedAt: n.CreatedAt.UTC(), UpdatedAt: n.Time().UTC(),
	}
}

// mergeSent folds a note's sent record into the note's own item (nil when only the sent record
// exists) and returns the note as one: fields the note lacks come from the record, and the
// record's status counts as though UpsertCaseNote had written it first, so the furthest status
// wins and the history keeps its order. A provisional failure gives way to the record's status,
// as it does to any status from accepted on.
func mergeSent(own *noteItem, sent noteItem) noteItem {
	if own == nil {
		sent.Part = ""
		return sent
	}
	out := *own
	fillString(&out.Kind, sent.Kind)
	fillString(&out.Direction, sent.Direction)
	fillString(&out.Text, sent.Text)
	fillString(&out.AuthorName, sent.AuthorName)
	fillString(&out.Recipient, sent.Recipient)
	fillString(&out.Template, sent.Template)
	fillString(&out.ProviderMessage, sent.ProviderMessage)
	if out.AttachmentCount == 0 {
		out.AttachmentCount = sent.AttachmentCount
	}
	if out.CreatedAt.IsZero() {
		out.CreatedAt = sent.CreatedAt
	}
	if sent.UpdatedAt.After(out.UpdatedAt) {
		out.UpdatedAt = sent.UpdatedAt
	}
	switch {
	case out.Provisional && sent.StatusRank >= messaging.StatusAccepted.Rank():
		out.Status, out.StatusRank, out.Provisional = sent.Status, sent.StatusRank, false
		out.StatusHistory = append(append([]statusEventItem{}, out.StatusHistory...), sent.StatusHistory...)
	case sent.StatusRank > out.StatusRank:
		out.Status, out.StatusRank = sent.Status, sent.StatusRank
		out.StatusHistory = append(append([]statusEventItem{}, out.StatusHistory...), sent.StatusHistory...)
	default:
		out.StatusHistory = insertByRank(out.StatusHistory, sent.StatusHistory)
	}
	return out
}

// insertByRank adds the events of add that history lacks, each before the first event of a
// higher rank: a history moves forward only, so that is where it would stand had it come first.
func insertByRank(history, add []statusEventItem) []statusEventItem {
	out := append([]statusEventItem{}, history...)
	for _, ev := range add {
		rank, at, dup := messaging.Status(ev.Status).Rank(), len(out), false
		for i, h := range out {
			if h.Status == ev.Status {
				dup = true
				break
			}
			if messaging.Status(h.Status).Rank() > rank && at == len(out) {
				at = i
			}
		}
		if !dup {
			out = append(out[:at], append([]statusEventItem{ev}, out[at:]...)...)
		}
	}
	return out
}

func fillString(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// mergeNotes turns a job's note items, in key order, into its notes in creation order: a note's
// sent record joins the note's own item.
func mergeNotes(items []noteItem) []noteItem {
	at := make(map[string]int, len(items))
	out := make([]noteItem, 0, len(items))
	sent := map[string]noteItem{}
	for _, it := range items {
		if it.Part == sentPart {
			sent[it.ID] = it
			if _, ok := at[it.ID]; !ok {
				at[it.ID] = len(out)
				out = append(out, noteItem{})
			}
			continue
		}
		if i, ok := at[it.ID]; ok {
			out[i] = it
			continue
		}
		at[it.ID] = len(out)
		out = append(out, it)
	}
	for id, s := range sent {
		i := at[id]
		var own *noteItem
		if out[i].ID != "" {
			own = &out[i]
		}
		out[i] = mergeSent(own, s)
	}
	return out
}
