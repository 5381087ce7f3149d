package inbound

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// fakeTurns records the turns put on the assistant queue with their group and deduplication
// ids, and fails while err is set.
type fakeTurns struct {
	mu     sync.Mutex
	turns  []assistant.Turn
	groups []string
	dedupe []string
	err    error
}

func (q *fakeTurns) Send(_ context.Context, m messaging.QueueMessage) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.err != nil {
		return q.err
	}
	q.turns = append(q.turns, m.Body.(assistant.Turn))
	q.groups, q.dedupe = append(q.groups, m.GroupID), append(q.dedupe, m.DeduplicationID)
	return nil
}

// fixtureEvent parses a captured webhook of the meta adapter's testdata into its one event.
func fixtureEvent(t *testing.T, name string) whatsapp.Inbound {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "whatsapp", "meta", "testdata", "webhooks", name))
	if err != nil {
		t.Fatal(err)
	}
	p, err := meta.ParseWebhook(body)
	if err != nil || len(p.Events) != 1 {
		t.Fatalf("parse %s: %v (%d events)", name, err, len(p.Events))
	}
	return whatsapp.Inbound{OrgID: "o1", ReceivedAt: t0, Event: p.Events[0]}
}

func TestCapturedRepliesBecomeTurns(t *testing.T) {
	convOf := func(phone string) string { return messaging.ConversationID("o1", "106540352242922", phone) }
	tests := []struct {
		fixture string
		want    assistant.Turn
	}{
		{"interactive_button_confirm.json", assistant.Turn{OrgID: "o1", PhoneNumberID: "106540352242922", ConversationID: convOf("+447700900123"),
			Phone: "+447700900123", WAID: "447700900123", MessageID: "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhggOUMzRTYxQTdCMkY0RDBFOEE1QjZDN0Q4RTlGMDExMjMA",
			ProfileName: "Sheena Nelson", Type: whatsapp.TypeInteractive, Text: "Yes", ButtonID: "confirm:yes", At: time.Unix(1749417020, 0).UTC()}},
		{"interactive_list_reply.json", assistant.Turn{}},
		{"button_invitation_accept.json", assistant.Turn{OrgID: "o1", PhoneNumberID: "106540352242922", ConversationID: convOf("+447700900456"),
			Phone: "+447700900456", WAID: "447700900456", MessageID: "wamid.HBgMNDQ3NzAwOTAwNDU2FQIAEhggQTFCMkMzRDRFNUY2MDcxODI5M0E0QjVDNkQ3RThGOTAA",
			ProfileName: "Alex Fixit", Type: whatsapp.TypeButton, Text: "Accept", ButtonID: "wo:accept:WO-1042", At: time.Unix(1749417133, 0).UTC()}},
		{"template_button_reply.json", assistant.Turn{}},
		{"text.json", assistant.Turn{}},
		{"image.json", assistant.Turn{}},
		{"document.json", assistant.Turn{}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			p, st, _, _ := newProcessor()
			st.editSettings(func(s *messaging.Settings) { s.PhoneNumberID = "106540352242922" })
			q := &fakeTurns{}
			p.Assistant = q
			in := fixtureEvent(t, tt.fixture)
			if err := p.Process(context.Background(), in); err != nil {
				t.Fatal(err)
			}
			if len(q.turns) != 1 {
				t.Fatalf("turns: got %d, want 1", len(q.turns))
			}
			got, m := q.turns[0], in.Event.Message
			if q.groups[0] != got.ConversationID || q.dedupe[0] != m.ID || got.ConversationID != convOf("+"+m.From) {
				t.Errorf("group %q dedupe %q, want the conversation %q and the wamid %q", q.groups[0], q.dedupe[0], convOf("+"+m.From), m.ID)
			}
			if tt.want.OrgID == "" { // the shape is checked below per kind
				switch {
				case m.Interactive != nil && (got.ButtonID != m.Interactive.ID || got.Text != m.Interactive.Title || got.ButtonID == ""):
					t.Errorf("reply turn: got button %q text %q, want %q %q", got.ButtonID, got.Text, m.Interactive.ID, m.Interactive.Title)
				case m.Media != nil && (len(got.AttachmentIDs) != 1 || got.Text != m.Media.Caption):
					t.Errorf("media turn: got attachments %v text %q, want one and the caption %q", got.AttachmentIDs, got.Text, m.Media.Caption)
				case m.Type == whatsapp.TypeText && got.Text != m.Text:
					t.Errorf("text turn: got %q, want %q", got.Text, m.Text)
				}
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("turn (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMediaTurnNamesTheStoredAttachment(t *testing.T) {
	p, _, _, _ := newProcessor()
	q := &fakeTurns{}
	p.Assistant, p.Media = q, &fakes.Queue[messaging.QueueMessage]{}
	ev := mediaEvent("wamid.I1", whatsapp.TypeImage, &whatsapp.Media{ID: "m1", MimeType: "image/jpeg", Caption: "done, see photo"})
	if err := p.Process(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	job, _ := attachments.NewMediaJob("o1", "", 0, *ev.Event.Message, t0)
	if len(q.turns) != 1 || !cmp.Equal(q.turns[0].AttachmentIDs, []string{job.AttachmentID()}) || q.turns[0].Text != "done, see photo" {
		t.Fatalf("turns: got %+v, want one with attachment %s and the caption", q.turns, job.AttachmentID())
	}
}

func TestTurnsOnlyForWhatTheAssistantAnswers(t *testing.T) {
	off := false
	tests := []struct {
		name      string
		events    []whatsapp.Inbound
		assistant *bool
		want      []string // wamids queued as turns
	}{
		{"cancel and yes are answers", []whatsapp.Inbound{textEvent("wamid.1", "cancel", t0), textEvent("wamid.2", "Yes", t0.Add(time.Second))}, nil, []string{"wamid.1", "wamid.2"}},
		{"STOP and START are not", []whatsapp.Inbound{textEvent("wamid.1", "STOP", t0), textEvent("wamid.2", "start", t0.Add(time.Second))}, nil, nil},
		{"nothing while opted out", []whatsapp.Inbound{textEvent("wamid.1", "stop", t0), textEvent("wamid.2", "what is my balance", t0.Add(time.Second))}, nil, nil},
		{"reaction and location are not", []whatsapp.Inbound{func() whatsapp.Inbound {
			ev := textEvent("wamid.1", "", t0)
			ev.Event.Message.Type, ev.Event.Message.Reaction = whatsapp.TypeReaction, &whatsapp.Reaction{MessageID: "wamid.0", Emoji: "👍"}
			return ev
		}(), func() whatsapp.Inbound {
			ev := textEvent("wamid.2", "", t0)
			ev.Event.Message.Type, ev.Event.Message.Location = whatsapp.TypeLocation, &whatsapp.Location{Latitude: 51.5}
			return ev
		}()}, nil, nil},
		{"statuses are not", []whatsapp.Inbound{statusEvent(messaging.StatusDelivered, t0)}, nil, nil},
		{"assistant switched off", []whatsapp.Inbound{textEvent("wamid.1", "hello", t0)}, &off, nil},
		{"replay queues once", []whatsapp.Inbound{textEvent("wamid.1", "hello", t0), textEvent("wamid.1", "hello", t0)}, nil, []string{"wamid.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, st, _, _ := newProcessor()
			st.editSettings(func(s *messaging.Settings) { s.AssistantEnabled = tt.assistant })
			q := &fakeTurns{}
			p.Assistant = q
			for _, ev := range tt.events {
				if err := p.Process(context.Background(), ev); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for _, tu := range q.turns {
				got = append(got, tu.MessageID)
			}
			if !cmp.Equal(got, tt.want) {
				t.Errorf("turns: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTurnQueueFailureRetriesTheEvent(t *testing.T) {
	p, st, _, _ := newProcessor()
	q := &fakeTurns{err: errBoom}
	p.Assistant = q
	ev := textEvent("wamid.1", "hello", t0)
	if err := p.Process(context.Background(), ev); err == nil {
		t.Fatal("want the queue's failure")
	}
	q.err = nil
	if err := p.Process(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	if len(q.turns) != 1 || len(st.msgs[messaging.ConversationID("o1", "pn1", "+447700900123")]) != 1 {
		t.Errorf("after the retry: %d turns, %d messages; want 1 and 1", len(q.turns), len(st.msgs))
	}
}

// TestAssistantSettingsReadThroughTheCache: with AssistantSettings set (the function's
// per-instance cache), a message's turn decision reads no settings from the store.
func TestAssistantSettingsReadThroughTheCache(t *testing.T) {
	off := false
	for _, tt := range []struct {
		name      string
		assistant *bool
		turns     int
	}{{"assistant on", nil, 1}, {"assistant off", &off, 0}} {
		t.Run(tt.name, func(t *testing.T) {
			p, st, _, _ := newProcessor()
			q := &fakeTurns{}
			p.Assistant = q
			cached := 0
			settings, err := st.GetSettings(context.Background(), "o1")
			if err != nil {
				t.Fatal(err)
			}
			settings.AssistantEnabled = tt.assistant
			p.AssistantSettings = func(context.Context, string) (messaging.Settings, error) {
				cached++
				return settings, nil
			}
			var calls []string
			st.Fail = func(method, _ string) error {
				calls = append(calls, method)
				return nil
			}
			if err := p.Process(context.Background(), textEvent("wamid.C1", "hello", t0)); err != nil {
				t.Fatal(err)
			}
			if cached != 1 || len(q.turns) != tt.turns {
				t.Errorf("cache reads %d, turns %d; want 1 and %d", cached, len(q.turns), tt.turns)
			}
			for _, c := range calls {
				if c == "GetSettings" {
					t.Errorf("store calls %v, want no GetSettings", calls)
				}
			}
		})
	}
}
