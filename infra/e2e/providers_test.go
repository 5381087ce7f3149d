//go:build e2e

package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

// The simulator's numbers of TestProviderEndToEnd, one per provider, each connected to its own
// organisation through the settings API (main_test registers providerAccounts with the
// simulator and points their webhooks at the stack with pointProviderWebhooks).
var (
	e2eMeta      = simulator.Account{PhoneNumberID: "301122334455370", WABAID: "209876543210370", Token: "sim-meta-token-e2e"}
	e2eDialog360 = simulator.Account{PhoneNumberID: "301122334455371", WABAID: "209876543210371", Token: "sim-d360-key-e2e",
		Dialog360: &simulator.Dialog360Webhooks{HeaderSecret: "sim-360dialog-header-secret-e2e"}}
	e2eTwilio = simulator.Account{PhoneNumberID: "447700900557", Twilio: &simulator.TwilioAccount{
		AccountSID: twilioSID, AuthToken: twilioAuthToken, InboundURL: twilio.StatusCallbackURL(twilioPublicURL)}}
)

// providerAccounts are the numbers of TestProviderEndToEnd.
var providerAccounts = []simulator.Account{e2eMeta, e2eDialog360, e2eTwilio}

// pointProviderWebhooks has the simulator deliver the 360dialog and Twilio numbers' webhooks to
// the stack's routes (Meta's go to the simulator's webhook URL, /webhooks/meta).
func pointProviderWebhooks(apiURL string) {
	e2eDialog360.Dialog360.WebhookURL = apiURL + "/webhooks/360dialog"
	e2eTwilio.Twilio.Deliver = apiURL
}

// providerCase is one provider's organisation on the local stack: how it is connected, and how
// its people's messages reach the product.
type providerCase struct {
	provider string
	acct     simulator.Account
	// settings is the settings PUT body connecting acct (the assistant off, so an inbound
	// message costs only its own processing).
	settings string
	// inject has the person phone write text to the business number, as the provider would.
	inject func(t *testing.T, phone, text string)
	// injectPhoto has the person send a JPEG and returns the provider's reference to it (the
	// media id, or Twilio's MediaUrl).
	injectPhoto func(t *testing.T, phone string, data []byte) string
}

// providerCases are Meta, 360dialog and Twilio, each through its own dialect and webhook route.
func providerCases() []providerCase {
	injectMeta := func(acct simulator.Account) func(t *testing.T, phone, text string) {
		return func(t *testing.T, phone, text string) {
			t.Helper()
			res, err := e.sim.Inject(context.Background(), simulator.Inbound{From: phone, ProfileName: "Robin", PhoneNumberID: acct.PhoneNumberID, Text: text})
			if err != nil || !slices.Equal(res.HTTPStatuses, []int{200}) {
				t.Fatalf("inject %q: %+v, %v; want one 200", text, res, err)
			}
		}
	}
	photoMeta := func(acct simulator.Account) func(t *testing.T, phone string, data []byte) string {
		return func(t *testing.T, phone string, data []byte) string {
			t.Helper()
			id := e.sim.AddMedia(data, "image/jpeg")
			res, err := e.sim.Inject(context.Background(), simulator.Inbound{From: phone, ProfileName: "Robin", PhoneNumberID: acct.PhoneNumberID,
				Media: &simulator.InboundMedia{ID: id, MimeType: "image/jpeg"}})
			if err != nil || !slices.Equal(res.HTTPStatuses, []int{200}) {
				t.Fatalf("inject photo: %+v, %v; want one 200", res, err)
			}
			return id
		}
	}
	return []providerCase{
		{
			provider: messaging.ProviderMeta, acct: e2eMeta,
			settings: fmt.Sprintf(`{"provider":"meta","api_url":%q,"api_token":%q,"phone_number_id":%q,"waba_id":%q,"app_secret":%q,"assistant_enabled":false}`,
				e.simURL, e2eMeta.Token, e2eMeta.PhoneNumberID, e2eMeta.WABAID, admin.DemoAppSecret),
			inject: injectMeta(e2eMeta), injectPhoto: photoMeta(e2eMeta),
		},
		{
			provider: messaging.ProviderDialog360, acct: e2eDialog360,
			settings: fmt.Sprintf(`{"provider":"360dialog","api_url":%q,"api_token":%q,"phone_number_id":%q,"waba_id":%q,"dialog360_header_secret":%q,"assistant_enabled":false}`,
				e.simURL, e2eDialog360.Token, e2eDialog360.PhoneNumberID, e2eDialog360.WABAID, e2eDialog360.Dialog360.HeaderSecret),
			inject: injectMeta(e2eDialog360), injectPhoto: photoMeta(e2eDialog360),
		},
		{
			provider: messaging.ProviderTwilio, acct: e2eTwilio,
			settings: fmt.Sprintf(`{"provider":"twilio","api_url":%q,"api_token":%q,"phone_number_id":%q,"assistant_enabled":false}`,
				e.simURL, twilioSID+":"+twilioAuthToken, e2eTwilio.PhoneNumberID),
			inject: func(t *testing.T, phone, text string) {
				t.Helper()
				if _, code, err := e.sim.InjectTwilio(context.Background(), simulator.TwilioInbound{PhoneNumberID: e2eTwilio.PhoneNumberID, From: phone, ProfileName: "Robin", Text: text}); err != nil || code != 200 {
					t.Fatalf("inject %q: %d, %v; want 200", text, code, err)
				}
			},
			injectPhoto: func(t *testing.T, phone string, data []byte) string {
				t.Helper()
				u := e.simURL + e.sim.TwilioMediaPath(twilioSID, data, "image/jpeg")
				if _, code, err := e.sim.InjectTwilio(context.Background(), simulator.TwilioInbound{PhoneNumberID: e2eTwilio.PhoneNumberID, From: phone, ProfileName: "Robin", MediaURL: u}); err != nil || code != 200 {
					t.Fatalf("inject photo: %d, %v; want 200", code, err)
				}
				return u
			},
		},
	}
}

// TestProviderEndToEnd: for each provider, an organisation connected through the settings API
// syncs its templates, sends one through the API whose statuses (sent, delivered, read) reach
// its case note, receives an inbound text and an inbound photo (into the conversation and S3),
// answers with a staff text inside the window, and honours a STOP (recorded, confirmed, later
// sends refused). It logs the functions' AWS requests per send, status event and inbound text.
func TestProviderEndToEnd(t *testing.T) {
	watch("provider token", twilioAuthToken)
	for _, pc := range providerCases() {
		t.Run(pc.provider, func(t *testing.T) { providerEndToEnd(t, pc) })
	}
}

// providerOrg is an organisation connected to one provider's number, with a job, a staff
// token and the synced appointment_reminder template.
type providerOrg struct {
	org, staff string
	jobID      int64
	tpl        messaging.Template
	// vars are the template's variables by the names its provider gives them (Meta's named
	// parameters, Twilio's "1", "2", …).
	vars map[string]string
}

// providerOrgs are the organisations connected so far, by provider: a number connects to one
// organisation only, so the tests and benchmarks of one run share them.
var providerOrgs = map[string]providerOrg{}

// connectProvider connects pc's number to a new organisation through the settings API, syncs
// its templates through the API and adds a job and a staff user; once per provider and run.
func connectProvider(tb testing.TB, pc providerCase) providerOrg {
	tb.Helper()
	if po, ok := providerOrgs[pc.provider]; ok {
		return po
	}
	ctx := context.Background()
	watch("provider token", pc.acct.Token)
	po := providerOrg{org: "e2e-" + pc.provider, jobID: 7300}
	adminTok := mint(tb, po.org, messaging.PermWhatsAppSettings)
	for _, c := range []struct{ method, path, body string }{
		{"PUT", "/api/admin/whatsapp/settings", pc.settings},
		{"POST", "/api/admin/whatsapp/templates/sync", ""},
	} {
		if code, raw := apiDo(tb, c.method, c.path, adminTok, c.body); code != 200 {
			tb.Fatalf("%s %s for %s: %d %s", c.method, c.path, pc.provider, code, raw)
		}
	}
	po.tpl = syncedTemplate(tb, po.org, "appointment_reminder")
	values := []string{"Sam", "Tuesday", "08:00-12:00"}
	po.vars = map[string]string{}
	for i, v := range po.tpl.Variables {
		po.vars[v] = values[i%len(values)]
	}
	if err := e.store.PutJob(ctx, messaging.Job{OrgID: po.org, ID: po.jobID, Ref: "JOB-7300", Title: "Leaking tap"}); err != nil {
		tb.Fatal(err)
	}
	po.staff = mint(tb, po.org, messaging.PermWhatsAppSend, messaging.PermCaseNotesView)
	providerOrgs[pc.provider] = po
	return po
}

// sendBody is a send request of the organisation's template about its job to phone.
func (po providerOrg) sendBody(phone string) string {
	return fmt.Sprintf(`{"job_id": %d, "phone_number": %q, "template_id": %d, "variables": %s}`, po.jobID, phone, po.tpl.ID, mustJSON(po.vars))
}

// apiDo makes one API request outside a test's document checks (a benchmark's set-up) and
// returns the status and body.
func apiDo(tb testing.TB, method, path, token, body string) (int, string) {
	tb.Helper()
	req, err := http.NewRequest(method, e.stack.APIURL()+path, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

func providerEndToEnd(t *testing.T, pc providerCase) {
	ctx := context.Background()
	po := connectProvider(t, pc)
	org, staff, jobID := po.org, po.staff, po.jobID
	phone := newPhone()
	conv := messaging.ConversationID(org, pc.acct.PhoneNumberID, phone)
	send := func() reply { return call(t, "POST", "/api/whatsapp/send", staff, po.sendBody(phone)) }
	note := func(wamid string) messaging.CaseNote {
		notes, _, err := e.store.ListCaseNotes(ctx, org, jobID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range notes {
			if n.ProviderMessage == wamid {
				return n
			}
		}
		return messaging.CaseNote{}
	}
	figs := map[string]string{}

	t.Run("a template send's statuses reach its case note", func(t *testing.T) {
		settle(t)
		before := functionCounts()
		r := send()
		data, _ := r.Body["data"].(map[string]any)
		wamid, _ := data["message_id"].(string)
		if r.Status != http.StatusOK || wamid == "" {
			t.Fatalf("send: got %d %s, want 200 with a message id", r.Status, r.Raw)
		}
		sent := sentTo(phone)
		if len(sent) != 1 || sent[0].Provider != pc.provider || sent[0].WAMID != wamid || sent[0].Template != "appointment_reminder" {
			t.Fatalf("the simulator's sends to the phone: %+v; want one %s appointment_reminder", sent, pc.provider)
		}
		eventually(t, 20*time.Second, "the send's case note", func() bool { return note(wamid).ID != "" })
		settle(t)
		figs["send"] = figures(since(before))
		for _, st := range []string{simulator.StatusSent, simulator.StatusDelivered, simulator.StatusRead} {
			before := functionCounts()
			if codes, err := e.sim.SendStatus(ctx, wamid, st, 0, simulator.WebhookOptions{}); err != nil || !slices.Equal(codes, []int{200}) {
				t.Fatalf("status %s: %v, %v; want one 200", st, codes, err)
			}
			eventually(t, 20*time.Second, "the case note to reach "+st, func() bool { return string(note(wamid).Status) == st })
			settle(t)
			if st == simulator.StatusDelivered {
				figs["status"] = figures(since(before))
			}
		}
		var got []messaging.Status
		for _, h := range note(wamid).StatusHistory {
			got = append(got, h.Status)
		}
		if want := []messaging.Status{messaging.StatusSent, messaging.StatusDelivered, messaging.StatusRead}; !containsAll(got, want) {
			t.Errorf("status history: got %v, want %v among it", got, want)
		}
	})

	t.Run("an inbound text lands in its conversation", func(t *testing.T) {
		before := functionCounts()
		pc.inject(t, phone, "Is 9 ok?")
		eventually(t, 20*time.Second, "the inbound text in the conversation", func() bool {
			return slices.Contains(conversationTexts(t, org, pc.acct, phone), "Is 9 ok?")
		})
		settle(t)
		figs["inbound text"] = figures(since(before))
	})

	t.Run("a staff text reply inside the window reaches the person", func(t *testing.T) {
		r := call(t, "POST", "/api/whatsapp/conversations/"+conv+"/messages", staff, `{"text": "Yes, 9 is fine."}`)
		data, _ := r.Body["data"].(map[string]any)
		id, _ := data["message_id"].(string)
		if r.Status != 200 || id == "" {
			t.Fatalf("reply: got %d %s, want 200 with a message id", r.Status, r.Raw)
		}
		i := slices.IndexFunc(sentTo(phone), func(m simulator.SentMessage) bool { return m.WAMID == id })
		if i < 0 || sentTo(phone)[i].Provider != pc.provider || sentTo(phone)[i].Request.Text == nil || sentTo(phone)[i].Request.Text.Body != "Yes, 9 is fine." {
			t.Fatalf("the simulator's sends to the phone: %+v; want the %s text %s", sentTo(phone), pc.provider, id)
		}
	})

	t.Run("an inbound photo lands in S3 and on the conversation", func(t *testing.T) {
		ref := pc.injectPhoto(t, phone, photo)
		var media *messaging.MediaRef
		eventually(t, 20*time.Second, "the photo in the conversation", func() bool {
			_, msgs, _, err := e.store.ConversationWithMessages(ctx, org, conv, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range msgs {
				if m.Direction == messaging.DirectionInbound && m.Media != nil && m.Media.ID == ref {
					media = m.Media
				}
			}
			return media != nil
		})
		var a attachments.Attachment
		eventually(t, 30*time.Second, "the photo's attachment to settle", func() bool {
			got, err := e.store.GetAttachment(ctx, org, media.AttachmentID)
			a = got
			return err == nil && (got.Status == attachments.StatusStored || got.Attempts < 0)
		})
		sum := sha256.Sum256(photo)
		want := hex.EncodeToString(sum[:])
		if a.Status != attachments.StatusStored || a.SHA256 != want || a.ContentType != "image/jpeg" {
			t.Fatalf("attachment: got %+v, want stored with the photo's hash", a)
		}
		if got := s3SHA(t, a.Key); got != want {
			t.Errorf("S3 %s: got sha %s, want %s", a.Key, got, want)
		}
	})

	t.Run("a STOP is recorded, confirmed and refuses later sends", func(t *testing.T) {
		pc.inject(t, phone, "STOP")
		eventually(t, 20*time.Second, "the opt-out", func() bool {
			s, err := e.store.GetSuppression(ctx, org, phone)
			return err == nil && s.OptedOut
		})
		eventually(t, 20*time.Second, "the confirmation", func() bool {
			return slices.ContainsFunc(sentTo(phone), func(m simulator.SentMessage) bool {
				return m.Provider == pc.provider && m.Request.Text != nil && m.Request.Text.Body == messaging.OptOutConfirmation
			})
		})
		n := len(sentTo(phone))
		if r := send(); r.Status != 422 || r.Body["error"] != messaging.MsgOptedOut {
			t.Errorf("send after STOP: got %d %s, want 422 %q", r.Status, r.Raw, messaging.MsgOptedOut)
		}
		if got := len(sentTo(phone)); got != n {
			t.Errorf("sends to the phone after STOP: got %d, want %d", got, n)
		}
	})
	t.Logf("%s: AWS requests by the functions for one successful template send (API, case note): %s", pc.provider, figs["send"])
	t.Logf("%s: AWS requests by the functions for one status event (delivered): %s", pc.provider, figs["status"])
	t.Logf("%s: AWS requests by the functions for one inbound text (job known, assistant off): %s", pc.provider, figs["inbound text"])
}

// syncedTemplate is org's sendable synced template called name (Twilio's by its friendly name).
func syncedTemplate(tb testing.TB, org, name string) messaging.Template {
	tb.Helper()
	tpls, err := e.store.ListTemplates(context.Background(), org)
	if err != nil {
		tb.Fatal(err)
	}
	i := slices.IndexFunc(tpls, func(t messaging.Template) bool {
		return (t.Name == name || t.DisplayName == name) && t.Sendable()
	})
	if i < 0 {
		tb.Fatalf("%s is not among %s's synced templates: %+v", name, org, tpls)
	}
	return tpls[i]
}

// containsAll reports whether got holds every one of want.
func containsAll[T comparable](got, want []T) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}
