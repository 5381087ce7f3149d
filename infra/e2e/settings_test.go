//go:build e2e

package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/messaging"
)

// settingsAccounts are the simulator's numbers no organisation is seeded with: the settings
// tests connect them.
var settingsAccounts = []simulator.Account{
	{PhoneNumberID: "301122334455001", WABAID: "209876543210001", Token: "sim-token-victim"},
	{PhoneNumberID: "301122334455002", WABAID: "209876543210002", Token: "sim-token-leaky"},
}

var orgSeq int

// newSettingsAdmin returns a new organisation and a token of its settings administrator.
func newSettingsAdmin(t *testing.T, name string) (string, string) {
	orgSeq++
	org := fmt.Sprintf("%s-%d", name, orgSeq)
	return org, mint(t, org, messaging.PermWhatsAppSettings)
}

// settingsBody is a settings PUT for a simulator account at apiURL; token "" keeps the stored one.
func settingsBody(apiURL string, a simulator.Account, token string) string {
	return fmt.Sprintf(`{"provider":"meta","api_url":%q,"api_token":%q,"phone_number_id":%q,"waba_id":%q}`, apiURL, token, a.PhoneNumberID, a.WABAID)
}

// spy is a provider stand-in on 127.0.0.1 that records the credentials it was handed.
type spy struct {
	*httptest.Server
	mu    sync.Mutex
	auths []string
}

func newSpy(t *testing.T) *spy {
	s := &spy{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.auths = append(s.auths, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization")+r.Header.Get("D360-API-KEY"))
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":[],"paging":{}}`)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *spy) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auths...)
}

// TestSettingsTokenStaysWithItsHost reproduces issue 8: a settings PUT changing only api_url to
// another host, then a template sync, delivered the stored provider token to that host.
func TestSettingsTokenStaysWithItsHost(t *testing.T) {
	acct := settingsAccounts[1]
	_, admin := newSettingsAdmin(t, "leaky")
	simURL := e.simURL
	if r := call(t, "PUT", "/api/admin/whatsapp/settings", admin, settingsBody(simURL, acct, acct.Token)); r.Status != 200 {
		t.Fatalf("connect the number: %d %s", r.Status, r.Raw)
	}
	evil := newSpy(t)
	r := call(t, "PUT", "/api/admin/whatsapp/settings", admin, settingsBody(evil.URL, acct, ""))
	if r.Status != 422 {
		t.Errorf("PUT moving api_url without the token: %d %s, want 422", r.Status, r.Raw)
	}
	call(t, "POST", "/api/admin/whatsapp/templates/sync", admin, "")
	for _, got := range evil.received() {
		if strings.Contains(got, acct.Token) {
			t.Errorf("the stored token reached another host: %s", got)
		}
	}
	if got := evil.received(); len(got) != 0 {
		t.Errorf("the other host was called: %q", got)
	}
	// With the token entered again, the move is the administrator's own choice.
	if r := call(t, "PUT", "/api/admin/whatsapp/settings", admin, settingsBody(simURL, acct, acct.Token)); r.Status != 200 {
		t.Errorf("PUT with the token again: %d %s, want 200", r.Status, r.Raw)
	}
}

// TestSettingsOwnership: an organisation cannot connect a number (or WhatsApp Business Account)
// its token does not reach, so it cannot claim another's first and cut off its webhooks.
func TestSettingsOwnership(t *testing.T) {
	victim := settingsAccounts[0]
	_, intruderAdmin := newSettingsAdmin(t, "intruder")
	victimOrg, victimAdmin := newSettingsAdmin(t, "victim")
	simURL := e.simURL
	for _, tok := range []string{"sim-token-intruder", admin0Token()} {
		r := call(t, "PUT", "/api/admin/whatsapp/settings", intruderAdmin, settingsBody(simURL, victim, tok))
		if r.Status != 422 {
			t.Errorf("intruder claiming the victim's number with token %.8s…: %d %s, want 422", tok, r.Status, r.Raw)
		}
	}
	r := call(t, "PUT", "/api/admin/whatsapp/settings", victimAdmin, settingsBody(simURL, victim, victim.Token))
	if r.Status != 200 {
		t.Fatalf("the victim connecting its own number: %d %s, want 200", r.Status, r.Raw)
	}
	if got, err := e.store.RouteByPhoneNumberID(t.Context(), victim.PhoneNumberID); err != nil || got.OrgID != victimOrg {
		t.Errorf("route of the victim's number = %+v, %v; want %s", got, err, victimOrg)
	}
}

// admin0Token is a token the simulator knows, for another number (the demo's).
func admin0Token() string { return e.demo.ProviderToken }
