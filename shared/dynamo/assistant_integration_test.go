//go:build integration

package dynamo

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/messaging"
)

var at0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func TestSessionsVersionAndTTL(t *testing.T) {
	s, db := newTestStore(t)
	ctx := context.Background()
	ss := s.Sessions()
	fresh, err := ss.Load(ctx, "o1", "c1")
	if err != nil || fresh.Version != 0 || fresh.OrgID != "o1" || fresh.ConversationID != "c1" {
		t.Fatalf("Load of none: got %+v, %v; want an empty session of o1/c1 at version 0", fresh, err)
	}
	fresh.Pending = &assistant.Pending{Kind: assistant.PendingConfirm, Intent: "ticket.create", Entities: map[string]string{"unit": "u3"}, Expires: at0.Add(assistant.PendingTTL)}
	fresh.LastMessageID = "wamid.1"
	if err := ss.Save(ctx, fresh, at0); err != nil {
		t.Fatalf("first save: %v", err)
	}
	// A second writer that also loaded version 0 loses, and writes nothing.
	rival := assistant.Session{OrgID: "o1", ConversationID: "c1", LastMessageID: "wamid.rival"}
	if err := ss.Save(ctx, rival, at0); messaging.ErrorCode(err) != messaging.CodeConflict {
		t.Fatalf("concurrent first save: got %v, want a conflict", err)
	}
	got, err := ss.Load(ctx, "o1", "c1")
	if err != nil || got.Version != 1 || got.LastMessageID != "wamid.1" || got.Pending == nil || got.Pending.Entities["unit"] != "u3" {
		t.Fatalf("after save: got %+v, %v; want version 1 with the first writer's state", got, err)
	}
	got.LastMessageID = "wamid.2"
	if err := ss.Save(ctx, got, at0.Add(time.Minute)); err != nil {
		t.Fatalf("save at version 1: %v", err)
	}
	stale := got // still version 1
	stale.LastMessageID = "wamid.stale"
	if err := ss.Save(ctx, stale, at0.Add(2*time.Minute)); messaging.ErrorCode(err) != messaging.CodeConflict {
		t.Fatalf("stale save: got %v, want a conflict", err)
	}
	if got, _ := ss.Load(ctx, "o1", "c1"); got.Version != 2 || got.LastMessageID != "wamid.2" {
		t.Errorf("after stale save: got version %d last %s, want 2 wamid.2", got.Version, got.LastMessageID)
	}
	res, err := db.GetItem(ctx, &ddb.GetItemInput{TableName: aws.String(s.table), Key: sessionKey("o1", "c1").av()})
	if err != nil {
		t.Fatal(err)
	}
	var item sessionItem
	if found, _ := s.get(ctx, sessionKey("o1", "c1"), true, &item); !found || res.Item["expires_at"] == nil {
		t.Fatal("session item without expires_at")
	}
	if got, want := item.ExpiresAt, at0.Add(time.Minute).Add(assistant.SessionTTL).Unix(); got != want {
		t.Errorf("expires_at: got %d, want %d (last save + SessionTTL)", got, want)
	}
	if other, _ := ss.Load(ctx, "o2", "c1"); other.Version != 0 {
		t.Errorf("another organisation's session: got version %d, want none", other.Version)
	}
}

func staff(user string) messaging.Principal {
	return messaging.Principal{OrgID: "o1", UserID: user, Name: "Priya " + user, Permissions: []string{messaging.PermWhatsAppSend}, SiteIDs: []string{"site-1"}}
}

func TestStaffLinkCodeRedeemedOnce(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sl := s.StaffLinks()
	code, expires, err := sl.StartLink(ctx, staff("u1"), at0)
	if err != nil || len(code) != 6 || !expires.Equal(at0.Add(LinkCodeTTL)) {
		t.Fatalf("StartLink: got %q until %v, %v; want six digits until %v", code, expires, err, at0.Add(LinkCodeTTL))
	}
	if st, _ := sl.State(ctx, "o1", "u1", at0); st.PendingCode != code || st.Phone != "" {
		t.Errorf("state while pending: got %+v", st)
	}
	// Another organisation cannot redeem it.
	if _, err := sl.Redeem(ctx, "o2", code, "+447700900555", at0.Add(time.Minute)); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("redeem in another organisation: got %v, want not found", err)
	}
	// Many try at once: exactly one links.
	var wg sync.WaitGroup
	results := make([]error, 6)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, results[i] = sl.Redeem(ctx, "o1", code, "+447700900555", at0.Add(time.Minute))
		}(i)
	}
	wg.Wait()
	won := 0
	for _, err := range results {
		switch {
		case err == nil:
			won++
		case messaging.ErrorCode(err) != messaging.CodeNotFound:
			t.Errorf("losing redeem: got %v, want not found", err)
		}
	}
	if won != 1 {
		t.Fatalf("redeems that linked: got %d, want 1", won)
	}
	link, err := sl.LinkedStaff(ctx, "o1", "+447700900555")
	want := assistant.StaffLink{OrgID: "o1", Phone: "+447700900555", UserID: "u1", Name: "Priya u1", SiteIDs: []string{"site-1"},
		Permissions: []string{messaging.PermWhatsAppSend}, LinkedAt: at0.Add(time.Minute)}
	if err != nil || !cmp.Equal(link, want) {
		t.Errorf("linked staff: got %+v, %v; want %+v", link, err, want)
	}
	if st, _ := sl.State(ctx, "o1", "u1", at0.Add(time.Minute)); st.Phone != "+447700900555" || st.PendingCode != "" {
		t.Errorf("state after redeem: got %+v, want the number and no code", st)
	}
	if _, err := sl.LinkedStaff(ctx, "o2", "+447700900555"); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("linked staff in another organisation: got %v, want not found", err)
	}
}

func TestStaffLinkExpiredAndReplacedCodesRefused(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sl := s.StaffLinks()
	old, _, err := sl.StartLink(ctx, staff("u1"), at0)
	if err != nil {
		t.Fatal(err)
	}
	// The item is still there (TTL deletes late), but the code is past its time.
	if _, err := sl.Redeem(ctx, "o1", old, "+447700900555", at0.Add(LinkCodeTTL)); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("expired code: got %v, want not found", err)
	}
	// A new code replaces the pending one: one pending code per user.
	code, _, err := sl.StartLink(ctx, staff("u1"), at0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if code != old {
		if _, err := sl.Redeem(ctx, "o1", old, "+447700900555", at0.Add(2*time.Minute)); messaging.ErrorCode(err) != messaging.CodeNotFound {
			t.Errorf("replaced code: got %v, want not found", err)
		}
	}
	if _, err := sl.Redeem(ctx, "o1", "12345", "+447700900555", at0.Add(2*time.Minute)); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("malformed code: got %v, want not found", err)
	}
	if _, err := sl.Redeem(ctx, "o1", code, "+447700900555", at0.Add(2*time.Minute)); err != nil {
		t.Fatalf("new code: %v", err)
	}
}

func TestStaffLinkOneNumberPerUserAndUnlink(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sl := s.StaffLinks()
	link := func(user, phone string, at time.Time) error {
		code, _, err := sl.StartLink(ctx, staff(user), at)
		if err != nil {
			return err
		}
		_, err = sl.Redeem(ctx, "o1", code, phone, at.Add(time.Second))
		return err
	}
	if err := link("u1", "+447700900551", at0); err != nil {
		t.Fatal(err)
	}
	if err := link("u1", "+447700900552", at0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := sl.LinkedStaff(ctx, "o1", "+447700900551"); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("the user's previous number: got %v, want unlinked", err)
	}
	if err := link("u2", "+447700900552", at0.Add(2*time.Minute)); messaging.ErrorCode(err) != messaging.CodeConflict {
		t.Errorf("another user's number: got %v, want a conflict", err)
	}
	if l, err := sl.LinkedStaff(ctx, "o1", "+447700900552"); err != nil || l.UserID != "u1" {
		t.Errorf("after the refused link: got %+v, %v; want u1's", l, err)
	}
	// Unlink from WhatsApp (by number), then from the API (by user) is a no-op.
	if err := sl.Unlink(ctx, "o1", "+447700900552"); err != nil {
		t.Fatal(err)
	}
	if _, err := sl.LinkedStaff(ctx, "o1", "+447700900552"); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("after unlink: got %v, want not found", err)
	}
	if err := sl.UnlinkUser(ctx, "o1", "u1"); err != nil {
		t.Errorf("unlink user with nothing linked: %v", err)
	}
	if st, _ := sl.State(ctx, "o1", "u1", at0.Add(time.Hour)); st != (assistant.LinkState{}) {
		t.Errorf("state after unlink: got %+v, want none", st)
	}
	// Unlink from the API drops the number and a pending code.
	if err := link("u2", "+447700900553", at0.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	pending, _, err := sl.StartLink(ctx, staff("u2"), at0.Add(4*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if err := sl.UnlinkUser(ctx, "o1", "u2"); err != nil {
		t.Fatal(err)
	}
	if _, err := sl.LinkedStaff(ctx, "o1", "+447700900553"); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("after API unlink: got %v, want not found", err)
	}
	if _, err := sl.Redeem(ctx, "o1", pending, "+447700900554", at0.Add(5*time.Minute)); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("pending code after API unlink: got %v, want not found", err)
	}
}

func TestAuditIdempotentNewestFirst(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	a := s.Auditor()
	entry := func(msg, action string, at time.Time) assistant.AuditEntry {
		return assistant.AuditEntry{OrgID: "o1", At: at, Channel: "whatsapp", MessageID: msg, Speaker: assistant.Speaker{Role: assistant.RoleStaff, UserID: "u1"},
			Intent: "ticket.create", Action: action, Records: []string{"TKT-1001"}}
	}
	for _, e := range []assistant.AuditEntry{
		entry("wamid.1", "ticket.created", at0),
		entry("wamid.1", "ticket.created", at0.Add(time.Second)), // the same turn, retried later
		entry("wamid.2", "work_order.completed", at0.Add(time.Minute)),
		entry("wamid.2", "work_order.photo_attached", at0.Add(time.Minute)),
	} {
		if err := a.Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Audit(ctx, assistant.AuditEntry{OrgID: "o2", At: at0, MessageID: "wamid.9", Action: "ticket.created"}); err != nil {
		t.Fatal(err)
	}
	got, err := a.List(ctx, "o1", at0.Add(-time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, e := range got {
		keys = append(keys, e.MessageID+" "+e.Action)
	}
	want := []string{"wamid.2 work_order.photo_attached", "wamid.2 work_order.completed", "wamid.1 ticket.created"}
	if !cmp.Equal(keys, want) {
		t.Errorf("audit: got %v, want %v", keys, want)
	}
	if len(got) == 3 && (!got[2].At.Equal(at0) || got[2].Speaker.UserID != "u1" || got[2].Records[0] != "TKT-1001") {
		t.Errorf("first entry: got %+v, want the first write kept whole", got[2])
	}
}

func TestHandoverWindow(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	h := s.Handovers()
	phone := "+447700900123"
	conv, err := s.RecordInbound(ctx, messaging.InboundRecord{OrgID: "o1", PhoneNumberID: "pn1", Phone: phone,
		Message: messaging.ConversationMessage{ID: "wamid.1", Direction: messaging.DirectionInbound, Type: "text", Text: "hi", At: at0}})
	if err != nil {
		t.Fatal(err)
	}
	active := func(at time.Time) bool {
		t.Helper()
		on, err := h.StaffActive(ctx, "o1", conv.ID, at)
		if err != nil {
			t.Fatal(err)
		}
		return on
	}
	if active(at0) {
		t.Error("staff active before any handover")
	}
	if err := h.StaffReplied(ctx, "o1", conv.ID, at0); err != nil {
		t.Fatal(err)
	}
	if !active(at0.Add(messaging.StaffReplyHold-time.Second)) || active(at0.Add(messaging.StaffReplyHold)) {
		t.Errorf("a staff reply holds the conversation for exactly %v", messaging.StaffReplyHold)
	}
	// An explicit handover is longer, and a staff reply does not shorten it.
	if err := h.HandOver(ctx, "o1", conv.ID, at0.Add(messaging.HandoverHold)); err != nil {
		t.Fatal(err)
	}
	if err := h.StaffReplied(ctx, "o1", conv.ID, at0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if !active(at0.Add(2 * time.Hour)) {
		t.Error("a staff reply shortened an explicit handover")
	}
	if err := h.GiveBack(ctx, "o1", conv.ID); err != nil {
		t.Fatal(err)
	}
	if active(at0.Add(2 * time.Minute)) {
		t.Error("staff active after giving the conversation back")
	}
	if err := h.HandOver(ctx, "o2", conv.ID, at0.Add(time.Hour)); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("handover of another organisation's conversation: got %v, want not found", err)
	}
	if on, err := h.StaffActive(ctx, "o2", conv.ID, at0); on || err != nil {
		t.Errorf("another organisation's view: got %v, %v; want not held", on, err)
	}
	// Flags show in the conversation list.
	if err := h.Flag(ctx, "o1", conv.ID, messaging.FlagNeedsStaff); err != nil {
		t.Fatal(err)
	}
	if err := h.Flag(ctx, "o1", conv.ID, messaging.FlagNeedsStaff); err != nil {
		t.Fatal(err)
	}
	if err := h.HandOver(ctx, "o1", conv.ID, at0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetConversation(ctx, "o1", conv.ID)
	if err != nil || !cmp.Equal(got.Flags, []string{messaging.FlagNeedsStaff}) || !got.StaffUntil.Equal(at0.Add(time.Hour)) {
		t.Errorf("conversation: got flags %v staff until %v, %v; want [needs_staff] until %v", got.Flags, got.StaffUntil, err, at0.Add(time.Hour))
	}
	if err := h.Unflag(ctx, "o1", conv.ID, messaging.FlagNeedsStaff); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.GetConversation(ctx, "o1", conv.ID); len(got.Flags) != 0 {
		t.Errorf("flags after unflag: got %v, want none", got.Flags)
	}
	if _, msgs, _, err := s.ConversationWithMessages(ctx, "o1", conv.ID, 50, 0); err != nil || len(msgs) != 1 {
		t.Errorf("messages beside the hold: got %d, %v; want 1", len(msgs), err)
	}
}

// A session save whose answer was lost and whose retry was refused is saved, not a conflict;
// a rival saving the very same state from the same version still loses.
func TestSessionSaveRetriedAfterALostAnswerIsDone(t *testing.T) {
	ts, db := newTestStore(t)
	ss := newStore(lostPutAnswer{db}, ts.table).Sessions()
	ctx := context.Background()
	sess := assistant.Session{OrgID: "o1", ConversationID: "c-lost", LastMessageID: "wamid.1"}
	if err := ss.Save(ctx, sess, at0); err != nil {
		t.Fatalf("first save: %v, want saved", err)
	}
	got, err := ss.Load(ctx, "o1", "c-lost")
	if err != nil || got.Version != 1 {
		t.Fatalf("load: %+v, %v; want version 1", got, err)
	}
	got.LastMessageID = "wamid.2"
	if err := ss.Save(ctx, got, at0.Add(time.Minute)); err != nil {
		t.Fatalf("second save: %v, want saved", err)
	}
	twin := ts.Sessions()
	if err := twin.Save(ctx, got, at0.Add(time.Minute)); messaging.ErrorCode(err) != messaging.CodeConflict {
		t.Fatalf("a rival with the same state: %v, want a conflict", err)
	}
}
