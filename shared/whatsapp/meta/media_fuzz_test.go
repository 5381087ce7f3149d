package meta

import (
	"net/url"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// FuzzDownloadURL feeds arbitrary media URLs (a provider's media info answer) to the download
// URL check: it never panics, a 360dialog download always goes to 360dialog's own host with the
// URL's path and query, and a Meta download only over https or to the account's own host.
func FuzzDownloadURL(f *testing.F) {
	f.Add("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=4490709327384033&ext=1732000000&hash=ATtr", true)
	f.Add("http://evil.example/x?y=1", false)
	f.Add("http://evil.example/x?y=1", true)
	f.Add("https://user:pw@lookaside.fbsbx.com/%zz", true)
	f.Add("//lookaside.fbsbx.com/a", false)
	f.Fuzz(func(t *testing.T, raw string, dialog bool) {
		acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: "http://127.0.0.1:8080", Token: "t"}
		if dialog {
			acct = whatsapp.Account{Provider: messaging.ProviderDialog360, BaseURL: "https://waba-v2.360dialog.io", Token: "k"}
		}
		got, err := downloadURL(acct, raw)
		if err != nil {
			return
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("downloadURL(%q) = %q, not a URL: %v", raw, got, err)
		}
		switch {
		case dialog && (u.Scheme != "https" || u.Host != "waba-v2.360dialog.io"):
			t.Fatalf("360dialog download of %q goes to %s://%s", raw, u.Scheme, u.Host)
		case !dialog && u.Scheme != "https" && !(u.Scheme == "http" && strings.EqualFold(u.Host, "127.0.0.1:8080")):
			t.Fatalf("Meta download of %q goes to %s://%s", raw, u.Scheme, u.Host)
		}
	})
}
