package api

import (
	"strings"
	"testing"

	"github.com/proplink/chat/shared/messaging"
)

func TestSettingsPlatform(t *testing.T) {
	const base = `"provider":"meta","api_url":"https://graph.facebook.com","phone_number_id":"1055"`
	for _, tc := range []struct {
		name, body  string
		status      int
		url, secret string // what the settings and the secret store then hold
		msg         string
	}{
		{"a platform with its token", `{` + base + `,"platform_url":"https://platform.example/proplink/","platform_token":"plat-secret-1234"}`, 200,
			"https://platform.example/proplink", "plat-secret-1234", ""},
		{"a platform without a token", `{` + base + `,"platform_url":"https://platform.example"}`, 422, "", "",
			"Invalid or missing required parameter: platform_token (needed with platform_url)"},
		{"plain http", `{` + base + `,"platform_url":"http://platform.example","platform_token":"t"}`, 422, "", "",
			"Invalid parameter: platform_url (an https URL without query or credentials)"},
		{"credentials in the URL", `{` + base + `,"platform_url":"https://u:p@platform.example","platform_token":"t"}`, 422, "", "",
			"Invalid parameter: platform_url (an https URL without query or credentials)"},
		{"a token with a space", `{` + base + `,"platform_url":"https://platform.example","platform_token":"a b"}`, 400, "", "",
			"Invalid parameter: platform_token"},
		{"no platform: the built-in store", `{` + base + `}`, 200, "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld()
			resp := w.do(req("PUT", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, tc.body))
			if resp.StatusCode != tc.status {
				t.Fatalf("status = %d, want %d: %s", resp.StatusCode, tc.status, resp.Body)
			}
			if tc.msg != "" {
				if got := messageOf(t, resp.Body); got != tc.msg {
					t.Errorf("error = %q, want %q", got, tc.msg)
				}
			}
			if strings.Contains(resp.Body, "plat-secret") {
				t.Errorf("the answer holds the token: %s", resp.Body)
			}
			st := w.store.settings("org1")
			if tc.status == 200 && (st.PlatformURL != tc.url || st.PlatformTokenSet != (tc.secret != "")) {
				t.Errorf("settings: url %q token set %v, want %q, %v", st.PlatformURL, st.PlatformTokenSet, tc.url, tc.secret != "")
			}
			if got := secretOfKind(w.secrets, "org1", messaging.SecretPlatformToken); got != tc.secret {
				t.Errorf("secret platform-token = %q, want %q", got, tc.secret)
			}
		})
	}
	t.Run("omitted keeps the platform, empty returns to the built-in store", func(t *testing.T) {
		w := newWorld()
		w.do(req("PUT", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, `{`+base+`,"platform_url":"https://platform.example","platform_token":"plat-secret-1"}`))
		w.do(req("PUT", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, `{`+base+`}`))
		if got := w.store.settings("org1").PlatformURL; got != "https://platform.example" {
			t.Errorf("after a PUT without it: %q", got)
		}
		w.do(req("PUT", routeSettings, "/api/admin/whatsapp/settings", tokAdmin, `{`+base+`,"platform_url":""}`))
		if got := w.store.settings("org1").PlatformURL; got != "" {
			t.Errorf("after platform_url \"\": %q, want none", got)
		}
	})
}

// secretOfKind returns the one stored secret of an organisation of that kind, in whatever
// revision it is ("" when there is none).
func secretOfKind(m map[string]string, org, kind string) string {
	for name, v := range m {
		if strings.HasPrefix(name, "orgs/"+org+"/whatsapp/") && strings.HasSuffix(name, "/"+kind) {
			return v
		}
	}
	return ""
}
