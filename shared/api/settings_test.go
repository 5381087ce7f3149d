package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSettings(t *testing.T) {
	const token = "EAAnewsecrettoken9876"
	t.Run("PUT stores secrets and never echoes them", func(t *testing.T) {
		w := newWorld()
		body := `{"provider":"meta","api_url":"https://graph.facebook.com/","api_token":"` + token + `","phone_number_id":"1055","waba_id":"2001","app_secret":"appsecret123","verify_token":"verify123"}`
		resp := w.do(req("PUT", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, body))
		if resp.StatusCode != 200 {
			t.Fatalf("status = %d: %s", resp.StatusCode, resp.Body)
		}
		for _, secret := range []string{token, "appsecret123", "verify123"} {
			if strings.Contains(resp.Body, secret) {
				t.Errorf("response holds a secret: %s", resp.Body)
			}
		}
		want := map[string]string{
			"orgs/org1/whatsapp/api-token": token, "orgs/org1/whatsapp/app-secret": "appsecret123", "orgs/org1/whatsapp/verify-token": "verify123",
		}
		if diff := cmp.Diff(want, w.secrets.m); diff != "" {
			t.Errorf("secrets (-want +got):\n%s", diff)
		}
		st := w.store.settings["org1"]
		if st.APITokenLast4 != "9876" || !st.APITokenSet || !st.AppSecretSet || !st.VerifyTokenSet || st.APIURL != "https://graph.facebook.com" {
			t.Errorf("stored settings = %+v", st)
		}
	})
	t.Run("PUT without a token keeps the old one", func(t *testing.T) {
		w := newWorld()
		body := `{"provider":"360dialog","api_url":"https://waba-v2.360dialog.io","phone_number_id":"1055"}`
		resp := w.do(req("PUT", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, body))
		if resp.StatusCode != 200 {
			t.Fatalf("status = %d: %s", resp.StatusCode, resp.Body)
		}
		if got := w.secrets.m["orgs/org1/whatsapp/api-token"]; got != "EAAoldtokenWXYZ" {
			t.Errorf("token = %q, want the old one", got)
		}
		if got := w.store.settings["org1"].APITokenLast4; got != "WXYZ" {
			t.Errorf("last4 = %q, want WXYZ", got)
		}
	})
	t.Run("GET shows last4 only", func(t *testing.T) {
		w := newWorld()
		resp := w.do(req("GET", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, ""))
		want := `{"success":true,"data":{"provider":"meta","api_url":"https://graph.example.com","phone_number_id":"1055","waba_id":"2001","api_token_set":true,"api_token_last4":"WXYZ","app_secret_set":false,"verify_token_set":false,"assistant_enabled":true}}`
		if resp.Body != want {
			t.Errorf("body = %s\nwant %s", resp.Body, want)
		}
		if strings.Contains(resp.Body, "EAAoldtoken") {
			t.Errorf("GET shows the token")
		}
	})
	refusals := []struct{ name, body, msg string }{
		{"bad provider", `{"provider":"twilio","api_url":"https://x.example","api_token":"t","phone_number_id":"1"}`, "Invalid or missing required parameter: provider (meta or 360dialog)"},
		{"http url", `{"provider":"meta","api_url":"http://graph.facebook.com","api_token":"t","phone_number_id":"1"}`, "Invalid or missing required parameter: api_url (an https URL)"},
		{"phone number id letters", `{"provider":"meta","api_url":"https://x.example","api_token":"t","phone_number_id":"abc"}`, "Invalid or missing required parameter: phone_number_id"},
		{"token with a space", `{"provider":"meta","api_url":"https://x.example","api_token":"a b","phone_number_id":"1"}`, "Invalid parameter: api_token"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			resp := w.do(req("PUT", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, tt.body))
			if resp.StatusCode != 400 {
				t.Errorf("status = %d, want 400", resp.StatusCode)
			}
			if got := messageOf(t, resp.Body); got != tt.msg {
				t.Errorf("error = %q, want %q", got, tt.msg)
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
