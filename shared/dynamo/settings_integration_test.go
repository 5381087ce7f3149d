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
		if _, err := s.OrgByPhoneNumberID(ctx, "111"); messaging.ErrorCode(err) != messaging.CodeNotFound {
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
	got, err := s.OrgByPhoneNumberID(context.Background(), number)
	if err != nil || got != want {
		t.Errorf("OrgByPhoneNumberID(%s) = %q, %v; want %q", number, got, err, want)
	}
}
