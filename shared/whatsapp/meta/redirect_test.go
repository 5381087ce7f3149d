package meta

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// TestDownloadRedirectsStayHome: a media download follows redirects only on the download URL's
// own host, at every hop, so neither the account's token nor the request itself reaches
// another host, whichever client the adapter is handed.
func TestDownloadRedirectsStayHome(t *testing.T) {
	clients := map[string]func() *http.Client{
		"outbound client": func() *http.Client { return egress.New(egress.Config{Stage: lambdaenv.LocalStage}) },
		"any client":      func() *http.Client { return &http.Client{} },
	}
	tests := []struct {
		name    string
		hops    map[string]string // path on the download host → where it redirects ("" serves the bytes)
		refused bool
	}{
		{"same host is followed", map[string]string{"/dl/777": "/hop/2", "/hop/2": ""}, false},
		{"first hop to another host", map[string]string{"/dl/777": "OTHER/cdn/777"}, true},
		{"second hop to another host", map[string]string{"/dl/777": "/hop/2", "/hop/2": "OTHER/cdn/777"}, true},
	}
	for _, provider := range []string{messaging.ProviderMeta, messaging.ProviderDialog360} {
		for cname, client := range clients {
			for _, tt := range tests {
				t.Run(provider+"/"+cname+"/"+tt.name, func(t *testing.T) {
					var reached atomic.Int32
					other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						reached.Add(1)
						w.Write([]byte("other bytes"))
					}))
					defer other.Close()
					base := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						to, ok := tt.hops[r.URL.Path]
						switch {
						case !ok:
							http.NotFound(w, r)
						case to == "":
							w.Write([]byte("bytes"))
						case to[:5] == "OTHER":
							http.Redirect(w, r, other.URL+to[5:], http.StatusFound)
						default:
							http.Redirect(w, r, to, http.StatusFound)
						}
					}))
					defer base.Close()
					acct := whatsapp.Account{Provider: provider, BaseURL: base.URL, Token: "secret-token", PhoneNumberID: "1"}
					body, _, err := New(client(), "v21.0").Download(context.Background(), acct, whatsapp.MediaInfo{ID: "777", URL: base.URL + "/dl/777"})
					if tt.refused {
						if !errors.Is(err, egress.ErrRefused) {
							t.Errorf("got %v, want an error wrapping egress.ErrRefused", err)
						}
					} else {
						if err != nil {
							t.Fatal(err)
						}
						got, _ := io.ReadAll(body)
						body.Close()
						if string(got) != "bytes" {
							t.Errorf("got body %q, want %q", got, "bytes")
						}
					}
					if n := reached.Load(); n != 0 {
						t.Errorf("the other host got %d requests, want 0", n)
					}
				})
			}
		}
	}
}
