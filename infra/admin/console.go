package admin

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/proplink/chat/shared/console"
	"github.com/proplink/chat/shared/messaging"
)

// ConsoleLink mints a one-time sign-in link to the staff console at apiURL for the principal,
// valid for console.SignInTTL; only the code's hash is stored.
func ConsoleLink(ctx context.Context, store console.Store, apiURL string, p messaging.Principal, now time.Time) (string, error) {
	s := &console.Sessions{Store: store, Now: func() time.Time { return now }}
	code, _, err := s.Mint(ctx, p)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(apiURL, "/") + "/console/sign-in?code=" + url.QueryEscape(code), nil
}
