//go:build integration

package dynamo

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/messaging"
)

func TestUpsertCaseNote(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	at := func(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }
	base := messaging.CaseNote{
		ID: "01JDAAAAAAAAAAAAAAAAAAAAAA", OrgID: "o1", JobID: 1050, Kind: messaging.NoteWhatsAppMessage,
		Direction: "outbound", Text: "Hello Ana", AuthorName: "Sam Staff", Recipient: "+447700900123",
		Template: "job_booked", CreatedAt: at(0), UpdatedAt: at(0),
	}
	status := func(st messaging.Status, sec int, errs ...messaging.StatusError) messaging.CaseNote {
		// A status webhook knows only the ids, the status and when.
		return messaging.CaseNote{ID: base.ID, OrgID: "o1", JobID: 1050, ProviderMessage: "wamid.X", Status: st, UpdatedAt: at(sec), Errors: errs}
	}
	accepted := base
	accepted.Status = messaging.StatusAccepted
	edited := accepted
	edited.Text, edited.AuthorName, edited.CreatedAt = "Changed", "Someone", at(50)

	steps := []struct {
		name        string
		note        messaging.CaseNote
		wantStatus  messaging.Status
		wantHistory []messaging.Status
	}{
		{"create accepted", accepted, messaging.StatusAccepted, []messaging.Status{"accepted"}},
		{"delivered arrives before sent", status(messaging.StatusDelivered, 5), messaging.StatusDelivered, []messaging.Status{"accepted", "delivered"}},
		{"late sent is ignored", status(messaging.StatusSent, 3), messaging.StatusDelivered, []messaging.Status{"accepted", "delivered"}},
		{"duplicate delivered is ignored", status(messaging.StatusDelivered, 6), messaging.StatusDelivered, []messaging.Status{"accepted", "delivered"}},
		{"replayed creation changes nothing", edited, messaging.StatusDelivered, []messaging.Status{"accepted", "delivered"}},
		{"read", status(messaging.StatusRead, 9), messaging.StatusRead, []messaging.Status{"accepted", "delivered", "read"}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := s.UpsertCaseNote(ctx, st.note); err != nil {
				t.Fatalf("UpsertCaseNote: %v", err)
			}
			notes, total, err := s.ListCaseNotes(ctx, "o1", 1050, 50, 0)
			if err != nil || total != 1 || len(notes) != 1 {
				t.Fatalf("ListCaseNotes = %d notes, total %d, %v; want 1", len(notes), total, err)
			}
			n := notes[0]
			if n.Status != st.wantStatus {
				t.Errorf("status = %q, want %q", n.Status, st.wantStatus)
			}
			var hist []messaging.Status
			for _, e := range n.StatusHistory {
				hist = append(hist, e.Status)
			}
			if diff := cmp.Diff(st.wantHistory, hist); diff != "" {
				t.Errorf("history (-want +got):\n%s", diff)
			}
			if n.Text != base.Text || n.AuthorName != base.AuthorName || !n.CreatedAt.Equal(base.CreatedAt) {
				t.Errorf("creation fields changed: text %q author %q created %v", n.Text, n.AuthorName, n.CreatedAt)
			}
		})
	}
}

func TestCaseNoteStatusBeforeNote(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	failed := messaging.CaseNote{
		ID: "01JDBBBBBBBBBBBBBBBBBBBBBB", OrgID: "o1", JobID: 7, Status: messaging.StatusFailed, UpdatedAt: t0.Add(time.Second),
		Errors: []messaging.StatusError{{Code: 131026, Title: "Message undeliverable"}},
	}
	if err := s.UpsertCaseNote(ctx, failed); err != nil {
		t.Fatal(err)
	}
	note := messaging.CaseNote{
		ID: failed.ID, OrgID: "o1", JobID: 7, Kind: messaging.NoteWhatsAppMessage, Text: "Hi", AuthorName: "Sam",
		Status: messaging.StatusAccepted, CreatedAt: t0, UpdatedAt: t0,
	}
	if err := s.UpsertCaseNote(ctx, note); err != nil {
		t.Fatal(err)
	}
	notes, _, err := s.ListCaseNotes(ctx, "o1", 7, 0, 0)
	if err != nil || len(notes) != 1 {
		t.Fatalf("ListCaseNotes = %v, %v", notes, err)
	}
	n := notes[0]
	if n.Status != messaging.StatusFailed || n.Text != "Hi" || n.AuthorName != "Sam" || n.Kind != messaging.NoteWhatsAppMessage || !n.CreatedAt.Equal(t0) {
		t.Errorf("note = %+v; want failed status with the note's own text, author, kind and creation time", n)
	}
	if diff := cmp.Diff(failed.Errors, n.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestListCaseNotes(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	// ULIDs of increasing time; written out of order.
	ids := []string{"01JD0000000000000000000001", "01JD0000000000000000000002", "01JD0000000000000000000003", "01JD0000000000000000000004", "01JD0000000000000000000005"}
	for _, i := range []int{3, 0, 4, 1, 2} {
		n := messaging.CaseNote{ID: ids[i], OrgID: "o1", JobID: 1050, Kind: "note", Text: fmt.Sprint("note ", i), AuthorName: "Sam", CreatedAt: t0.Add(time.Duration(i) * time.Minute)}
		if err := s.UpsertCaseNote(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name          string
		limit, offset int
		want          []string
	}{
		{"all", 0, 0, ids},
		{"first page", 2, 0, ids[:2]},
		{"second page", 2, 2, ids[2:4]},
		{"last page", 2, 4, ids[4:]},
		{"past the end", 2, 9, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			notes, total, err := s.ListCaseNotes(ctx, "o1", 1050, tt.limit, tt.offset)
			if err != nil {
				t.Fatal(err)
			}
			if total != len(ids) {
				t.Errorf("total = %d, want %d", total, len(ids))
			}
			var got []string
			for _, n := range notes {
				got = append(got, n.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("another org sees none", func(t *testing.T) {
		notes, total, err := s.ListCaseNotes(ctx, "o2", 1050, 50, 0)
		if err != nil || total != 0 || len(notes) != 0 {
			t.Errorf("o2 list = %d notes, total %d, %v; want none", len(notes), total, err)
		}
	})
}

func TestProvisionalFailure(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	note := func(id string, st messaging.Status, sec int, provisional bool) messaging.CaseNote {
		return messaging.CaseNote{ID: id, OrgID: "o1", JobID: 1051, Kind: messaging.NoteWhatsAppMessage, Text: "Hi",
			Status: st, Provisional: provisional, UpdatedAt: t0.Add(time.Duration(sec) * time.Second)}
	}
	deadLetter := func(id string, sec int) messaging.CaseNote {
		n := note(id, messaging.StatusFailed, sec, true)
		n.Errors = []messaging.StatusError{{Title: "could not be sent after 15 tries"}}
		return n
	}
	steps := []struct {
		name   string
		notes  []messaging.CaseNote
		id     string
		want   messaging.Status
		wantPr bool
	}{
		{"dead-lettered over queued shows failed", []messaging.CaseNote{note("a", messaging.StatusQueued, 0, false), deadLetter("a", 1)}, "a", messaging.StatusFailed, true},
		{"a late queued does not reopen it", []messaging.CaseNote{note("a", messaging.StatusQueued, 2, false)}, "a", messaging.StatusFailed, true},
		{"accepted after a redrive reopens it", []messaging.CaseNote{note("a", messaging.StatusAccepted, 3, false)}, "a", messaging.StatusAccepted, false},
		{"then forward only again", []messaging.CaseNote{note("a", messaging.StatusDelivered, 4, false), note("a", messaging.StatusSent, 5, false)}, "a", messaging.StatusDelivered, false},
		{"a dead letter never hides a message that went out", []messaging.CaseNote{note("b", messaging.StatusSent, 0, false), deadLetter("b", 1)}, "b", messaging.StatusSent, false},
		{"the provider's failure stays final", []messaging.CaseNote{note("c", messaging.StatusFailed, 0, false), deadLetter("c", 1), note("c", messaging.StatusAccepted, 2, false)}, "c", messaging.StatusFailed, false},
		{"a second dead letter after a redrive", []messaging.CaseNote{deadLetter("d", 0), deadLetter("d", 1), note("d", messaging.StatusRead, 2, false)}, "d", messaging.StatusRead, false},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			for _, n := range st.notes {
				if err := s.UpsertCaseNote(ctx, n); err != nil {
					t.Fatalf("UpsertCaseNote: %v", err)
				}
			}
			notes, _, err := s.ListCaseNotes(ctx, "o1", 1051, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range notes {
				if n.ID == st.id && (n.Status != st.want || n.Provisional != st.wantPr) {
					t.Errorf("note %s: status %s provisional %v, want %s provisional %v", n.ID, n.Status, n.Provisional, st.want, st.wantPr)
				}
			}
		})
	}
}
