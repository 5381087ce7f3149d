package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

const (
	routeTemplateSync = "ANY /api/admin/whatsapp/templates/sync"
	oldTokenName      = "orgs/org1/whatsapp/api_token" // the world's token, before any revision
)

func putSettings(w *world, body string) Response {
	return w.do(req("PUT", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, body))
}

func TestSettings(t *testing.T) {
	const token = "EAAnewsecrettoken9876"
	t.Run("PUT stores secrets as a new revision and never echoes them", func(t *testing.T) {
		w := newWorld()
		resp := putSettings(w, `{"provider":"meta","api_url":"https://graph.facebook.com/","api_token":"`+token+`","phone_number_id":"1055","waba_id":"2001","app_secret":"appsecret123","verify_token":"verify123"}`)
		if resp.StatusCode != 200 {
			t.Fatalf("status = %d: %s", resp.StatusCode, resp.Body)
		}
		for _, secret := range []string{token, "appsecret123", "verify123"} {
			if strings.Contains(resp.Body, secret) {
				t.Errorf("response holds a secret: %s", resp.Body)
			}
		}
		want := map[string]string{
			"orgs/org1/whatsapp/rev1/api_token": token, "orgs/org1/whatsapp/rev1/app_secret": "appsecret123", "orgs/org1/whatsapp/rev1/verify_token": "verify123",
		}
		if diff := cmp.Diff(want, map[string]string(w.secrets)); diff != "" {
			t.Errorf("secrets (-want +got); the replaced revision must be gone:\n%s", diff)
		}
		st := w.store.settings("org1")
		if st.APITokenLast4 != "9876" || !st.APITokenSet || !st.AppSecretSet || !st.VerifyTokenSet || st.APIURL != "https://graph.facebook.com" ||
			st.SecretsRev != "rev1" || !st.TokenBound() {
			t.Errorf("stored settings = %+v", st)
		}
		wantVerified := []whatsapp.Account{{Provider: "meta", BaseURL: "https://graph.facebook.com", Token: token, PhoneNumberID: "1055", WABAID: "2001"}}
		if diff := cmp.Diff(wantVerified, w.provider.Verified()); diff != "" {
			t.Errorf("ownership checks (-want +got):\n%s", diff)
		}
	})
	t.Run("PUT of Twilio stores the auth token as the webhook secret", func(t *testing.T) {
		w := newWorld()
		resp := putSettings(w, `{"provider":"twilio","api_url":"https://api.twilio.com","api_token":"AC0123:twilioauth","phone_number_id":"447700900001"}`)
		if resp.StatusCode != 200 {
			t.Fatalf("status = %d: %s", resp.StatusCode, resp.Body)
		}
		want := map[string]string{"orgs/org1/whatsapp/rev1/api_token": "AC0123:twilioauth", "orgs/org1/whatsapp/rev1/app_secret": "twilioauth"}
		if diff := cmp.Diff(want, map[string]string(w.secrets)); diff != "" {
			t.Errorf("secrets (-want +got):\n%s", diff)
		}
		if st := w.store.settings("org1"); !st.AppSecretSet || !st.TokenBound() {
			t.Errorf("stored settings = %+v", st)
		}
	})
	t.Run("PUT of quiet hours alone keeps the secrets and asks no provider", func(t *testing.T) {
		w := newWorld()
		resp := putSettings(w, `{"provider":"meta","api_url":"https://graph.facebook.com","phone_number_id":"1055","waba_id":"2001","quiet_hours":"22:00-07:00"}`)
		if resp.StatusCode != 200 {
			t.Fatalf("status = %d: %s", resp.StatusCode, resp.Body)
		}
		if got := w.secrets[oldTokenName]; got != "EAAoldtokenWXYZ" {
			t.Errorf("token = %q, want the old one", got)
		}
		if st := w.store.settings("org1"); st.QuietHours != "22:00-07:00" || st.SecretsRev != "" || st.APITokenLast4 != "WXYZ" {
			t.Errorf("stored settings = %+v", st)
		}
		if len(w.provider.Verified()) != 0 {
			t.Errorf("ownership checked %d times, want 0", len(w.provider.Verified()))
		}
	})
	t.Run("a new account is checked with the stored token", func(t *testing.T) {
		w := newWorld()
		resp := putSettings(w, `{"provider":"meta","api_url":"https://graph.facebook.com","phone_number_id":"1055","waba_id":"2002"}`)
		if resp.StatusCode != 200 {
			t.Fatalf("status = %d: %s", resp.StatusCode, resp.Body)
		}
		if len(w.provider.Verified()) != 1 || w.provider.Verified()[0].Token != "EAAoldtokenWXYZ" || w.provider.Verified()[0].WABAID != "2002" {
			t.Errorf("ownership checks = %+v", w.provider.Verified())
		}
	})
	t.Run("GET shows last4 only", func(t *testing.T) {
		w := newWorld()
		resp := w.do(req("GET", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, ""))
		want := `{"success":true,"data":{"provider":"meta","api_url":"https://graph.facebook.com","phone_number_id":"1055","waba_id":"2001","api_token_set":true,"api_token_last4":"WXYZ","app_secret_set":false,"verify_token_set":false,"assistant_enabled":true}}`
		if resp.Body != want {
			t.Errorf("body = %s\nwant %s", resp.Body, want)
		}
		if strings.Contains(resp.Body, "EAAoldtoken") {
			t.Errorf("GET shows the token")
		}
	})
	badURL := "Invalid or missing required parameter: api_url (the provider's https API URL, e.g. https://graph.facebook.com or https://waba-v2.360dialog.io)"
	refusals := []struct {
		name, body, msg string
		status          int
	}{
		{"bad provider", `{"provider":"sinch","api_url":"https://x.example","api_token":"t","phone_number_id":"1"}`, "Invalid or missing required parameter: provider (meta, 360dialog, twilio or aws-social)", 400},
		// The body's own app_secret is checked as sent, though Twilio's token stands in for it.
		{"a Twilio body's over-long app_secret", `{"provider":"twilio","api_url":"https://api.twilio.com","api_token":"AC0123:twilioauth","phone_number_id":"447700900001","app_secret":"` + strings.Repeat("é", 4097) + `"}`, "Invalid parameter: app_secret", 400},
		{"http url", `{"provider":"meta","api_url":"http://graph.facebook.com","api_token":"t","phone_number_id":"1"}`, badURL, 400},
		{"twilio token without account sid", `{"provider":"twilio","api_url":"https://api.twilio.com","api_token":"authtoken","phone_number_id":"447700900001"}`, "Invalid parameter: api_token (for Twilio, <AccountSid>:<AuthToken>)", 422},
		{"phone number id letters", `{"provider":"meta","api_url":"https://graph.facebook.com","api_token":"t","phone_number_id":"abc"}`, "Invalid or missing required parameter: phone_number_id", 400},
		{"token with a space", `{"provider":"meta","api_url":"https://graph.facebook.com","api_token":"a b","phone_number_id":"1"}`, "Invalid parameter: api_token", 400},
		{"provider changed without the token", `{"provider":"360dialog","api_url":"https://waba-v2.360dialog.io","phone_number_id":"1055"}`,
			"Invalid or missing required parameter: api_token (enter it again to change the provider or api_url)", 422},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			resp := putSettings(w, tt.body)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if got := messageOf(t, resp.Body); got != tt.msg {
				t.Errorf("error = %q, want %q", got, tt.msg)
			}
			if st := w.store.settings("org1"); st.APIURL != "https://graph.facebook.com" {
				t.Errorf("settings changed: %+v", st)
			}
		})
	}
}

// TestSettingsTokenStaysWithItsHost reproduces issue 8: a PUT changing only api_url, then a
// template sync, delivered the stored token to the new host.
func TestSettingsTokenStaysWithItsHost(t *testing.T) {
	tests := []struct{ name, stage, stored, moved string }{
		{"deployed stage, another provider's host", "dev", "https://graph.facebook.com", "https://waba-v2.360dialog.io"},
		{"local stage", "local", "http://127.0.0.1:3100", "http://127.0.0.1:9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			w.api.Stage = tt.stage
			st := w.store.settings("org1")
			st.APIURL, st.TokenURL = tt.stored, tt.stored
			w.store.putSettings(st)
			provider := "meta"
			if strings.Contains(tt.moved, "360dialog") {
				provider = "360dialog"
			}
			resp := putSettings(w, `{"provider":"`+provider+`","api_url":"`+tt.moved+`","phone_number_id":"1055","waba_id":"2001"}`)
			if resp.StatusCode != 422 {
				t.Errorf("PUT moving api_url without the token: status = %d %s, want 422", resp.StatusCode, resp.Body)
			}
			w.do(req("POST", routeTemplateSync, "/api/admin/whatsapp/templates/sync", tokAdmin, ""))
			for _, acct := range w.provider.Listed() {
				if acct.BaseURL != tt.stored {
					t.Errorf("the stored token went to %s, want only %s", acct.BaseURL, tt.stored)
				}
			}
			if len(w.provider.Verified()) != 0 {
				t.Errorf("ownership checked with the stored token at %v", w.provider.Verified())
			}
		})
	}
	t.Run("settings whose URL moved without the token send nothing", func(t *testing.T) {
		w := newWorld()
		st := w.store.settings("org1")
		st.APIURL = "https://evil.example" // written by anything but the settings PUT
		w.store.putSettings(st)
		resp := w.do(req("POST", routeTemplateSync, "/api/admin/whatsapp/templates/sync", tokAdmin, ""))
		if resp.StatusCode != 400 || messageOf(t, resp.Body) != whatsapp.MsgTokenNotBound {
			t.Errorf("sync: status = %d %s, want 400 %q", resp.StatusCode, resp.Body, whatsapp.MsgTokenNotBound)
		}
		if len(w.provider.Listed()) != 0 {
			t.Errorf("templates listed at %+v, want no call", w.provider.Listed())
		}
	})
}

func TestSettingsAPIURL(t *testing.T) {
	tests := []struct {
		name, stage, provider, url string
		ok                         bool
	}{
		{"Meta's Graph host", "prod", "meta", "https://graph.facebook.com", true},
		{"Meta's Graph host, trailing slash", "prod", "meta", "https://graph.facebook.com/", true},
		{"Meta's host in capitals", "prod", "meta", "https://GRAPH.facebook.com", false},
		{"360dialog's host", "prod", "360dialog", "https://waba-v2.360dialog.io", true},
		{"360dialog's host for Meta", "prod", "meta", "https://waba-v2.360dialog.io", false},
		{"Meta's host for 360dialog", "prod", "360dialog", "https://graph.facebook.com", false},
		{"another host", "prod", "meta", "https://graph.facebook.com.evil.example", false},
		{"a port", "prod", "meta", "https://graph.facebook.com:8443", false},
		{"credentials", "prod", "meta", "https://user:pw@graph.facebook.com", false},
		{"a path", "prod", "meta", "https://graph.facebook.com/v21.0", false},
		{"a query", "prod", "meta", "https://graph.facebook.com?x=1", false},
		{"loopback outside the local stage", "staging", "meta", "http://127.0.0.1:3100", false},
		{"loopback in the local stage", "local", "meta", "http://127.0.0.1:3100", true},
		{"localhost in the local stage", "local", "360dialog", "http://localhost:3100", true},
		{"private address in the local stage", "local", "meta", "http://10.0.0.1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			w.api.Stage = tt.stage
			resp := putSettings(w, fmt.Sprintf(`{"provider":%q,"api_url":%q,"api_token":"EAAnewtoken12345","phone_number_id":"1055"}`, tt.provider, tt.url))
			if got := resp.StatusCode == 200; got != tt.ok {
				t.Errorf("status = %d %s, want accepted %v", resp.StatusCode, resp.Body, tt.ok)
			}
		})
	}
}

func TestSettingsAppSecretWithANewHost(t *testing.T) {
	w := newWorld()
	st := w.store.settings("org1")
	st.AppSecretSet = true
	w.store.putSettings(st)
	w.secrets["orgs/org1/whatsapp/app_secret"] = "oldappsecret"
	resp := putSettings(w, `{"provider":"360dialog","api_url":"https://waba-v2.360dialog.io","api_token":"EAAnewtoken12345","phone_number_id":"1055"}`)
	if resp.StatusCode != 422 || messageOf(t, resp.Body) != "Invalid or missing required parameter: app_secret (enter it again to change the provider or api_url)" {
		t.Errorf("status = %d %s, want 422 asking for the app secret", resp.StatusCode, resp.Body)
	}
	resp = putSettings(w, `{"provider":"meta","api_url":"https://graph.facebook.com","api_token":"EAAnewtoken12345","phone_number_id":"1055"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("same host, new token: status = %d %s", resp.StatusCode, resp.Body)
	}
	if got := w.secrets["orgs/org1/whatsapp/rev1/app_secret"]; got != "oldappsecret" {
		t.Errorf("app secret carried into the new revision = %q, want oldappsecret", got)
	}
}

func TestSettingsAllOrNothing(t *testing.T) {
	const body = `{"provider":"meta","api_url":"https://graph.facebook.com","api_token":"EAAnewsecrettoken9876","phone_number_id":"1066","waba_id":"2001","app_secret":"newappsecret"}`
	tests := []struct {
		name       string
		setup      func(w *world)
		wantStatus int
		wantMsg    string
	}{
		{name: "number claimed by another organisation", wantStatus: 409, wantMsg: "This WhatsApp number is already connected to another organisation",
			setup: func(w *world) {
				w.store.Fail = memstore.FailOn("PutSettings", "org1", messaging.Errorf(messaging.CodeConflict, "This WhatsApp number is already connected to another organisation"))
			}},
		{name: "provider does not confirm the number", wantStatus: 422,
			wantMsg: "The WhatsApp provider does not confirm that this phone_number_id (and waba_id) belong to this API token",
			setup: func(w *world) {
				w.provider.VerifyFunc = func(whatsapp.Account) error { return fmt.Errorf("sim: %w", whatsapp.ErrNotOwned) }
			}},
		{name: "provider refuses the token", wantStatus: 422,
			wantMsg: "The WhatsApp provider refused this API token for this phone_number_id (and waba_id)",
			setup: func(w *world) {
				w.provider.VerifyFunc = func(whatsapp.Account) error { return &whatsapp.Error{HTTPStatus: 401, Code: 190} }
			}},
		{name: "provider down", wantStatus: 502, wantMsg: "The WhatsApp provider could not confirm the phone number. Please try again.",
			setup: func(w *world) {
				w.provider.VerifyFunc = func(whatsapp.Account) error { return &whatsapp.Error{HTTPStatus: 503} }
			}},
		{name: "store down", wantStatus: 500,
			setup: func(w *world) { w.store.Fail = memstore.FailOn("PutSettings", "org1", errors.New("dynamo: throttled")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			tt.setup(w)
			before := w.store.settings("org1")
			resp := putSettings(w, body)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d %s, want %d", resp.StatusCode, resp.Body, tt.wantStatus)
			}
			if tt.wantMsg != "" && messageOf(t, resp.Body) != tt.wantMsg {
				t.Errorf("error = %q, want %q", messageOf(t, resp.Body), tt.wantMsg)
			}
			if diff := cmp.Diff(map[string]string{oldTokenName: "EAAoldtokenWXYZ"}, map[string]string(w.secrets)); diff != "" {
				t.Errorf("secrets (-want +got); the old ones must stay in force:\n%s", diff)
			}
			if diff := cmp.Diff(before, w.store.settings("org1")); diff != "" {
				t.Errorf("settings changed (-before +after):\n%s", diff)
			}
		})
	}
}

func messageOf(t *testing.T, body string) string {
	t.Helper()
	var env struct{ Error string }
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	return env.Error
}
