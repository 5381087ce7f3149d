package meta

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// TestDownloadRedirectKeepsCredentialsHome: a download the provider redirects to another host
// must not carry the account's token there (Go's client forwards custom headers such as
// D360-API-KEY to any host, and Authorization to any port of the same host name).
func TestDownloadRedirectKeepsCredentialsHome(t *testing.T) {
	for _, provider := range []string{messaging.ProviderMeta, messaging.ProviderDialog360} {
		t.Run(provider, func(t *testing.T) {
			var leaked []string
			other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for _, h := range []string{"Authorization", "D360-Api-Key"} {
					if v := r.Header.Get(h); v != "" {
						leaked = append(leaked, h+": "+v)
					}
				}
				w.Write([]byte("bytes"))
			}))
			defer other.Close()
			base := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+"/cdn/777", http.StatusFound)
			}))
			defer base.Close()
			c := New(&http.Client{}, "v21.0")
			acct := whatsapp.Account{Provider: provider, BaseURL: base.URL, Token: "secret-token", PhoneNumberID: "1"}
			body, _, err := c.Download(context.Background(), acct, MediaInfo{ID: "777", URL: base.URL + "/dl/777"})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(body)
			body.Close()
			if string(got) != "bytes" {
				t.Errorf("got body %q, want the redirect target's", got)
			}
			if len(leaked) > 0 {
				t.Errorf("the redirect target saw %s, want no credentials", strings.Join(leaked, ", "))
			}
		})
	}
}
