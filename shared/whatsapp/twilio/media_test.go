package twilio

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// TestMediaRedirect: a media download follows a redirect from the API host only to itself or,
// over https, to Twilio's media CDN; never to another host, over plain http, or on from the CDN.
func TestMediaRedirect(t *testing.T) {
	api := "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"
	tests := []struct {
		name    string
		chain   []string // the requests already made, then the redirect target
		refused bool
	}{
		{"same host", []string{api, "https://api.twilio.com/other"}, false},
		{"Twilio media CDN", []string{api, "https://mms.twiliocdn.com/AC1/abc?Expires=1"}, false},
		{"CDN over plain http", []string{api, "http://mms.twiliocdn.com/AC1/abc"}, true},
		{"legacy S3 host", []string{api, "https://s3-external-1.amazonaws.com/media.twiliocdn.com/AC1/abc"}, true},
		{"look-alike host", []string{api, "https://mms.twiliocdn.com.evil.example/abc"}, true},
		{"another host", []string{api, "https://example.com/abc"}, true},
		{"on from the CDN to another host", []string{api, "https://mms.twiliocdn.com/a", "https://example.com/abc"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var via []*http.Request
			for _, u := range tt.chain[:len(tt.chain)-1] {
				r, _ := http.NewRequest("GET", u, nil)
				via = append(via, r)
			}
			req, _ := http.NewRequest("GET", tt.chain[len(tt.chain)-1], nil)
			err := mediaRedirect(req, via)
			if got := errors.Is(err, egress.ErrRefused); got != tt.refused {
				t.Errorf("got %v, want refused %v", err, tt.refused)
			}
		})
	}
}

// TestDownload: the media URL is fetched with the account's Basic auth, only when it is a media
// resource of the account on its API host; a redirect to another host never reaches it; a 404
// is a stale URL worth asking again.
func TestDownload(t *testing.T) {
	var other atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.Add(1)
		w.Write([]byte("other bytes"))
	}))
	defer elsewhere.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != testSID || p != testToken {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/2010-04-01/Accounts/" + testSID + "/Messages/MM1/Media/ME1":
			http.Redirect(w, r, "/cdn/ME1", http.StatusTemporaryRedirect)
		case "/2010-04-01/Accounts/" + testSID + "/Messages/MM1/Media/ME2":
			http.Redirect(w, r, elsewhere.URL+"/cdn/ME2", http.StatusTemporaryRedirect)
		case "/cdn/ME1":
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write([]byte("\xff\xd8\xff jpeg bytes"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	acct := whatsapp.Account{Provider: messaging.ProviderTwilio, BaseURL: srv.URL, Token: testSID + ":" + testToken, PhoneNumberID: "+14155550100"}
	media := srv.URL + "/2010-04-01/Accounts/" + testSID + "/Messages/MM1/Media/"
	c := New(egress.New(egress.Config{Stage: lambdaenv.LocalStage}), "")
	tests := []struct {
		name    string
		url     string
		want    string
		check   func(error) bool
		wantErr string
	}{
		{"redirect on the API host", media + "ME1", "\xff\xd8\xff jpeg bytes", nil, ""},
		{"redirect to another host", media + "ME2", "", func(err error) bool { return errors.Is(err, egress.ErrRefused) }, "egress.ErrRefused"},
		{"not yet there", media + "ME3", "", whatsapp.ExpiredURL, "an expired URL (404)"},
		{"another account", srv.URL + "/2010-04-01/Accounts/AC9/Messages/MM1/Media/ME1", "", func(err error) bool { return err != nil }, "refused before any request"},
		{"another host", elsewhere.URL + "/2010-04-01/Accounts/" + testSID + "/Messages/MM1/Media/ME1", "", func(err error) bool { return err != nil }, "refused before any request"},
		{"not a media resource", srv.URL + "/2010-04-01/Accounts/" + testSID + "/Messages.json", "", func(err error) bool { return err != nil }, "refused before any request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other.Store(0)
			info, err := c.MediaInfo(context.Background(), acct, tt.url)
			if err == nil {
				var body io.ReadCloser
				body, _, err = c.Download(context.Background(), acct, info)
				if err == nil {
					got, _ := io.ReadAll(body)
					body.Close()
					if string(got) != tt.want {
						t.Errorf("got body %q, want %q", got, tt.want)
					}
				}
			}
			if tt.check == nil && err != nil {
				t.Fatal(err)
			}
			if tt.check != nil && !tt.check(err) {
				t.Errorf("got %v, want %s", err, tt.wantErr)
			}
			if n := other.Load(); n != 0 {
				t.Errorf("the other host got %d requests, want 0", n)
			}
			if err != nil && strings.Contains(err.Error(), testToken) {
				t.Errorf("error %q carries the auth token", err)
			}
		})
	}
}
