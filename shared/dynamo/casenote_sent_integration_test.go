//go:build integration

package dynamo

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/ratelimit"
)

// TestKeepSent: a sent message's note and conversation message land in one request, and the
// note reads as one with whatever status webhooks wrote before or after it, the furthest
// status winning.
func TestKeepSent(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	at := func(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }
	const phone = "+447700900123"
	sent := func(id string) messaging.CaseNote {
		return messaging.CaseNote{ID: id, OrgID: "o1", JobID: 1050, Kind: messaging.NoteWhatsAppMessage, Direction: "outbound",
			Text: "Hello Ana", AuthorName: "Sam Staff", Recipient: phone, Template: "job_booked", ProviderMessage: "wamid." + id,
			Status: messaging.StatusAccepted, CreatedAt: at(0), UpdatedAt: at(1)}
	}
	// A status webhook knows only the ids, the status and when.
	status := func(id string, st messaging.Status, sec int) messaging.CaseNote {
		return messaging.CaseNote{ID: id, OrgID: "o1", JobID: 1050, ProviderMessage: "wamid." + id, Status: st, UpdatedAt: at(sec)}
	}
	tests := []struct {
		name        string
		before      []messaging.Status // statuses written before the sent record
		after       []messaging.Status // and after it
		wantStatus  messaging.Status
		wantHistory string
	}{
		{"alone", nil, nil, messaging.StatusAccepted, "[accepted]"},
		{"statuses after it", nil, []messaging.Status{"sent", "delivered"}, messaging.StatusDelivered, "[accepted sent delivered]"},
		{"a status before it", []messaging.Status{"delivered"}, nil, messaging.StatusDelivered, "[accepted delivered]"},
		{"read before it, a late sent after", []messaging.Status{"read"}, []messaging.Status{"sent"}, messaging.StatusRead, "[accepted read]"},
		{"queued by the API before it", []messaging.Status{"queued"}, []messaging.Status{"read"}, messaging.StatusRead, "[queued accepted read]"},
		{"accepted again (a redelivery's note)", nil, []messaging.Status{"accepted"}, messaging.StatusAccepted, "[accepted]"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, db := newTestStore(t)
			ctx := context.Background()
			id := fmt.Sprintf("01JDAAAAAAAAAAAAAAAAAAAA%02d", i)
			if _, err := (PairPacer{Pacer: ratelimit.NewPacer(db, s.table, 6*time.Second, 5)}).ReservePair(ctx, "o1", "pn1", phone, 1050, at(0)); err != nil {
				t.Fatal(err)
			}
			for j, st := range tt.before {
				must(t, s.UpsertCaseNote(ctx, status(id, st, 2+j)))
			}
			n := sent(id)
			m := messaging.ConversationMessage{ID: id, Direction: messaging.DirectionOutbound, Type: "template", Text: n.Text,
				Template: n.Template, ProviderMessage: n.ProviderMessage, Status: messaging.StatusAccepted, JobID: 1050, AuthorName: n.AuthorName, At: at(1)}
			must(t, s.KeepSent(ctx, n, "pn1", phone, m))
			for j, st := range tt.after {
				if st == messaging.StatusAccepted {
					must(t, s.UpsertCaseNote(ctx, sent(id)))
					continue
				}
				must(t, s.UpsertCaseNote(ctx, status(id, st, 10+j)))
			}
			notes, total, err := s.ListCaseNotes(ctx, "o1", 1050, 0, 0)
			if err != nil || total != 1 || len(notes) != 1 {
				t.Fatalf("ListCaseNotes = %+v, total %d, %v; want one note", notes, total, err)
			}
			got := notes[0]
			var hist []messaging.Status
			for _, h := range got.StatusHistory {
				hist = append(hist, h.Status)
			}
			if got.Status != tt.wantStatus || fmt.Sprint(hist) != tt.wantHistory {
				t.Errorf("status %s, history %v; want %s, %s", got.Status, hist, tt.wantStatus, tt.wantHistory)
			}
			if got.Text != "Hello Ana" || got.AuthorName != "Sam Staff" || got.Template != "job_booked" || !got.CreatedAt.Equal(at(0)) || got.ProviderMessage != "wamid."+id {
				t.Errorf("note %+v, want the sent record's text, author, template, creation time and wamid", got)
			}
			_, msgs, _, err := s.ConversationWithMessages(ctx, "o1", messaging.ConversationID("o1", "pn1", phone), 0, 0)
			if err != nil || len(msgs) != 1 || msgs[0].ID != id || msgs[0].ProviderMessage != "wamid."+id || msgs[0].JobID != 1050 {
				t.Errorf("conversation messages = %+v, %v; want the one sent message", msgs, err)
			}
		})
	}
}

// TestKeepSentAmongNotes: sent records join their notes and keep the job's notes in creation
// order, counted once each.
func TestKeepSentAmongNotes(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	note := func(id string) messaging.CaseNote {
		return messaging.CaseNote{ID: id, OrgID: "o1", JobID: 1050, Kind: messaging.NoteWhatsAppMessage, Direction: "outbound",
			Text: "note " + id, Recipient: "+447700900123", Status: messaging.StatusAccepted, CreatedAt: t0, UpdatedAt: t0}
	}
	msg := func(id string) messaging.ConversationMessage {
		return messaging.ConversationMessage{ID: id, Direction: messaging.DirectionOutbound, Type: "template", At: t0}
	}
	must(t, s.UpsertCaseNote(ctx, note("01JDA1")))
	must(t, s.KeepSent(ctx, note("01JDA2"), "pn1", "+447700900123", msg("01JDA2")))
	must(t, s.UpsertCaseNote(ctx, note("01JDA3")))
	must(t, s.KeepSent(ctx, note("01JDA4"), "pn1", "+447700900123", msg("01JDA4")))
	must(t, s.UpsertCaseNote(ctx, messaging.CaseNote{ID: "01JDA4", OrgID: "o1", JobID: 1050, Status: messaging.StatusSent, UpdatedAt: t0.Add(time.Second)}))
	page, total, err := s.ListCaseNotes(ctx, "o1", 1050, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range page {
		got = append(got, n.ID+" "+n.Text+" "+string(n.Status))
	}
	if want := "[01JDA2 note 01JDA2 accepted 01JDA3 note 01JDA3 accepted]"; total != 4 || fmt.Sprint(got) != want {
		t.Errorf("page = %v, total %d; want %s of 4", got, total, want)
	}
	all, _, _ := s.ListCaseNotes(ctx, "o1", 1050, 0, 0)
	if last := all[len(all)-1]; last.ID != "01JDA4" || last.Status != messaging.StatusSent || last.Text != "note 01JDA4" {
		t.Errorf("last note = %+v, want 01JDA4 sent with its text", last)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
