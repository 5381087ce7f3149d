package assistant

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestIdentity(t *testing.T) {
	t.Run("linked staff", func(t *testing.T) {
		w := newWorld(t)
		wantContains(t, w.say(phoneAlex, "hi"), "Hello Alex")
		if got := w.audit.entries[0].Speaker; got.Role != RoleStaff || got.UserID != "u-alex" {
			t.Errorf("speaker = %+v, want staff u-alex", got)
		}
	})
	t.Run("resident by phone", func(t *testing.T) {
		w := newWorld(t)
		wantContains(t, w.say(phoneJane, "hi"), "Hello Jane")
		if got := w.audit.entries[0].Speaker; got.Role != RoleResident || got.ContactID != "c-jane" || !slices.Equal(got.UnitIDs, []string{"unit-riverside-1"}) {
			t.Errorf("speaker = %+v, want resident c-jane with unit-riverside-1", got)
		}
	})
	t.Run("contractor by phone", func(t *testing.T) {
		w := newWorld(t)
		wantContains(t, w.say(phoneBob, "hi"), "Hello Bob")
		if got := w.audit.entries[0].Speaker; got.Role != RoleContractor || got.VendorID != "v-bob" {
			t.Errorf("speaker = %+v, want contractor v-bob", got)
		}
	})
	t.Run("wa_id without the Brazilian ninth digit", func(t *testing.T) {
		w := newWorld(t)
		tu := w.turn("+551187654321", "hi")
		tu.WAID = "551187654321"
		wantContains(t, w.only(w.send(tu)), "Hello Anna")
	})
	for _, tt := range []struct {
		name, phone, button, typed string
		role                       Role
		hello                      string
	}{
		{name: "staff and leaseholder", phone: phonePriya, button: "role:resident", role: RoleResident, hello: "Hello Priya"},
		{name: "contact and vendor", phone: phoneSam, button: "role:contractor", role: RoleContractor, hello: "Hello Sam"},
		{name: "answered by number", phone: phonePriya, typed: "1", role: RoleStaff, hello: "Hello Priya"},
	} {
		t.Run("two people asked once: "+tt.name, func(t *testing.T) {
			w := newWorld(t)
			got := w.say(tt.phone, "hi")
			wantContains(t, got, "more than one person", "1) ", "2) ")
			if b := w.lastReply().Buttons; len(b) != 2 {
				t.Fatalf("buttons = %+v, want two roles", b)
			}
			if tt.button != "" {
				got = w.press(tt.phone, tt.button)
			} else {
				got = w.say(tt.phone, tt.typed)
			}
			wantContains(t, got, tt.hello)
			if got, want := w.sess.stored[demoOrg+"|conv-"+tt.phone].Role, tt.role; got != want {
				t.Errorf("remembered role = %q, want %q", got, want)
			}
			got = w.say(tt.phone, "help")
			if strings.Contains(got, "more than one person") {
				t.Errorf("asked again: %q", got)
			}
			if last := w.audit.entries[len(w.audit.entries)-1].Speaker.Role; last != tt.role {
				t.Errorf("speaker role = %q, want %q", last, tt.role)
			}
		})
	}
	t.Run("replies carry the role of the person answered", func(t *testing.T) {
		for _, tt := range []struct {
			phone string
			want  Role
		}{{phoneAlex, RoleStaff}, {phoneJane, RoleResident}, {phoneBob, RoleContractor}, {phoneNone, ""}} {
			w := newWorld(t)
			w.say(tt.phone, "hi")
			if got := w.lastReply().Role; got != tt.want {
				t.Errorf("%s: reply role = %q, want %q", tt.phone, got, tt.want)
			}
		}
	})
	t.Run("replies carry the person's one site", func(t *testing.T) {
		for _, tt := range []struct {
			name, phone    string
			wantID, wantNm string
		}{
			{"a resident's unit's site", phoneJane, "site-riverside", "Riverside Court"},
			{"a staff member scoped to one site", phoneSita, "site-harbour", "Harbour View"},
			{"a staff member of every site", phoneAlex, "", ""},
			{"a contractor", phoneBob, "", ""},
			{"nobody", phoneNone, "", ""},
		} {
			w := newWorld(t)
			w.say(tt.phone, "hi")
			if got := w.lastReply(); got.SiteID != tt.wantID || got.SiteName != tt.wantNm {
				t.Errorf("%s: reply site = %q (%q), want %q (%q)", tt.name, got.SiteID, got.SiteName, tt.wantID, tt.wantNm)
			}
		}
	})
	t.Run("the role chosen among two is the replies' role", func(t *testing.T) {
		w := newWorld(t)
		w.say(phonePriya, "hi")
		if got := w.lastReply().Role; got != "" {
			t.Errorf("asking which role: reply role = %q, want none yet", got)
		}
		w.press(phonePriya, "role:resident")
		if got := w.lastReply().Role; got != RoleResident {
			t.Errorf("after the choice: reply role = %q, want resident", got)
		}
	})
	t.Run("unknown number gets one reply then silence", func(t *testing.T) {
		w := newWorld(t)
		got := w.say(phoneNone, "what's flat 1's balance?")
		wantContains(t, got, "can't match this number")
		for _, leak := range []string{"Jane", "£", "Riverside"} {
			if strings.Contains(got, leak) {
				t.Errorf("reply to an unknown number %q contains %q", got, leak)
			}
		}
		if got, want := w.flags.flags, []string{"conv-" + phoneNone + "|" + FlagUnknownContact}; !slices.Equal(got, want) {
			t.Errorf("flags = %q, want %q", got, want)
		}
		for _, text := range []string{"hello?", "help", "yes"} {
			if got := w.say(phoneNone, text); got != "" {
				t.Errorf("second reply to an unknown number: %q", got)
			}
		}
		if got := len(w.flags.flags); got != 1 {
			t.Errorf("flags = %d, want 1", got)
		}
	})
	t.Run("link code redeemed", func(t *testing.T) {
		for _, text := range []string{"LINK 483920", "483920", "link 483920"} {
			t.Run(text, func(t *testing.T) {
				w := newWorld(t)
				wantContains(t, w.say(phoneNone, text), "Linked: you're Lee Chan at Demo Estates.")
				if _, err := w.links.LinkedStaff(t.Context(), demoOrg, phoneNone); err != nil {
					t.Fatalf("number not linked: %v", err)
				}
				wantContains(t, w.say(phoneNone, "hi"), "Hello Lee")
			})
		}
	})
	// WhatsApp may still write a Mexican mobile with the "1" no longer dialled: the link is kept
	// under the number as it came, and found again under it.
	t.Run("link code from a Mexican wa_id with the old 1", func(t *testing.T) {
		w := newWorld(t)
		const mx = "+5215512345678"
		wantContains(t, w.say(mx, "LINK 483920"), "Linked: you're Lee Chan at Demo Estates.")
		wantContains(t, w.say(mx, "hi"), "Hello Lee")
	})
	t.Run("bad link code", func(t *testing.T) {
		w := newWorld(t)
		wantContains(t, w.say(phoneNone, "LINK 000000"), "isn't valid or has expired")
		if _, err := w.links.LinkedStaff(t.Context(), demoOrg, phoneNone); err == nil {
			t.Error("number linked with a bad code")
		}
	})
	t.Run("link codes cannot be guessed", func(t *testing.T) {
		w := newWorld(t)
		for i := range MaxLinkTries {
			wantContains(t, w.say(phoneNone, fmt.Sprintf("LINK 00000%d", i)), "isn't valid or has expired")
		}
		wantContains(t, w.say(phoneNone, "LINK 483920"), MsgLinkThrottled)
		if _, err := w.links.LinkedStaff(t.Context(), demoOrg, phoneNone); err == nil {
			t.Fatal("the number was linked after too many wrong codes")
		}
		w.now = w.now.Add(LinkTryWindow)
		wantContains(t, w.say(phoneNone, "LINK 483920"), "Linked: you're Lee Chan")
	})
	t.Run("link code from a number linked to another user", func(t *testing.T) {
		w := newWorld(t)
		wantContains(t, w.say(phoneAlex, "LINK 483920"), "already linked to another PropLink user")
		if l, err := w.links.LinkedStaff(t.Context(), demoOrg, phoneAlex); err != nil || l.UserID != "u-alex" {
			t.Errorf("link of the number: got %+v, %v; want u-alex's, unchanged", l, err)
		}
	})
	t.Run("unlink", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["unlink my number"] = u(IntentUnlink)
		wantContains(t, w.say(phoneAlex, "unlink my number"), "Unlinked")
		if got, want := w.links.unlinked, []string{phoneAlex}; !slices.Equal(got, want) {
			t.Errorf("unlinked = %q, want %q", got, want)
		}
		wantContains(t, w.say(phoneAlex, "hi"), "can't match this number")
	})
}
