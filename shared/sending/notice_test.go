package sending

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// memConversations is one conversation, by id.
type memConversations map[string]messaging.Conversation

func (m memConversations) GetConversation(_ context.Context, _, id string) (messaging.Conversation, error) {
	c, ok := m[id]
	if !ok {
		return messaging.Conversation{}, messaging.Errorf(messaging.CodeNotFound, messaging.MsgConversationAbsent)
	}
	return c, nil
}

var ticketUpdate = func() messaging.Template {
	c := []messaging.Component{{Type: "BODY", Text: "There is a reply on your ticket {{ticket_ref}}: {{excerpt}}"}}
	return messaging.Template{ID: 6, Name: "ticket_update", Language: "en_GB", Category: "UTILITY", Status: messaging.TemplateApproved,
		ParameterFormat: messaging.FormatNamed, Components: c, Variables: messaging.DeriveVariables(c)}
}()

var invitation = func() messaging.Template {
	c := []messaging.Component{{Type: "BODY", Text: "Work order {{work_order_ref}}"},
		{Type: "BUTTONS", Buttons: []messaging.Button{{Type: "QUICK_REPLY", Text: "Accept"}, {Type: "QUICK_REPLY", Text: "Decline"}}}}
	return messaging.Template{ID: 7, Name: "work_order_invitation", Language: "en_GB", Category: "UTILITY", Status: messaging.TemplateApproved,
		ParameterFormat: messaging.FormatNamed, Components: c, Variables: messaging.DeriveVariables(c)}
}()

const residentPhone = "+447700900123"

// noticeRig is a send path with conversations: the resident last wrote lastInbound ago (never
// when zero).
func noticeRig(lastInbound time.Duration, optedOut bool) (*Service, *rig, *replyProvider, *memReach) {
	r := newRig()
	pr, reach := &replyProvider{}, &memReach{optedOut: optedOut}
	d := r.deps()
	d.Provider, d.Reach = pr, reach
	convs := memConversations{}
	if lastInbound > 0 {
		id := messaging.ConversationID("org1", seedSettings.PhoneNumberID, residentPhone)
		convs[id] = messaging.Conversation{ID: id, Phone: residentPhone, LastInboundAt: t0.Add(-lastInbound)}
	}
	return &Service{Deps: d, Limit: r.limiter, Conversations: convs}, r, pr, reach
}

func TestNotice(t *testing.T) {
	staff := messaging.Principal{OrgID: "org1", UserID: "u1", Name: "Dana Staff"}
	reply := Notice{ID: "01NOTICE", Phone: residentPhone, Text: "We've booked the roofer for Tuesday.", TemplateName: "ticket_update",
		Template: ticketUpdate, Variables: map[string]string{"ticket_ref": "TKT-2026-0042", "excerpt": "We've booked the roofer for Tuesday."}}
	noTemplate := reply
	noTemplate.Template = messaging.Template{}
	pending := reply
	pending.Template.Status = messaging.TemplatePending
	invite := Notice{ID: "01INVITE", Phone: residentPhone, TemplateName: "work_order_invitation", Template: invitation,
		Variables: map[string]string{"work_order_ref": "WO-2026-0042"}, QuickReplies: []string{"wo:accept:WO-2026-0042", "wo:decline:WO-2026-0042"}}
	tests := []struct {
		name        string
		lastInbound time.Duration
		optedOut    bool
		notice      Notice
		wantText    string // the free text sent
		wantTpl     string // the template sent, with its quick replies' payloads
		wantPayload []string
		wantErr     string
		wantCode    messaging.Code
	}{
		{name: "inside the window: free text", lastInbound: time.Hour, notice: reply, wantText: residentPhone + ": We've booked the roofer for Tuesday."},
		{name: "outside the window: the template", lastInbound: 25 * time.Hour, notice: reply, wantTpl: "ticket_update"},
		{name: "never wrote: the template", notice: reply, wantTpl: "ticket_update"},
		{name: "inside the window without the template: free text still goes", lastInbound: time.Hour, notice: noTemplate, wantText: residentPhone + ": We've booked the roofer for Tuesday."},
		{name: "outside the window without the template: refused", lastInbound: 25 * time.Hour, notice: noTemplate, wantCode: messaging.CodeUnprocessable,
			wantErr: "The organisation has no approved ticket_update template, and only an approved template can reach this person now (their 24-hour window is closed). Add the template in WhatsApp Manager and sync templates, then try again; nothing was sent or saved."},
		{name: "a pending template is none", notice: pending, wantCode: messaging.CodeUnprocessable},
		{name: "opted out: refused even inside the window", lastInbound: time.Hour, optedOut: true, notice: reply, wantCode: messaging.CodeUnprocessable, wantErr: messaging.MsgOptedOut},
		{name: "template-only with quick replies, inside the window too", lastInbound: time.Hour, notice: invite, wantTpl: "work_order_invitation",
			wantPayload: []string{"wo:accept:WO-2026-0042", "wo:decline:WO-2026-0042"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, r, pr, reach := noticeRig(tt.lastInbound, tt.optedOut)
			ctx := context.Background()
			pn, err := s.PrepareNotice(ctx, "org1", tt.notice)
			if tt.wantCode != "" {
				if messaging.ErrorCode(err) != tt.wantCode || (tt.wantErr != "" && messaging.ErrorMessage(err) != tt.wantErr) {
					t.Fatalf("got %v, want %s %q", err, tt.wantCode, tt.wantErr)
				}
				if tt.notice.TemplateName != "" && !tt.optedOut && !errors.Is(err, ErrNoTemplate) {
					t.Errorf("got %v, want ErrNoTemplate", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.SendNotice(ctx, staff, pn)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != string(messaging.StatusSent) {
				t.Errorf("status: got %q, want sent", res.Status)
			}
			if got, want := pn.Free(), tt.wantText != ""; got != want {
				t.Errorf("free: got %v, want %v", got, want)
			}
			var texts []string
			if tt.wantText != "" {
				texts = []string{tt.wantText}
			}
			if diff := cmp.Diff(texts, pr.texts); diff != "" {
				t.Errorf("free text sent (-want +got):\n%s", diff)
			}
			var tpls []string
			var payloads []string
			for _, c := range pr.Sends() {
				tpls = append(tpls, c.Name)
				for _, rc := range c.Rendered.Components {
					if rc.SubType == "quick_reply" {
						payloads = append(payloads, rc.Parameters[0].Payload)
					}
				}
			}
			if tt.wantTpl == "" && len(tpls) > 0 || tt.wantTpl != "" && (len(tpls) != 1 || tpls[0] != tt.wantTpl) {
				t.Errorf("templates sent: got %v, want %q", tpls, tt.wantTpl)
			}
			if diff := cmp.Diff(tt.wantPayload, payloads); diff != "" {
				t.Errorf("quick-reply payloads (-want +got):\n%s", diff)
			}
			// Kept in the conversation from the staff member, under the notice's id; noted on no job.
			if len(reach.recorded) != 1 || reach.recorded[0].ID != tt.notice.ID || reach.recorded[0].AuthorName != "Dana Staff" {
				t.Errorf("conversation: got %+v, want one message %s from Dana Staff", reach.recorded, tt.notice.ID)
			}
			if n := r.noteEvents(t); len(n) != 0 {
				t.Errorf("case notes: got %+v, want none (no job)", n)
			}
		})
	}
}

func TestNoticeHeldBack(t *testing.T) {
	staff := messaging.Principal{OrgID: "org1", UserID: "u1", Name: "Dana Staff"}
	reply := Notice{ID: "01NOTICE", Phone: residentPhone, Text: "On its way", TemplateName: "ticket_update", Template: ticketUpdate,
		Variables: map[string]string{"ticket_ref": "TKT-2026-0042", "excerpt": "On its way"}}
	t.Run("a paced template is queued for the sender", func(t *testing.T) {
		s, r, _, _ := noticeRig(0, false)
		r.pair.Decide = func(string) messaging.RateDecision { return messaging.RateDecision{RetryAfter: 3 * time.Second} }
		pn, err := s.PrepareNotice(context.Background(), "org1", reply)
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.SendNotice(context.Background(), staff, pn)
		if err != nil || !res.Queued() || len(r.outbound.Sent()) != 1 {
			t.Fatalf("got %+v %v with %d queued, want queued once", res, err, len(r.outbound.Sent()))
		}
	})
	t.Run("a transient failure of free text is a 503 to retry", func(t *testing.T) {
		s, _, pr, reach := noticeRig(time.Hour, false)
		pr.err = &whatsapp.Error{HTTPStatus: 503, Code: 131000, Message: "Something went wrong"}
		pn, err := s.PrepareNotice(context.Background(), "org1", reply)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SendNotice(context.Background(), staff, pn); messaging.ErrorCode(err) != messaging.CodeUnavailable {
			t.Fatalf("got %v, want unavailable", err)
		}
		if len(reach.recorded) != 0 {
			t.Errorf("conversation: got %+v, want nothing kept for a message that did not go", reach.recorded)
		}
	})
}
