package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
)

const noteID = "01JDAAAAAAAAAAAAAAAAAAAAAA"

// statusNote is what a status webhook writes: the ids, the status, when, and its errors.
func statusNote(st messaging.Status, sec int, errs ...messaging.StatusError) messaging.CaseNote {
	at := t0.Add(time.Duration(sec) * time.Second)
	return messaging.CaseNote{ID: noteID, OrgID: "o1", JobID: 1050, Kind: messaging.NoteWhatsAppMessage, ProviderMessage: "wamid.S1",
		Status: st, UpdatedAt: at, StatusHistory: []messaging.StatusEvent{{Status: st, At: at}}, Errors: errs}
}

// onlyNote returns the job's one note.
func onlyNote(t *testing.T, s Store) messaging.CaseNote {
	t.Helper()
	notes, total, err := s.ListCaseNotes(context.Background(), "o1", 1050, 0, 0)
	if err != nil || total != 1 || len(notes) != 1 {
		t.Fatalf("ListCaseNotes = %d notes, total %d, %v; want 1", len(notes), total, err)
	}
	return notes[0]
}

func history(n messaging.CaseNote) []messaging.Status {
	var out []messaging.Status
	for _, e := range n.StatusHistory {
		out = append(out, e.Status)
	}
	return out
}

func caseNoteStatusesForwardOnly(t *testing.T, open func(t *testing.T) Store) {
	tests := []struct {
		name        string
		order       []messaging.Status
		want        messaging.Status
		wantHistory []messaging.Status
	}{
		{"in order", []messaging.Status{"sent", "delivered", "read"}, "read", []messaging.Status{"sent", "delivered", "read"}},
		{"out of order", []messaging.Status{"read", "sent", "delivered"}, "read", []messaging.Status{"read"}},
		{"repeated", []messaging.Status{"sent", "sent", "delivered", "delivered"}, "delivered", []messaging.Status{"sent", "delivered"}},
		{"failed is final", []messaging.Status{"sent", "failed", "read"}, "failed", []messaging.Status{"sent", "failed"}},
		{"queued never follows accepted", []messaging.Status{"accepted", "queued"}, "accepted", []messaging.Status{"accepted"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			for i, st := range tt.order {
				var errs []messaging.StatusError
				if st == messaging.StatusFailed {
					errs = []messaging.StatusError{{Code: 131026, Title: "Message undeliverable"}}
				}
				must(t, s.UpsertCaseNote(context.Background(), statusNote(st, i, errs...)))
			}
			n := onlyNote(t, s)
			if n.Status != tt.want {
				t.Errorf("status = %q, want %q", n.Status, tt.want)
			}
			if diff := cmp.Diff(tt.wantHistory, history(n)); diff != "" {
				t.Errorf("history (-want +got):\n%s", diff)
			}
		})
	}
}

func caseNoteIdempotent(t *testing.T, s Store) {
	ctx := context.Background()
	created := messaging.CaseNote{ID: noteID, OrgID: "o1", JobID: 1050, Kind: messaging.NoteWhatsAppMessage, Direction: "outbound",
		Text: "Hello Ann", AuthorName: "Sam Staff", Recipient: "+447700900123", Template: "appointment_reminder",
		Status: messaging.StatusAccepted, CreatedAt: t0, UpdatedAt: t0}
	// A status overtakes its note: the note fills in around it, the status stays.
	must(t, s.UpsertCaseNote(ctx, statusNote(messaging.StatusDelivered, 5)))
	must(t, s.UpsertCaseNote(ctx, created))
	again := created
	again.Text, again.AuthorName, again.CreatedAt = "Changed", "Someone", t0.Add(time.Minute)
	must(t, s.UpsertCaseNote(ctx, again))
	n := onlyNote(t, s)
	if n.Status != messaging.StatusDelivered || n.Text != created.Text || n.AuthorName != created.AuthorName ||
		n.Recipient != created.Recipient || n.Template != created.Template || !n.CreatedAt.Equal(t0) {
		t.Errorf("note = %+v; want delivered with the first creation's fields", n)
	}
	if diff := cmp.Diff([]messaging.Status{"delivered"}, history(n)); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	if _, _, err := s.ListCaseNotes(ctx, "o1", 1050, 10, -1); err == nil {
		t.Error("ListCaseNotes with a negative offset: got nil error")
	}
	if err := s.UpsertCaseNote(ctx, messaging.CaseNote{ID: "x", OrgID: "o1"}); err == nil {
		t.Error("UpsertCaseNote without a job: got nil error")
	}
}

func caseNoteProvisional(t *testing.T, open func(t *testing.T) Store) {
	provisional := statusNote(messaging.StatusFailed, 10, messaging.StatusError{Title: "could not be sent after 15 tries"})
	provisional.Provisional = true
	queued := statusNote(messaging.StatusQueued, 0)
	tests := []struct {
		name  string
		steps []messaging.CaseNote
		want  messaging.Status
		prov  bool
	}{
		{"over queued shows failed", []messaging.CaseNote{queued, provisional}, messaging.StatusFailed, true},
		{"a later send replaces it", []messaging.CaseNote{queued, provisional, statusNote(messaging.StatusAccepted, 20)}, messaging.StatusAccepted, false},
		{"never over a sent message", []messaging.CaseNote{statusNote(messaging.StatusSent, 0), provisional}, messaging.StatusSent, false},
		{"a real failure is final", []messaging.CaseNote{statusNote(messaging.StatusFailed, 0), statusNote(messaging.StatusRead, 20)}, messaging.StatusFailed, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			for _, n := range tt.steps {
				must(t, s.UpsertCaseNote(context.Background(), n))
			}
			if n := onlyNote(t, s); n.Status != tt.want || n.Provisional != tt.prov {
				t.Errorf("note = %s (provisional %v), want %s (provisional %v)", n.Status, n.Provisional, tt.want, tt.prov)
			}
		})
	}
}
