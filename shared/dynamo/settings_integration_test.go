//go:build integration

package dynamo

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/messaging"
)

func TestSettingsAndRoute(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()

	if _, err := s.GetSettings(ctx, "o1"); messaging.ErrorCode(err) != messaging.CodeNotConfigured || messaging.ErrorMessage(err) != messaging.MsgNotConfigured {
		t.Fatalf("GetSettings before any: got %v, want not configured", err)
	}
	st := messaging.Settings{
		OrgID: "o1", Provider: messaging.ProviderMeta, APIURL: "https://graph.facebook.com",
		PhoneNumberID: "111", WABAID: "w1", APITokenSet: true, APITokenLast4: "abcd", UpdatedAt: "2026-11-24T09:00:00Z",
	}
	if err := s.PutSettings(ctx, st); err != nil {
		t.Fatalf("PutSettings: %v", err)
	}
	got, err := s.GetSettings(ctx, "o1")
	if err != nil {
		t.Fatalf("GetSettings: %v", err)
	}
	if diff := cmp.Diff(st, got); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
	assertRoute(t, s, "111", "o1")

	t.Run("another org claims the number", func(t *testing.T) {
		err := s.PutSettings(ctx, messaging.Settings{OrgID: "o2", Provider: messaging.ProviderMeta, PhoneNumberID: "111"})
		if code := messaging.ErrorCode(err); code != messaging.CodeConflict {
			t.Fatalf("got code %q (%v), want conflict", code, err)
		}
		if _, err := s.GetSettings(ctx, "o2"); messaging.ErrorCode(err) != messaging.CodeNotConfigured {
			t.Errorf("o2's settings were written despite the conflict: %v", err)
		}
		assertRoute(t, s, "111", "o1")
	})
	t.Run("same org saves again", func(t *testing.T) {
		st.APITokenLast4 = "wxyz"
		if err := s.PutSettings(ctx, st); err != nil {
			t.Fatalf("PutSettings again: %v", err)
		}
		assertRoute(t, s, "111", "o1")
	})
	t.Run("changing the number moves the route", func(t *testing.T) {
		st.PhoneNumberID = "222"
		if err := s.PutSettings(ctx, st); err != nil {
			t.Fatalf("PutSettings: %v", err)
		}
		assertRoute(t, s, "222", "o1")
		if _, err := s.RouteByPhoneNumberID(ctx, "111"); messaging.ErrorCode(err) != messaging.CodeNotFound {
			t.Errorf("old number still routed: %v", err)
		}
	})
	t.Run("the released number can go to another org", func(t *testing.T) {
		if err := s.PutSettings(ctx, messaging.Settings{OrgID: "o2", Provider: messaging.ProviderMeta, PhoneNumberID: "111"}); err != nil {
			t.Fatalf("PutSettings o2: %v", err)
		}
		assertRoute(t, s, "111", "o2")
	})
}

func assertRoute(t *testing.T, s *Store, number, want string) {
	t.Helper()
	got, err := s.RouteByPhoneNumberID(context.Background(), number)
	if err != nil || got.OrgID != want {
		t.Errorf("RouteByPhoneNumberID(%s) = %+v, %v; want %q", number, got, err, want)
	}
}

func TestWABARoute(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	st := messaging.Settings{OrgID: "o1", Provider: messaging.ProviderMeta, APIURL: "https://graph.facebook.com",
		PhoneNumberID: "111", WABAID: "w1", APITokenSet: true}
	if err := s.PutSettings(ctx, st); err != nil {
		t.Fatalf("PutSettings: %v", err)
	}
	assertWABARoute(t, s, "w1", "o1")

	t.Run("unknown account", func(t *testing.T) {
		if got, err := s.RouteByWABAID(ctx, "w-none"); messaging.ErrorCode(err) != messaging.CodeNotFound {
			t.Errorf("RouteByWABAID(w-none) = %+v, %v; want not found", got, err)
		}
	})
	t.Run("another org claims the account", func(t *testing.T) {
		err := s.PutSettings(ctx, messaging.Settings{OrgID: "o2", Provider: messaging.ProviderMeta, PhoneNumberID: "222", WABAID: "w1"})
		if code := messaging.ErrorCode(err); code != messaging.CodeConflict {
			t.Fatalf("got code %q (%v), want conflict", code, err)
		}
		if got, want := messaging.ErrorMessage(err), "This WhatsApp Business Account is already connected to another organisation"; got != want {
			t.Errorf("message %q, want %q", got, want)
		}
		if _, err := s.GetSettings(ctx, "o2"); messaging.ErrorCode(err) != messaging.CodeNotConfigured {
			t.Errorf("o2's settings were written despite the conflict: %v", err)
		}
		if _, err := s.RouteByPhoneNumberID(ctx, "222"); messaging.ErrorCode(err) != messaging.CodeNotFound {
			t.Errorf("o2's number was routed despite the conflict: %v", err)
		}
		assertWABARoute(t, s, "w1", "o1")
	})
	t.Run("changing the account moves the route", func(t *testing.T) {
		st.WABAID = "w2"
		if err := s.PutSettings(ctx, st); err != nil {
			t.Fatalf("PutSettings: %v", err)
		}
		assertWABARoute(t, s, "w2", "o1")
		if _, err := s.RouteByWABAID(ctx, "w1"); messaging.ErrorCode(err) != messaging.CodeNotFound {
			t.Errorf("old account still routed: %v", err)
		}
		assertRoute(t, s, "111", "o1")
	})
	t.Run("the released account can go to another org", func(t *testing.T) {
		if err := s.PutSettings(ctx, messaging.Settings{OrgID: "o2", Provider: messaging.ProviderMeta, PhoneNumberID: "222", WABAID: "w1"}); err != nil {
			t.Fatalf("PutSettings o2: %v", err)
		}
		assertWABARoute(t, s, "w1", "o2")
	})
	t.Run("an empty account keeps no route", func(t *testing.T) {
		st.WABAID = ""
		if err := s.PutSettings(ctx, st); err != nil {
			t.Fatalf("PutSettings: %v", err)
		}
		if _, err := s.RouteByWABAID(ctx, "w2"); messaging.ErrorCode(err) != messaging.CodeNotFound {
			t.Errorf("account w2 still routed after it was cleared: %v", err)
		}
		st.WABAID = "w3"
		if err := s.PutSettings(ctx, st); err != nil {
			t.Fatalf("PutSettings after an empty account: %v", err)
		}
		assertWABARoute(t, s, "w3", "o1")
	})
}

func TestConfiguredOrgs(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	configured := func(org, phone string) messaging.Settings {
		return messaging.Settings{OrgID: org, Provider: messaging.ProviderMeta, APIURL: "https://graph.facebook.com",
			PhoneNumberID: phone, WABAID: "w-" + phone, APITokenSet: true}
	}
	if got, err := s.ConfiguredOrgs(ctx); err != nil || len(got) != 0 {
		t.Fatalf("ConfiguredOrgs of an empty table = %v, %v; want none", got, err)
	}
	for _, st := range []messaging.Settings{
		configured("o-b", "2"), configured("o-a", "1"), configured("o-c", "3"),
		{OrgID: "o-no-token", Provider: messaging.ProviderMeta, APIURL: "https://graph.facebook.com", PhoneNumberID: "4"},
	} {
		if err := s.PutSettings(ctx, st); err != nil {
			t.Fatalf("PutSettings %s: %v", st.OrgID, err)
		}
	}
	// Settings that stop being configured leave the index.
	if err := s.PutSettings(ctx, messaging.Settings{OrgID: "o-c", Provider: messaging.ProviderMeta, PhoneNumberID: "3"}); err != nil {
		t.Fatalf("PutSettings o-c unconfigured: %v", err)
	}
	got, err := s.ConfiguredOrgs(ctx)
	if err != nil {
		t.Fatalf("ConfiguredOrgs: %v", err)
	}
	if diff := cmp.Diff([]string{"o-a", "o-b"}, got); diff != "" {
		t.Errorf("configured organisations (-want +got):\n%s", diff)
	}
}

func assertWABARoute(t *testing.T, s *Store, waba, want string) {
	t.Helper()
	got, err := s.RouteByWABAID(context.Background(), waba)
	if err != nil || got.OrgID != want {
		t.Errorf("RouteByWABAID(%s) = %+v, %v; want %q", waba, got, err, want)
	}
}
