package console

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/messaging"
)

// memLinks is the organisations' click-to-chat links in memory; taken makes the first puts
// collide.
type memLinks struct {
	links []messaging.ChatLink
	taken int
}

func (m *memLinks) PutChatLink(_ context.Context, l messaging.ChatLink) error {
	if m.taken > 0 {
		m.taken--
		return messaging.Errorf(messaging.CodeConflict, "taken")
	}
	m.links = append(m.links, l)
	return nil
}

func (m *memLinks) ChatLinks(_ context.Context, org string) ([]messaging.ChatLink, error) {
	var out []messaging.ChatLink
	for _, l := range m.links {
		if l.OrgID == org {
			out = append(out, l)
		}
	}
	return out, nil
}

type displaySettings struct{ number string }

func (d displaySettings) GetSettings(_ context.Context, org string) (messaging.Settings, error) {
	return messaging.Settings{OrgID: org, DisplayPhoneNumber: d.number}, nil
}

func TestClickToChatLinks(t *testing.T) {
	tests := []struct {
		name    string
		perms   []string
		body    string
		number  string
		taken   int
		status  int
		queue   string
		urlPart string
	}{
		{"my own link", nil, `{"kind":"staff"}`, "+447700900001", 0, 200, "staff:u1", "https://wa.me/447700900001?text=Hello+Sam+%28ref+PL-"},
		{"a code collision is retried", nil, `{"kind":"staff","label":"Sam at Riverside"}`, "+447700900001", 2, 200, "staff:u1", "text=Hello+Sam+at+Riverside+%28ref+PL-"},
		{"a site's link needs the settings permission", nil, `{"kind":"site","site_id":"s1","label":"Riverside"}`, "+447700900001", 0, 403, "", ""},
		{"a site's link", []string{messaging.PermWhatsAppSettings}, `{"kind":"site","site_id":"s1","label":"Riverside Court"}`, "+447700900001", 0, 200, "site:s1", "Riverside+Court"},
		{"a site's link without a label", []string{messaging.PermWhatsAppSettings}, `{"kind":"site","site_id":"s1"}`, "+447700900001", 0, 400, "", ""},
		{"unknown kind", nil, `{"kind":"team"}`, "+447700900001", 0, 400, "", ""},
		{"unknown field", nil, `{"kind":"staff","queue":"x"}`, "+447700900001", 0, 400, "", ""},
		{"number not known yet", nil, `{"kind":"staff"}`, "", 0, 400, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, st, _ := newSessions()
			links := &memLinks{taken: tt.taken}
			h := &Handler{Sessions: s, Store: st, Conversations: memConvs{}, API: &recordingAPI{}, Links: links, Settings: displaySettings{tt.number}, Now: s.Now}
			p := staff
			p.Permissions = append(append([]string{}, p.Permissions...), tt.perms...)
			code, _, _ := s.Mint(context.Background(), p)
			w := &world{h: h}
			resp := w.do(t, "POST", "/console/sign-in", "code="+code, nil)
			w.cookie, _, _ = strings.Cut(resp.Cookies[0], ";")
			sess, _ := s.Resolve(context.Background(), strings.TrimPrefix(w.cookie, CookieName+"="))
			resp = w.do(t, "POST", "/console/api/links", tt.body, map[string]string{"X-CSRF-Token": sess.CSRF})
			if resp.StatusCode != tt.status {
				t.Fatalf("got %d %s, want %d", resp.StatusCode, resp.Body, tt.status)
			}
			if tt.status != 200 {
				if len(links.links) != 0 {
					t.Errorf("a refused link was stored: %+v", links.links)
				}
				return
			}
			var env struct{ Data linkView }
			_ = json.Unmarshal([]byte(resp.Body), &env)
			if env.Data.Queue != tt.queue || !strings.Contains(env.Data.URL, tt.urlPart) || len(links.links) != 1 {
				t.Errorf("link %+v (stored %d), want queue %q and a URL with %q", env.Data, len(links.links), tt.queue, tt.urlPart)
			}
			if code, ok := messaging.FindChatLinkCode(messaging.ChatLinkText(links.links[0])); !ok || code != env.Data.Code {
				t.Errorf("the prefilled text does not carry the code %q", env.Data.Code)
			}
			list := w.do(t, "GET", "/console/api/links", "", nil)
			if !strings.Contains(list.Body, env.Data.Code) {
				t.Errorf("list %s lacks the new link", list.Body)
			}
		})
	}
}

func TestInboxQueues(t *testing.T) {
	mine := messaging.Conversation{ID: "c1", Queue: "staff:u1", LastActivityAt: t0}
	theirs := messaging.Conversation{ID: "c2", Queue: "staff:u2", LastActivityAt: t0}
	site := messaging.Conversation{ID: "c3", Queue: "site:s1", LastActivityAt: t0}
	convs := memConvs{convs: map[string][]messaging.Conversation{"demo": {mine, theirs, site}}}
	tests := []struct {
		name string
		f    Filter
		want string
	}{
		{"my queue", Filter{Mine: true}, "c1"},
		{"a site's queue", Filter{Site: "s1"}, "c3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := ListInbox(context.Background(), convs, newMemStore(), staff, tt.f, t0)
			if err != nil || len(in.Conversations) != 1 || in.Conversations[0].ID != tt.want {
				t.Errorf("got %+v, %v; want only %s", in.Conversations, err, tt.want)
			}
		})
	}
}
