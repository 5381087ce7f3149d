//go:build integration

package dynamo

import (
	"context"
	"testing"

	"github.com/proplink/chat/shared/messaging"
)

// TestSettingsKeepThePlatform: the platform URL and whether its token is set survive the table.
func TestSettingsKeepThePlatform(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	st := messaging.Settings{OrgID: "acme", Provider: messaging.ProviderMeta, APIURL: "https://graph.example", PhoneNumberID: "123",
		APITokenSet: true, PlatformURL: "https://platform.acme.example", PlatformTokenSet: true}
	if err := s.PutSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetSettings(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if got.PlatformURL != st.PlatformURL || !got.PlatformTokenSet {
		t.Errorf("got %+v, want the platform URL and its token flag", got)
	}
}
