package api

import (
	"strings"
	"testing"
)

// TestSettingsDialog360HeaderSecret: the 360dialog webhook's header secret is stored write-only
// under the settings revision with the other secrets, named by its kind (so the webhook
// function's IAM grant covers it), and carried into the next revision when omitted.
func TestSettingsDialog360HeaderSecret(t *testing.T) {
	w := newWorld()
	resp := putSettings(w, `{"provider":"360dialog","api_url":"https://waba-v2.360dialog.io","api_token":"d360key12345","phone_number_id":"1055","dialog360_header_secret":"hdr-secret-1"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("status = %d: %s", resp.StatusCode, resp.Body)
	}
	if strings.Contains(resp.Body, "hdr-secret-1") || !strings.Contains(resp.Body, `"dialog360_header_secret_set":true`) {
		t.Errorf("answer = %s, want dialog360_header_secret_set true and never the secret", resp.Body)
	}
	if got := w.secrets["orgs/org1/whatsapp/rev1/dialog360_header_secret"]; got != "hdr-secret-1" {
		t.Errorf("stored header secret = %q, want hdr-secret-1", got)
	}
	if st := w.store.settings("org1"); !st.Dialog360HeaderSecretSet {
		t.Errorf("stored settings = %+v, want Dialog360HeaderSecretSet", st)
	}
	resp = putSettings(w, `{"provider":"360dialog","api_url":"https://waba-v2.360dialog.io","api_token":"d360key67890","phone_number_id":"1055"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("second PUT: status = %d: %s", resp.StatusCode, resp.Body)
	}
	if got := w.secrets["orgs/org1/whatsapp/rev2/dialog360_header_secret"]; got != "hdr-secret-1" {
		t.Errorf("header secret carried into rev2 = %q, want hdr-secret-1", got)
	}
	if _, ok := w.secrets["orgs/org1/whatsapp/rev1/dialog360_header_secret"]; ok {
		t.Error("rev1's header secret was not deleted")
	}
	if resp := putSettings(w, `{"provider":"360dialog","api_url":"https://waba-v2.360dialog.io","phone_number_id":"1055","dialog360_header_secret":"has space"}`); resp.StatusCode != 400 {
		t.Errorf("header secret with a space: status = %d %s, want 400", resp.StatusCode, resp.Body)
	}
}
