package console

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

func TestListInbox(t *testing.T) {
	ctx := context.Background()
	jane := messaging.Conversation{ID: "c1", Phone: "+447700900123", ProfileName: "Jane Resident",
		LastInboundAt: t0.Add(-time.Hour), LastOutboundAt: t0.Add(-2 * time.Hour), LastActivityAt: t0.Add(-time.Hour), Role: messaging.RoleResident,
		SiteID: "site-harbour", SiteName: "Harbour View"}
	bob := messaging.Conversation{ID: "c2", Phone: "+447700900456", ProfileName: "Bob Contractor",
		LastInboundAt: t0.Add(-30 * time.Hour), LastOutboundAt: t0.Add(-3 * time.Hour), LastActivityAt: t0.Add(-3 * time.Hour), Role: messaging.RoleContractor,
		Queue: messaging.ChatLink{Kind: messaging.ChatLinkSite, TargetID: "site-elm"}.Queue()}
	stop := messaging.Conversation{ID: "c3", Phone: "+447700900789", OptedOut: true, SiteID: "site-elm",
		Queue:         messaging.ChatLink{Kind: messaging.ChatLinkSite, TargetID: "site-harbour"}.Queue(),
		LastInboundAt: t0.Add(-5 * time.Hour), LastActivityAt: t0.Add(-5 * time.Hour)}
	convs := memConvs{convs: map[string][]messaging.Conversation{"demo": {jane, bob, stop}}}
	st := newMemStore()
	st.inbound["demo|c1"] = []time.Time{t0.Add(-3 * time.Hour), t0.Add(-90 * time.Minute), t0.Add(-time.Hour)}
	st.inbound["demo|c2"] = []time.Time{t0.Add(-30 * time.Hour)}
	st.inbound["demo|c3"] = []time.Time{t0.Add(-5 * time.Hour)}
	// u1 read Jane's conversation up to the first of her three messages, and all of Bob's.
	_ = st.MarkRead(ctx, "demo", "u1", "c1", t0.Add(-3*time.Hour))
	_ = st.MarkRead(ctx, "demo", "u1", "c2", t0.Add(-30*time.Hour))

	tests := []struct {
		name   string
		f      Filter
		want   []string
		unread map[string]int
	}{
		{"everything, newest first", Filter{}, []string{"c1", "c2", "c3"}, map[string]int{"c1": 2, "c2": 0, "c3": 1}},
		{"needs reply", Filter{NeedsReply: true}, []string{"c1", "c3"}, nil},
		{"opted out", Filter{OptedOut: true}, []string{"c3"}, nil},
		{"unread", Filter{Unread: true}, []string{"c1", "c3"}, nil},
		{"search by name, any case", Filter{Query: "bob"}, []string{"c2"}, nil},
		{"search by number", Filter{Query: "0789"}, []string{"c3"}, nil},
		{"search by number with spaces and a plus", Filter{Query: "+44 7700 900123"}, []string{"c1"}, nil},
		{"changes since", Filter{Since: t0.Add(-4 * time.Hour)}, []string{"c1", "c2"}, nil},
		{"residents", Filter{Role: messaging.RoleResident}, []string{"c1"}, nil},
		{"contractors", Filter{Role: messaging.RoleContractor}, []string{"c2"}, nil},
		{"staff: none known", Filter{Role: messaging.RoleStaff}, nil, nil},
		{"a site: its people and its click-to-chat queue", Filter{Site: "site-harbour"}, []string{"c1", "c3"}, nil},
		{"another site: its queue and its people", Filter{Site: "site-elm"}, []string{"c2", "c3"}, nil},
		{"a site nobody is at", Filter{Site: "site-riverside"}, nil, nil},
		{"a site and a role", Filter{Site: "site-elm", Role: messaging.RoleContractor}, []string{"c2"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := ListInbox(ctx, convs, st, staff, tt.f, t0)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range in.Conversations {
				ids = append(ids, e.ID)
				if want, ok := tt.unread[e.ID]; ok && e.Unread != want {
					t.Errorf("%s unread = %d, want %d", e.ID, e.Unread, want)
				}
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("got %v, want %v", ids, tt.want)
			}
			if !in.Cursor.Equal(t0.Add(-time.Hour)) {
				t.Errorf("cursor %s, want the latest activity %s", in.Cursor, t0.Add(-time.Hour))
			}
		})
	}
	t.Run("window and needs reply", func(t *testing.T) {
		in, _ := ListInbox(ctx, convs, st, staff, Filter{}, t0)
		got := map[string][2]bool{}
		for _, e := range in.Conversations {
			got[e.ID] = [2]bool{e.WindowOpen, e.NeedsReply}
		}
		want := map[string][2]bool{"c1": {true, true}, "c2": {false, false}, "c3": {true, true}}
		for id, w := range want {
			if got[id] != w {
				t.Errorf("%s (window open, needs reply) = %v, want %v", id, got[id], w)
			}
		}
	})
	t.Run("the site filter's choices are the conversations' sites, filters aside", func(t *testing.T) {
		in, err := ListInbox(ctx, convs, st, staff, Filter{Role: messaging.RoleStaff}, t0)
		if err != nil {
			t.Fatal(err)
		}
		want := []SiteChoice{{ID: "site-harbour", Name: "Harbour View"}, {ID: "site-elm", Name: "site-elm"}}
		if !slices.Equal(in.Sites, want) {
			t.Errorf("sites = %+v, want %+v", in.Sites, want)
		}
	})
	t.Run("another organisation sees none of it", func(t *testing.T) {
		in, err := ListInbox(ctx, convs, st, messaging.Principal{OrgID: "rival", UserID: "u1"}, Filter{}, t0)
		if err != nil || len(in.Conversations) != 0 {
			t.Errorf("got %v, %v; want an empty inbox", in.Conversations, err)
		}
		b, _ := json.Marshal(in)
		if string(b) != `{"conversations":[],"cursor":"0001-01-01T00:00:00Z","sites":[]}` {
			t.Errorf("empty inbox encodes as %s", b)
		}
	})
}

func TestParseFilter(t *testing.T) {
	tests := []struct {
		name    string
		q       map[string]string
		want    Filter
		wantErr bool
	}{
		{"none", map[string]string{}, Filter{}, false},
		{"all filters", map[string]string{"filter": "needs_reply,opted_out,unread", "q": " jane "}, Filter{Query: "jane", NeedsReply: true, OptedOut: true, Unread: true}, false},
		{"since", map[string]string{"since": "2026-03-02T09:00:00.5Z"}, Filter{Since: t0.Add(500 * time.Millisecond)}, false},
		{"role", map[string]string{"role": "contractor"}, Filter{Role: messaging.RoleContractor}, false},
		{"unknown role", map[string]string{"role": "landlord"}, Filter{}, true},
		{"unknown filter", map[string]string{"filter": "site"}, Filter{}, true},
		{"bad since", map[string]string{"since": "yesterday"}, Filter{}, true},
		{"long query", map[string]string{"q": string(make([]rune, 101))}, Filter{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFilter(tt.q)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if messaging.ErrorCode(err) != messaging.CodeInvalid {
					t.Errorf("code %s, want invalid", messaging.ErrorCode(err))
				}
				return
			}
			if got.Query != tt.want.Query || got.NeedsReply != tt.want.NeedsReply || got.OptedOut != tt.want.OptedOut ||
				got.Unread != tt.want.Unread || !got.Since.Equal(tt.want.Since) || got.Role != tt.want.Role {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func FuzzParseFilter(f *testing.F) {
	f.Add("jane", "needs_reply,unread", "2026-03-02T09:00:00Z", "resident")
	f.Add("", ",", "", "")
	f.Fuzz(func(t *testing.T, q, filter, since, role string) {
		got, err := ParseFilter(map[string]string{"q": q, "filter": filter, "since": since, "role": role})
		if err != nil {
			if messaging.ErrorCode(err) != messaging.CodeInvalid {
				t.Fatalf("refusal with code %s", messaging.ErrorCode(err))
			}
			return
		}
		if !slices.Contains([]string{"", messaging.RoleResident, messaging.RoleContractor, messaging.RoleStaff}, got.Role) {
			t.Fatalf("accepted role %q", got.Role)
		}
		if len([]rune(got.Query)) > maxQuery {
			t.Fatalf("accepted a query of %d characters", len([]rune(got.Query)))
		}
	})
}
