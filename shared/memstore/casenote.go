package memstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/proplink/chat/shared/messaging"
)

// UpsertCaseNote creates the note or amends it, as dynamo.Store does: creation fields are
// filled only when absent; the status is replaced, and appended to the history, only when it
// ranks higher (a provisional failure stands in for "not yet out"); a status that does not
// advance is ignored without error.
func (s *Store) UpsertCaseNote(_ context.Context, n messaging.CaseNote) error {
	if err := s.fail("UpsertCaseNote", n.ID); err != nil {
		return err
	}
	if n.OrgID == "" || n.JobID <= 0 || n.ID == "" {
		return fmt.Errorf("memstore: upsert case note %q: organisation, job and id are required", n.ID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := n.OrgID + "#" + strconv.FormatInt(n.JobID, 10) + "#" + n.ID
	old, exists := s.notes[k]
	cur := old
	fill(&cur, n)
	if n.Status.Rank() == 0 || advances(old, exists, n) {
		cur.UpdatedAt = n.Time()
	}
	switch {
	case n.Status.Rank() == 0:
	case advances(old, exists, n):
		cur.Status = n.Status
		cur.StatusHistory = append(slices.Clone(cur.StatusHistory), messaging.StatusEvent{Status: n.Status, At: n.StatusTime()})
		cur.Errors = append(slices.Clone(cur.Errors), n.Errors...)
		switch {
		case n.Provisional:
			cur.Provisional = true
		case n.Status.Rank() >= messaging.StatusAccepted.Rank():
			cur.Provisional = false
		}
	case len(old.Errors) == 0 && len(n.Errors) > 0:
		cur.Errors = slices.Clone(n.Errors)
	}
	s.notes[k] = cur
	return nil
}

// advances is dynamo's note condition: whether n's status may replace old's.
func advances(old messaging.CaseNote, exists bool, n messaging.CaseNote) bool {
	if !exists || old.Status == "" {
		return true
	}
	switch {
	case n.Provisional:
		return old.Status.Rank() < messaging.StatusAccepted.Rank() || old.Provisional
	case n.Status.Rank() >= messaging.StatusAccepted.Rank():
		return old.Status.Rank() < n.Status.Rank() || old.Provisional
	}
	return old.Status.Rank() < n.Status.Rank()
}

// fill sets n's non-empty creation fields that cur lacks.
func fill(cur *messaging.CaseNote, n messaging.CaseNote) {
	cur.OrgID, cur.JobID, cur.ID = n.OrgID, n.JobID, n.ID
	if cur.CreatedAt.IsZero() {
		cur.CreatedAt = n.CreatedAt
	}
	for _, f := range []struct {
		to *string
		v  string
	}{
		{&cur.Kind, n.Kind}, {&cur.Direction, n.Direction}, {&cur.Text, n.Text}, {&cur.AuthorName, n.AuthorName},
		{&cur.Recipient, n.Recipient}, {&cur.Template, n.Template}, {&cur.ProviderMessage, n.ProviderMessage},
	} {
		if *f.to == "" {
			*f.to = f.v
		}
	}
	if cur.AttachmentCount == 0 {
		cur.AttachmentCount = n.AttachmentCount
	}
}

// ListCaseNotes returns a page of the job's notes in id order, and how many there are. A
// limit of zero or less returns every note from offset on.
func (s *Store) ListCaseNotes(_ context.Context, orgID string, jobID int64, limit, offset int) ([]messaging.CaseNote, int, error) {
	if offset < 0 {
		return nil, 0, errors.New("memstore: list case notes: negative offset")
	}
	all := s.Notes(orgID)
	all = slices.DeleteFunc(all, func(n messaging.CaseNote) bool { return n.JobID != jobID })
	lo, hi := min(offset, len(all)), len(all)
	if limit > 0 {
		hi = min(lo+limit, len(all))
	}
	return all[lo:hi], len(all), nil
}

// Notes returns every note of the organisation, on any job, in id order, as ListCaseNotes
// reads them.
func (s *Store) Notes(orgID string) []messaging.CaseNote {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Collect(maps.Values(s.notes))
	out = slices.DeleteFunc(out, func(n messaging.CaseNote) bool { return n.OrgID != orgID })
	for i := range out {
		if out[i].CreatedAt.IsZero() {
			out[i].CreatedAt = out[i].UpdatedAt
		}
	}
	slices.SortFunc(out, func(a, b messaging.CaseNote) int {
		if a.JobID != b.JobID {
			return int(a.JobID - b.JobID)
		}
		return cmpString(a.ID, b.ID)
	})
	return out
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Note returns the organisation's note with id, on whichever job, and whether there is one.
func (s *Store) Note(orgID, id string) (messaging.CaseNote, bool) {
	for _, n := range s.Notes(orgID) {
		if n.ID == id {
			return n, true
		}
	}
	return messaging.CaseNote{}, false
}
