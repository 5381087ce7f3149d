package api

import (
	"context"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/messaging"
)

// memLinks is the staff WhatsApp links in memory, by organisation and user, as
// dynamo.StaffLinks keeps them: one pending code and one linked number per user.
type memLinks struct {
	states map[string]assistant.LinkState // org/user
	starts int
}

func (l *memLinks) StartLink(_ context.Context, p messaging.Principal, now time.Time) (string, time.Time, error) {
	l.starts++
	code, expires := fmt.Sprintf("%06d", 482900+l.starts), now.Add(dynamo.LinkCodeTTL).Truncate(time.Second)
	st := l.states[p.OrgID+"/"+p.UserID]
	st.PendingCode, st.CodeExpires = code, expires
	l.states[p.OrgID+"/"+p.UserID] = st
	return code, expires, nil
}

func (l *memLinks) State(_ context.Context, orgID, userID string, now time.Time) (assistant.LinkState, error) {
	st := l.states[orgID+"/"+userID]
	if !now.Before(st.CodeExpires) {
		st.PendingCode, st.CodeExpires = "", time.Time{}
	}
	return st, nil
}

func (l *memLinks) UnlinkUser(_ context.Context, orgID, userID string) error {
	delete(l.states, orgID+"/"+userID)
	return nil
}

// memHandovers is staff's hold on conversations in memory, as dynamo.Handovers keeps it: a
// conversation that is not the organisation's is not found.
type memHandovers struct {
	convs   map[string]string    // conversation id → organisation
	until   map[string]time.Time // conversation id → staff_until
	replied []string             // the conversations staff replied in, in order
}

func (h *memHandovers) exists(orgID, id string) error {
	if h.convs[id] != orgID {
		return messaging.Errorf(messaging.CodeNotFound, messaging.MsgConversationAbsent)
	}
	return nil
}

func (h *memHandovers) HandOver(_ context.Context, orgID, id string, until time.Time) error {
	if err := h.exists(orgID, id); err != nil {
		return err
	}
	h.until[id] = until
	return nil
}

func (h *memHandovers) GiveBack(_ context.Context, orgID, id string) error {
	if err := h.exists(orgID, id); err != nil {
		return err
	}
	delete(h.until, id)
	return nil
}

func (h *memHandovers) StaffReplied(_ context.Context, orgID, id string, now time.Time) error {
	h.replied = append(h.replied, id)
	if h.exists(orgID, id) == nil && h.until[id].Before(now.Add(messaging.StaffReplyHold)) {
		h.until[id] = now.Add(messaging.StaffReplyHold)
	}
	return nil
}
