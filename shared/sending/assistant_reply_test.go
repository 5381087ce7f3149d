package sending

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// replyProvider records free-form and button sends.
type replyProvider struct {
	fakes.Provider
	mu      sync.Mutex
	texts   []string
	buttons []whatsapp.ButtonsSend
	err     error
}

func (p *replyProvider) SendText(_ context.Context, _ whatsapp.Account, to, text, _ string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return "", p.err
	}
	p.texts = append(p.texts, to+": "+text)
	return "wamid.text" + string(rune('0'+len(p.texts))), nil
}

func (p *replyProvider) SendButtons(_ context.Context, _ whatsapp.Account, m whatsapp.ButtonsSend) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return "", p.err
	}
	p.buttons = append(p.buttons, m)
	return "wamid.buttons", nil
}

// memReach is the conversation and suppression side of the send path in memory.
type memReach struct {
	optedOut bool
	recorded []messaging.ConversationMessage
}

func (m *memReach) LoadSendTo(context.Context, string, int64, int, string) (messaging.SendLoad, error) {
	return messaging.SendLoad{}, errors.New("not used")
}

func (m *memReach) LoadTextSend(context.Context, string, string) (messaging.Settings, messaging.Suppression, error) {
	return seedSettings, messaging.Suppression{OptedOut: m.optedOut}, nil
}

func (m *memReach) GetSuppression(context.Context, string, string) (messaging.Suppression, error) {
	return messaging.Suppression{OptedOut: m.optedOut}, nil
}

func (m *memReach) RecordOutbound(_ context.Context, _, _, _ string, cm messaging.ConversationMessage) error {
	m.recorded = append(m.recorded, cm)
	return nil
}

func (m *memReach) KeepOutbound(ctx context.Context, orgID, phoneNumberID, phone string, cm messaging.ConversationMessage) error {
	return m.RecordOutbound(ctx, orgID, phoneNumberID, phone, cm)
}

func newReplier(r *rig) (*Replier, *replyProvider, *memReach) {
	pr, reach := &replyProvider{}, &memReach{}
	d := r.deps()
	d.Provider, d.Reach = pr, reach
	return &Replier{Deps: d, Claims: memstore.New(), Lease: 30 * time.Second, MaxWait: 2 * time.Second,
		Sleep: func(context.Context, time.Duration) error { return nil }}, pr, reach
}

var replyTurn = assistant.Turn{OrgID: "org1", PhoneNumberID: "1055", ConversationID: "c1", Phone: "+447700900123",
	WAID: "447700900123", MessageID: "wamid.IN1", Type: "text", Text: "raise a ticket for the leak", At: t0.Add(-time.Minute)}

func TestReplierSendsTextAndButtonsOnce(t *testing.T) {
	r := newRig()
	rp, pr, reach := newReplier(r)
	ctx := context.Background()
	text := assistant.Reply{Text: "I can raise a ticket for the leak at Flat 3."}
	ask := assistant.Reply{Seq: 1, Text: "Raise it now?", Buttons: []assistant.Button{{ID: "confirm:yes", Title: "Yes"}, {ID: "confirm:no", Title: "No"}}}
	for _, rep := range []assistant.Reply{text, ask} {
		if err := rp.Reply(ctx, replyTurn, rep); err != nil {
			t.Fatal(err)
		}
	}
	// The turn is redelivered to a fresh process, whose engine replies the same again.
	again, _, _ := newReplier(r)
	again.Claims, again.Provider, again.Reach = rp.Claims, pr, reach
	for _, rep := range []assistant.Reply{text, ask} {
		if err := again.Reply(ctx, replyTurn, rep); err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{"+447700900123: " + text.Text}; !cmp.Equal(pr.texts, want) {
		t.Errorf("texts: got %v, want %v", pr.texts, want)
	}
	if len(pr.buttons) != 1 || !cmp.Equal(pr.buttons[0].Buttons, []whatsapp.Button{{ID: "confirm:yes", Title: "Yes"}, {ID: "confirm:no", Title: "No"}}) {
		t.Errorf("button sends: got %+v, want one with Yes and No", pr.buttons)
	}
	if len(reach.recorded) != 2 {
		t.Fatalf("recorded: got %d, want 2", len(reach.recorded))
	}
	first, second := reach.recorded[0], reach.recorded[1]
	if first.AuthorName != AssistantAuthor || first.Direction != messaging.DirectionOutbound || first.Type != "text" || first.ReplyTo != "wamid.IN1" {
		t.Errorf("first recorded: got %+v", first)
	}
	if second.Type != "interactive" || second.Text != "Raise it now? [Yes] [No]" || second.ID == first.ID {
		t.Errorf("second recorded: got %+v", second)
	}
	if first.ID != ReplyID("wamid.IN1", 0, replyTurn.At) || second.ID != ReplyID("wamid.IN1", 1, replyTurn.At) {
		t.Errorf("reply ids: got %s %s, want the turn's 0th and 1st", first.ID, second.ID)
	}
}

func TestReplierRefusals(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(rp *Replier, pr *replyProvider, reach *memReach)
		turn     assistant.Turn
		reply    assistant.Reply
		wantCode messaging.Code
		wantSent bool
	}{
		{"opted_out", func(_ *Replier, _ *replyProvider, reach *memReach) { reach.optedOut = true }, replyTurn, assistant.Reply{Text: "hi"}, messaging.CodeUnprocessable, false},
		{"window_closed", nil, func() assistant.Turn { t := replyTurn; t.At = t0.Add(-25 * time.Hour); return t }(), assistant.Reply{Text: "hi"}, messaging.CodeUnprocessable, false},
		{"four_buttons", nil, replyTurn, assistant.Reply{Text: "pick", Buttons: []assistant.Button{{ID: "1", Title: "a"}, {ID: "2", Title: "b"}, {ID: "3", Title: "c"}, {ID: "4", Title: "d"}}}, messaging.CodeInvalid, false},
		{"empty", nil, replyTurn, assistant.Reply{Text: "  "}, messaging.CodeInvalid, false},
		{"provider_refused", func(_ *Replier, pr *replyProvider, _ *memReach) {
			pr.err = &whatsapp.Error{HTTPStatus: 400, Code: 131047, Message: "Re-engagement message"}
		}, replyTurn, assistant.Reply{Text: "hi"}, messaging.CodeProviderRejected, false},
		{"provider_busy", func(_ *Replier, pr *replyProvider, _ *memReach) { pr.err = &whatsapp.Error{HTTPStatus: 503} }, replyTurn, assistant.Reply{Text: "hi"}, messaging.CodeUnavailable, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rp, pr, reach := newReplier(newRig())
			if tt.setup != nil {
				tt.setup(rp, pr, reach)
			}
			err := rp.Reply(context.Background(), tt.turn, tt.reply)
			if got := messaging.ErrorCode(err); got != tt.wantCode {
				t.Errorf("code: got %s (%v), want %s", got, err, tt.wantCode)
			}
			if sent := len(pr.texts)+len(pr.buttons) > 0; sent != tt.wantSent || len(reach.recorded) > 0 {
				t.Errorf("sent %v, recorded %d; want sent %v and nothing recorded", sent, len(reach.recorded), tt.wantSent)
			}
		})
	}
}

func TestReplierReleasesATransientFailureForTheRetry(t *testing.T) {
	rp, pr, _ := newReplier(newRig())
	pr.err = &whatsapp.Error{HTTPStatus: 503}
	if err := rp.Reply(context.Background(), replyTurn, assistant.Reply{Text: "hi"}); err == nil {
		t.Fatal("want the provider's failure")
	}
	pr.err = nil
	retry, _, _ := newReplier(newRig())
	retry.Claims, retry.Provider, retry.Reach = rp.Claims, pr, rp.Reach
	if err := retry.Reply(context.Background(), replyTurn, assistant.Reply{Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	if len(pr.texts) != 1 || !strings.HasSuffix(pr.texts[0], "hi") {
		t.Errorf("texts: got %v, want the retried reply once", pr.texts)
	}
}

func TestReplierSendsARedeliveredTurnOnceInTheSameProcess(t *testing.T) {
	rp, pr, _ := newReplier(newRig())
	ctx := context.Background()
	replies := []assistant.Reply{{Text: "Raised TKT-2026-0001.", Seq: 0}, {Text: "Anything else?", Seq: 1}}
	// The first delivery sends the replies; the turn is then redelivered (say its session
	// could not be saved) to the same warm process, which sends the turn's replies again.
	for range 2 {
		for _, rep := range replies {
			if err := rp.Reply(ctx, replyTurn, rep); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := []string{"+447700900123: Raised TKT-2026-0001.", "+447700900123: Anything else?"}
	if !cmp.Equal(pr.texts, want) {
		t.Errorf("texts: got %v, want %v (each reply once)", pr.texts, want)
	}
}

// roleReach is memReach that also keeps who each reply was recorded as answering.
type roleReach struct {
	*memReach
	whos []messaging.Identity
}

func (m *roleReach) RecordReply(ctx context.Context, org, pnid, phone string, cm messaging.ConversationMessage, who messaging.Identity) error {
	m.whos = append(m.whos, who)
	return m.RecordOutbound(ctx, org, pnid, phone, cm)
}

func TestReplierRecordsTheRoleAndSiteOfThePersonAnswered(t *testing.T) {
	tests := []struct {
		name string
		rep  assistant.Reply
		want messaging.Identity
	}{
		{"a contractor", assistant.Reply{Text: "Hello", Role: assistant.RoleContractor}, messaging.Identity{Role: messaging.RoleContractor}},
		{"a resident with their site", assistant.Reply{Text: "Hello", Role: assistant.RoleResident, SiteID: "s1", SiteName: "Harbour View"},
			messaging.Identity{Role: messaging.RoleResident, SiteID: "s1", SiteName: "Harbour View"}},
		{"not identified yet", assistant.Reply{Text: "Hello"}, messaging.Identity{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rp, _, reach := newReplier(newRig())
			rr := &roleReach{memReach: reach}
			rp.Replies = rr
			if err := rp.Reply(context.Background(), replyTurn, tt.rep); err != nil {
				t.Fatal(err)
			}
			if len(rr.whos) != 1 || rr.whos[0] != tt.want || len(reach.recorded) != 1 {
				t.Errorf("recorded %d replies as answering %+v, want one answering %+v", len(reach.recorded), rr.whos, tt.want)
			}
		})
	}
}
