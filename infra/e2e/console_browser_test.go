//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/messaging"
)

// The people of the console's browser test: one inside the 24-hour window, one outside it, one
// who opted out (numbers no other test uses).
const (
	consoleOpenPhone   = "+447700900711"
	consoleClosedPhone = "+447700900712"
	consoleOptOutPhone = "+447700900713"
	consoleLinkPhone   = "+447700900714" // writes through a click-to-chat link
	consoleStartPhone  = "+447700900715" // a conversation staff start from a job
)

// TestConsoleBrowser drives the staff console in Debian's Chromium (headless, through
// playwright-core; infra/e2e/browser/console.test.mjs): sign in with a one-time link, read the
// inbox, answer inside the window, send a template outside it, upload and send a PDF, see the
// delivery tick that the simulator's status webhook brings, be refused for an opted-out person,
// start a conversation with a template from a job, share a click-to-chat link whose first message lands in the staff member's queue,
// answer it (no job: its ticks come from the thread's own statuses), filter by the role and
// the site the assistant identified, fetch the CSRF token at the platform's path, and have a
// write without the CSRF token and another organisation's session refused. Then it
// checks what the provider received. `make test` installs the browser and sets
// CONSOLE_BROWSER=1, which turns a missing browser into a failure rather than a skip.
func TestConsoleBrowser(t *testing.T) {
	root, err := motoserver.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(root, "infra/e2e/browser/console.test.mjs")
	for _, need := range []string{"/usr/bin/chromium", filepath.Join(root, "infra/e2e/browser/node_modules/playwright-core/package.json")} {
		if _, err := os.Stat(need); err != nil {
			if os.Getenv("CONSOLE_BROWSER") == "1" {
				t.Fatalf("browser test needs %s (make console-browser installs it): %v", need, err)
			}
			t.Skipf("no %s: run make console-browser (make test does)", need)
		}
	}
	ctx := context.Background()
	now := time.Now()
	org, pnid := e.demo.OrgID, e.demo.PhoneNumberID

	// The bucket lets the console's origin PUT and GET through presigned URLs, as the
	// template's UploadAllowedOrigins does when deployed (the local runner sets no CORS).
	s3c := awss3.NewFromConfig(e.stack.AWSConfig(), func(o *awss3.Options) { o.UsePathStyle = true })
	if err := admin.AllowBrowserUploads(ctx, s3c, e.stack.Resource("AttachmentsBucket"), e.stack.APIURL()); err != nil {
		t.Fatal(err)
	}

	// Inside the window: the person wrote just now about job 1050.
	if err := e.store.LinkJob(ctx, org, pnid, consoleOpenPhone, e.demo.JobID, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	openWAMID, err := e.sim.InjectText(consoleOpenPhone, "Olivia Open", "Hello, is the plumber still coming today?")
	if err != nil {
		t.Fatal(err)
	}
	// Outside it: the last message was 30 hours ago.
	if err := e.store.LinkJob(ctx, org, pnid, consoleClosedPhone, e.demo.JobID, now.Add(-31*time.Hour)); err != nil {
		t.Fatal(err)
	}
	old := messaging.ConversationMessage{ID: "wamid.console-closed-1", Direction: messaging.DirectionInbound, Type: "text",
		Text: "Thanks, see you then", At: now.Add(-30 * time.Hour)}
	if _, err := e.store.RecordInbound(ctx, messaging.InboundRecord{OrgID: org, PhoneNumberID: pnid, Phone: consoleClosedPhone,
		ProfileName: "Carl Closed", Message: old}); err != nil {
		t.Fatal(err)
	}
	// Opted out: the person replied STOP.
	if _, err := e.sim.InjectText(consoleOptOutPhone, "Oscar Optout", "STOP"); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the open and opted-out conversations", func() bool {
		a, errA := e.store.GetConversation(ctx, org, convID(consoleOpenPhone))
		b, errB := e.store.GetConversation(ctx, org, convID(consoleOptOutPhone))
		return errA == nil && errB == nil && !a.LastInboundAt.IsZero() && b.OptedOut
	})
	// The reply to the open conversation is reported sent, delivered, then read; so is the reply
	// to the click-to-chat conversation, which has no job (its ticks come from the thread).
	e.sim.ScriptStatuses(simulator.StatusScript{To: consoleOpenPhone, Count: 3})
	e.sim.ScriptStatuses(simulator.StatusScript{To: consoleLinkPhone, Count: 3})
	// The assistant identified Carl as a contractor of one site when it last answered him.
	hello := messaging.ConversationMessage{ID: "console-closed-reply", Direction: messaging.DirectionOutbound, Type: "text",
		Text: "Hello Carl, how can I help?", AuthorName: "PropLink Chat", At: now.Add(-29 * time.Hour)}
	if err := e.store.RecordReply(ctx, org, pnid, consoleClosedPhone, hello,
		messaging.Identity{Role: messaging.RoleContractor, SiteID: "site-console-court", SiteName: "Console Court"}); err != nil {
		t.Fatal(err)
	}

	staff := messaging.Principal{OrgID: org, UserID: "console-staff", Name: "Console Tester",
		Permissions: []string{messaging.PermWhatsAppSend, messaging.PermCaseNotesView}}
	link, err := admin.ConsoleLink(ctx, e.store.Console(), e.stack.APIURL(), staff, now)
	if err != nil {
		t.Fatal(err)
	}
	rival, err := admin.ConsoleLink(ctx, e.store.Console(), e.stack.APIURL(),
		messaging.Principal{OrgID: rivalOrg, UserID: "rival-staff", Name: "Rival", Permissions: admin.AllPermissions}, now)
	if err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "access-letter.pdf")
	if err := os.WriteFile(pdf, minimalPDF, 0o644); err != nil {
		t.Fatal(err)
	}
	// Screenshots go to docs/console only when asked (CONSOLE_SHOTS=docs), so that make test
	// leaves the work tree as it found it.
	shots := t.TempDir()
	if os.Getenv("CONSOLE_SHOTS") == "docs" {
		shots = filepath.Join(root, "docs/console")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	cmdCtx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cmdCtx, "node", script)
	cmd.Env = append(os.Environ(), "CONSOLE_BASE="+e.stack.APIURL(), "CONSOLE_LINK="+link, "CONSOLE_RIVAL_LINK="+rival,
		"CONSOLE_OPEN_CONV="+convID(consoleOpenPhone), "CONSOLE_CLOSED_CONV="+convID(consoleClosedPhone),
		"CONSOLE_OPTOUT_CONV="+convID(consoleOptOutPhone), "CONSOLE_PDF="+pdf, "CONSOLE_SHOTS="+shots,
		"CONSOLE_SIM="+e.simURL, "CONSOLE_LINK_PHONE="+consoleLinkPhone, "CONSOLE_LINK_CONV="+convID(consoleLinkPhone),
		"CONSOLE_START_PHONE="+consoleStartPhone, "CONSOLE_START_CONV="+convID(consoleStartPhone))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	runErr := cmd.Run()
	t.Logf("browser:\n%s", out.String())
	if runErr != nil {
		t.Fatalf("browser test failed: %v", runErr)
	}
	figures := figuresLine(out.String())
	if figures == nil {
		t.Errorf("the browser test printed no figures line")
	} else {
		t.Logf("console first load: %v requests, %v bytes, interactive inbox after %v ms", figures["requests"], figures["bytes"], figures["interactive_ms"])
	}

	// What the provider received: the typed reply and the PDF to the open conversation, a
	// template to the closed one, nothing to the person who opted out.
	var text, doc bool
	for _, m := range sentTo(consoleOpenPhone) {
		raw := string(m.Raw)
		text = text || strings.Contains(raw, "The plumber is on the way")
		doc = doc || strings.Contains(raw, `"document"`)
	}
	if !text || !doc {
		t.Errorf("provider got text %v, document %v for the open conversation; want both", text, doc)
	}
	for _, phone := range []string{consoleClosedPhone, consoleStartPhone} {
		var tpl bool
		for _, m := range sentTo(phone) {
			tpl = tpl || m.Template != ""
		}
		if !tpl {
			t.Errorf("provider got no template for %s (outside the window, or started from a job)", convID(phone))
		}
	}
	for _, m := range sentTo(consoleOptOutPhone) {
		if m.Template != "" || strings.Contains(string(m.Raw), "console") {
			t.Errorf("provider got a console message for the opted-out person: %s", m.Raw)
		}
	}
	// Opening the conversation sent the provider a read receipt for the person's message.
	var receipt bool
	for _, r := range e.sim.ReadReceipts() {
		receipt = receipt || r.MessageID == openWAMID
	}
	if !receipt {
		t.Errorf("no read receipt for %s at the provider (got %+v)", openWAMID, e.sim.ReadReceipts())
	}
	// The one-time link is used up: a second sign-in with it is refused.
	r := exchange(t, false, "POST", "/console/sign-in", "", "code="+link[strings.Index(link, "code=")+len("code="):],
		"Content-Type", "application/x-www-form-urlencoded")
	if r.Status != 401 {
		t.Errorf("second sign-in with the same link: got %d, want 401", r.Status)
	}
}

// figuresLine finds the browser script's FIGURES {...} line.
func figuresLine(out string) map[string]any {
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "FIGURES "); ok {
			var m map[string]any
			if json.Unmarshal([]byte(rest), &m) == nil {
				return m
			}
		}
	}
	return nil
}

// minimalPDF is a one-page PDF.
var minimalPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
