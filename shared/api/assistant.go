package api

import (
	"context"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
)

// StaffLinks starts, shows and removes a staff member's WhatsApp link (dynamo.StaffLinks is
// one).
type StaffLinks interface {
	StartLink(ctx context.Context, p messaging.Principal, now time.Time) (code string, expires time.Time, err error)
	State(ctx context.Context, orgID, userID string, now time.Time) (dynamo.LinkState, error)
	UnlinkUser(ctx context.Context, orgID, userID string) error
}

// Handovers gives conversations to staff and back, and holds them after a staff reply
// (dynamo.Handovers is one).
type Handovers interface {
	HandOver(ctx context.Context, orgID, conversationID string, until time.Time) error
	GiveBack(ctx context.Context, orgID, conversationID string) error
	StaffReplied(ctx context.Context, orgID, conversationID string, now time.Time) error
}

// linkView is the caller's WhatsApp link as the API shows it.
type linkView struct {
	Status         string     `json:"status"`                    // "linked", "pending" or "none"
	Phone          string     `json:"phone,omitempty"`           // the linked number, masked
	Code           string     `json:"code,omitempty"`            // the code to send, while pending
	ExpiresAt      *time.Time `json:"expires_at,omitempty"`      // when the code stops working
	BusinessNumber string     `json:"business_number,omitempty"` // where to send the code
}

// whatsappLink is GET, POST and DELETE /api/me/whatsapp-link: the caller links their own
// WhatsApp number by sending a six-digit code to the organisation's number within ten
// minutes, sees the link, or removes it.
func (a *API) whatsappLink(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if a.Links == nil {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInternal, "staff links are not wired"))
	}
	now := a.Now()
	switch apigw.Method(r) {
	case "POST":
		st, err := a.Store.GetSettings(ctx, p.OrgID)
		if err != nil {
			return a.fail(ctx, err)
		}
		code, expires, err := a.Links.StartLink(ctx, p, now)
		if err != nil {
			return a.fail(ctx, err)
		}
		obs.Logger(ctx).Info("staff link started")
		return apigw.OK(linkView{Status: "pending", Code: code, ExpiresAt: &expires, BusinessNumber: st.DisplayPhoneNumber},
			"Send this code from your WhatsApp to the organisation's number within 10 minutes")
	case "DELETE":
		if err := a.Links.UnlinkUser(ctx, p.OrgID, p.UserID); err != nil {
			return a.fail(ctx, err)
		}
		return apigw.OK(linkView{Status: "none"}, "WhatsApp number unlinked")
	}
	ls, err := a.Links.State(ctx, p.OrgID, p.UserID, now)
	if err != nil {
		return a.fail(ctx, err)
	}
	v := linkView{Status: "none"}
	switch {
	case ls.Phone != "":
		v.Status, v.Phone = "linked", messaging.MaskPhone(ls.Phone)
	case ls.PendingCode != "":
		exp := ls.CodeExpires
		v.Status, v.Code, v.ExpiresAt = "pending", ls.PendingCode, &exp
	}
	return apigw.OK(v, "")
}

// handoverView is a conversation's handover state.
type handoverView struct {
	ConversationID string     `json:"conversation_id"`
	StaffUntil     *time.Time `json:"staff_until,omitempty"` // absent once given back
}

// handover is POST and DELETE /api/whatsapp/conversations/{conversation_id}/handover: staff
// take the conversation over (the assistant stays quiet for messaging.HandoverHold) or give it
// back. Another organisation's conversation is not found.
func (a *API) handover(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if err := p.Require(messaging.PermWhatsAppSend); err != nil {
		return a.fail(ctx, err)
	}
	if a.Handovers == nil {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInternal, "handovers are not wired"))
	}
	id, err := conversationID(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	if apigw.Method(r) == "DELETE" {
		if err := a.Handovers.GiveBack(ctx, p.OrgID, id); err != nil {
			return a.fail(ctx, err)
		}
		return apigw.OK(handoverView{ConversationID: id}, "Conversation given back to the assistant")
	}
	until := a.Now().Add(messaging.HandoverHold).UTC()
	if err := a.Handovers.HandOver(ctx, p.OrgID, id, until); err != nil {
		return a.fail(ctx, err)
	}
	return apigw.OK(handoverView{ConversationID: id, StaffUntil: &until}, "Conversation handed over to staff")
}

// staffReplied holds a conversation after a staff reply went out, so the assistant does not
// talk over the person who just answered. It never fails the reply: the message is out.
func (a *API) staffReplied(ctx context.Context, orgID, conversationID string) {
	if a.Handovers == nil {
		return
	}
	if err := a.Handovers.StaffReplied(ctx, orgID, conversationID, a.Now()); err != nil {
		obs.Logger(ctx).Warn("staff reply did not hold the conversation", "conversation_id", conversationID, "error", err)
	}
}
