//go:build integration

package dynamo

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/proplink/chat/shared/console"
	"github.com/proplink/chat/shared/messaging"
)

func TestConsoleSignInTakenOnce(t *testing.T) {
	s, _ := newTestStore(t)
	c := s.Console()
	ctx := context.Background()
	p := messaging.Principal{OrgID: "o1", UserID: "u1", Name: "Sam", Permissions: []string{messaging.PermWhatsAppSend}, SiteIDs: []string{"s1"}}
	if err := c.PutSignIn(ctx, "o1", "h1", p, at0.Add(console.SignInTTL)); err != nil {
		t.Fatal(err)
	}
	if err := c.PutSignIn(ctx, "o1", "h1", p, at0.Add(console.SignInTTL)); err == nil {
		t.Errorf("a second code with the same hash was stored")
	}
	// Eight concurrent takes: exactly one wins.
	var wg sync.WaitGroup
	wins := make(chan messaging.Principal, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got, err := c.TakeSignIn(ctx, "o1", "h1", at0); err == nil {
				wins <- got
			} else if messaging.ErrorCode(err) != messaging.CodeUnauthenticated {
				t.Errorf("take: %v", err)
			}
		}()
	}
	wg.Wait()
	close(wins)
	var got []messaging.Principal
	for w := range wins {
		got = append(got, w)
	}
	if len(got) != 1 || got[0].UserID != "u1" || got[0].SiteIDs[0] != "s1" || got[0].Permissions[0] != messaging.PermWhatsAppSend {
		t.Fatalf("takes that won: %+v, want u1 once", got)
	}
	tests := []struct {
		name, org, hash string
		at              time.Time
	}{
		{"expired", "o1", "h2", at0.Add(console.SignInTTL)},
		{"another organisation's key", "o2", "h3", at0},
		{"unknown", "o1", "nope", at0},
	}
	_ = c.PutSignIn(ctx, "o1", "h2", p, at0.Add(console.SignInTTL))
	_ = c.PutSignIn(ctx, "o1", "h3", p, at0.Add(console.SignInTTL))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := c.TakeSignIn(ctx, tt.org, tt.hash, tt.at); messaging.ErrorCode(err) != messaging.CodeUnauthenticated {
				t.Errorf("got %v, want unauthenticated", err)
			}
		})
	}
}

func TestConsoleSessionStoredAndEnded(t *testing.T) {
	s, _ := newTestStore(t)
	c := s.Console()
	ctx := context.Background()
	sess := console.Session{Principal: messaging.Principal{OrgID: "o1", UserID: "u1", Name: "Sam", Permissions: []string{"a"}},
		CSRF: "o1.csrf", ExpiresAt: at0.Add(console.SessionTTL).Truncate(time.Second)}
	if err := c.PutSession(ctx, "o1", "sh", sess); err != nil {
		t.Fatal(err)
	}
	got, err := c.Session(ctx, "o1", "sh")
	if err != nil || got.CSRF != "o1.csrf" || got.Principal.UserID != "u1" || !got.ExpiresAt.Equal(sess.ExpiresAt) {
		t.Fatalf("Session = %+v, %v; want the stored one", got, err)
	}
	if _, err := c.Session(ctx, "o2", "sh"); messaging.ErrorCode(err) != messaging.CodeUnauthenticated {
		t.Errorf("another organisation's key: got %v, want unauthenticated", err)
	}
	if err := c.EndSession(ctx, "o1", "sh"); err != nil {
		t.Fatal(err)
	}
	if err := c.EndSession(ctx, "o1", "unknown"); err != nil {
		t.Errorf("ending an unknown session: %v", err)
	}
	if _, err := c.Session(ctx, "o1", "sh"); messaging.ErrorCode(err) != messaging.CodeUnauthenticated {
		t.Errorf("after EndSession: got %v, want unauthenticated", err)
	}
}

func TestConsoleReadMarksAndUnreadCount(t *testing.T) {
	s, _ := newTestStore(t)
	c := s.Console()
	ctx := context.Background()
	for i, m := range []struct {
		dir string
		at  time.Time
	}{{messaging.DirectionInbound, at0}, {messaging.DirectionOutbound, at0.Add(time.Minute)}, {messaging.DirectionInbound, at0.Add(2 * time.Minute)}, {messaging.DirectionInbound, at0.Add(3 * time.Minute)}} {
		msg := messaging.ConversationMessage{ID: "wamid." + string(rune('a'+i)), Direction: m.dir, Type: "text", Text: "x", At: m.at}
		if m.dir == messaging.DirectionInbound {
			if _, err := s.RecordInbound(ctx, messaging.InboundRecord{OrgID: "o1", PhoneNumberID: "p1", Phone: "+447700900123", Message: msg}); err != nil {
				t.Fatal(err)
			}
		} else if err := s.RecordOutbound(ctx, "o1", "p1", "+447700900123", msg); err != nil {
			t.Fatal(err)
		}
	}
	conv := messaging.ConversationID("o1", "p1", "+447700900123")
	tests := []struct {
		name  string
		since time.Time
		want  int
	}{
		{"never read", time.Time{}, 3},
		{"read up to the first", at0, 2},
		{"read up to the last", at0.Add(3 * time.Minute), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := c.CountInbound(ctx, "o1", conv, tt.since)
			if err != nil || n != tt.want {
				t.Errorf("CountInbound = %d, %v; want %d", n, err, tt.want)
			}
		})
	}
	if err := c.MarkRead(ctx, "o1", "u1", conv, at0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := c.MarkRead(ctx, "o1", "u1", conv, at0); err != nil {
		t.Fatalf("an older mark: %v", err)
	}
	marks, err := c.ReadMarks(ctx, "o1", "u1")
	if err != nil || !marks[conv].Equal(at0.Add(2*time.Minute)) || len(marks) != 1 {
		t.Errorf("ReadMarks = %v, %v; want %s at %s (never moved back)", marks, err, conv, at0.Add(2*time.Minute))
	}
	if other, _ := c.ReadMarks(ctx, "o1", "u2"); len(other) != 0 {
		t.Errorf("another user's marks: %v, want none", other)
	}
}

func TestChatLinkQueuesAConversationOnce(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	cl := s.ChatLinks()
	link := messaging.ChatLink{Code: "PL-7K3Q9X", OrgID: "o1", Kind: messaging.ChatLinkStaff, TargetID: "u1", Label: "Sam"}
	if err := cl.PutChatLink(ctx, link); err != nil {
		t.Fatal(err)
	}
	if err := cl.PutChatLink(ctx, link); messaging.ErrorCode(err) != messaging.CodeConflict {
		t.Errorf("the same code again: got %v, want conflict", err)
	}
	_ = cl.PutChatLink(ctx, messaging.ChatLink{Code: "PL-SITE22", OrgID: "o1", Kind: messaging.ChatLinkSite, TargetID: "s1", Label: "Riverside"})
	msg := messaging.ConversationMessage{ID: "wamid.q1", Direction: messaging.DirectionInbound, Type: "text", Text: "Hello Sam (ref PL-7K3Q9X)", At: at0}
	conv, err := s.RecordInbound(ctx, messaging.InboundRecord{OrgID: "o1", PhoneNumberID: "p1", Phone: "+447700900321", Message: msg})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, org, code, want string
	}{
		{"the link's queue", "o1", "PL-7K3Q9X", "staff:u1"},
		{"already queued: a second code changes nothing", "o1", "PL-SITE22", ""},
		{"unknown code", "o1", "PL-NOPE22", ""},
		{"another organisation's code", "o2", "PL-7K3Q9X", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cl.AssignQueue(ctx, tt.org, conv.ID, tt.code)
			if err != nil || got != tt.want {
				t.Errorf("AssignQueue = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	stored, err := s.GetConversation(ctx, "o1", conv.ID)
	if err != nil || stored.Queue != "staff:u1" {
		t.Errorf("conversation queue %q, %v; want staff:u1", stored.Queue, err)
	}
	list, err := cl.ChatLinks(ctx, "o1")
	if err != nil || len(list) != 2 {
		t.Errorf("ChatLinks = %+v, %v; want 2", list, err)
	}
}

func TestRecordReplyKeepsTheRoleAndSite(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	id := messaging.ConversationID("o1", "p1", "+447700900555")
	reply := func(n int) messaging.ConversationMessage {
		return messaging.ConversationMessage{ID: fmt.Sprintf("r%d", n), Direction: messaging.DirectionOutbound, Type: "text", Text: "Hello", At: at0.Add(time.Duration(n) * time.Minute)}
	}
	record := func(n int, who messaging.Identity) func() error {
		return func() error { return s.RecordReply(ctx, "o1", "p1", "+447700900555", reply(n), who) }
	}
	contractor := messaging.Identity{Role: messaging.RoleContractor}
	resident := messaging.Identity{Role: messaging.RoleResident, SiteID: "s1", SiteName: "Harbour View"}
	steps := []struct {
		name string
		run  func() error
		want messaging.Identity
	}{
		{"a staff reply knows no one", func() error { return s.RecordOutbound(ctx, "o1", "p1", "+447700900555", reply(1)) }, messaging.Identity{}},
		{"the assistant's reply to a contractor", record(2, contractor), contractor},
		{"a later staff reply keeps it", func() error { return s.RecordOutbound(ctx, "o1", "p1", "+447700900555", reply(3)) }, contractor},
		{"a reply before anyone is identified keeps it", record(4, messaging.Identity{}), contractor},
		{"the assistant's reply as the resident they chose, with their site", record(5, resident), resident},
		{"a later reply without a site keeps the site", record(6, messaging.Identity{Role: messaging.RoleResident}), resident},
		{"a later staff reply keeps the site", func() error { return s.RecordOutbound(ctx, "o1", "p1", "+447700900555", reply(7)) }, resident},
	}
	for _, st := range steps {
		if err := st.run(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		conv, err := s.GetConversation(ctx, "o1", id)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := (messaging.Identity{Role: conv.Role, SiteID: conv.SiteID, SiteName: conv.SiteName}); got != st.want {
			t.Errorf("%s: conversation knows %+v, want %+v", st.name, got, st.want)
		}
		list, _, err := s.ListConversations(ctx, "o1", 0, 0)
		if err != nil || len(list) != 1 || list[0].Role != st.want.Role || list[0].SiteID != st.want.SiteID {
			t.Errorf("%s: listed %+v, %v; want one conversation with %+v", st.name, list, err, st.want)
		}
	}
}
