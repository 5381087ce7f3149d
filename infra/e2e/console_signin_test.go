//go:build e2e

package e2e

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

var signInLinkRE = regexp.MustCompile(`(http://\S+/console/sign-in)\?code=(\S+)`)

// TestConsoleSignInByWhatsApp: a staff member whose WhatsApp number is linked through the
// assistant asks the console's sign-in page for a link; it arrives on their WhatsApp (and only
// there: not in the conversation the console shows), works once, and opens a session.
func TestConsoleSignInByWhatsApp(t *testing.T) {
	staff := linkedStaff(t) // the link's code message opened the window
	form := url.Values{"org": {e.demo.OrgID}, "phone": {staff.phone}}.Encode()
	before := len(sentTo(staff.phone))
	r := exchange(t, false, "POST", "/console/sign-in/whatsapp", "", form, "Content-Type", "application/x-www-form-urlencoded")
	if r.Status != http.StatusOK || !strings.Contains(r.Raw, "Check WhatsApp") {
		t.Fatalf("sign-in request: got %d %s", r.Status, r.Raw)
	}
	var link, code string
	eventually(t, 10*time.Second, "the sign-in link on WhatsApp", func() bool {
		for _, m := range sentTo(staff.phone)[before:] {
			if m.Request.Text == nil {
				continue
			}
			if mm := signInLinkRE.FindStringSubmatch(m.Request.Text.Body); mm != nil {
				link, code = mm[1], mm[2]
				return true
			}
		}
		return false
	})
	if !strings.HasPrefix(link, e.stack.APIURL()) {
		t.Errorf("link %s does not point at the stack %s", link, e.stack.APIURL())
	}
	for _, m := range messagesOf(t, staff.phone) {
		if strings.Contains(m.Text, "/console/sign-in") {
			t.Errorf("the sign-in link is kept in the conversation: %q", m.Text)
		}
	}
	code, err := url.QueryUnescape(code)
	if err != nil {
		t.Fatal(err)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	first, err := noRedirect.Post(e.stack.APIURL()+"/console/sign-in", "application/x-www-form-urlencoded", strings.NewReader("code="+url.QueryEscape(code)))
	if err != nil {
		t.Fatal(err)
	}
	first.Body.Close()
	if first.StatusCode != http.StatusSeeOther || !strings.Contains(first.Header.Get("Set-Cookie"), "plk_console=") {
		t.Errorf("sign-in with the link: got %d, Set-Cookie %q; want 303 and the session cookie", first.StatusCode, first.Header.Get("Set-Cookie"))
	}
	again := exchange(t, false, "POST", "/console/sign-in", "", "code="+url.QueryEscape(code), "Content-Type", "application/x-www-form-urlencoded")
	if again.Status != http.StatusUnauthorized {
		t.Errorf("the link a second time: got %d, want 401", again.Status)
	}
	// A number nobody linked gets the same answer and no message.
	stranger := "+447700900799"
	r = exchange(t, false, "POST", "/console/sign-in/whatsapp", "", url.Values{"org": {e.demo.OrgID}, "phone": {stranger}}.Encode(),
		"Content-Type", "application/x-www-form-urlencoded")
	if r.Status != http.StatusOK || len(sentTo(stranger)) != 0 {
		t.Errorf("unlinked number: got %d and %d messages; want 200 and none", r.Status, len(sentTo(stranger)))
	}
}
