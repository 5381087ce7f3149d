//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

// The simulator's Twilio sender. Twilio calls the product at its public URL (twilioPublicURL,
// the stack's PUBLIC_API_URL, standing for a custom domain); the simulator connects to the local
// stack in its place with that Host header (main_test points it there), so the signature covers
// the public URL as API Gateway would receive it.
const (
	twilioPublicURL = "http://chat.proplink.test"
	twilioSID       = "ACsim00000000000000000000000000e2e"
	twilioAuthToken = "sim-twilio-auth-token-e2e"
)

var (
	twilioSender = simulator.Account{PhoneNumberID: "447700900555", Twilio: &simulator.TwilioAccount{
		AccountSID: twilioSID, AuthToken: twilioAuthToken, InboundURL: twilio.StatusCallbackURL(twilioPublicURL)}}
	// twilioMediaSender is a second number of the same Twilio account, for the media test's
	// organisation.
	twilioMediaSender = simulator.Account{PhoneNumberID: "447700900556", Twilio: &simulator.TwilioAccount{
		AccountSID: twilioSID, AuthToken: twilioAuthToken, InboundURL: twilio.StatusCallbackURL(twilioPublicURL)}}
	// twilioAssistantSender is a third number of the account, for the assistant test's
	// organisation.
	twilioAssistantSender = simulator.Account{PhoneNumberID: "447700900558", Twilio: &simulator.TwilioAccount{
		AccountSID: twilioSID, AuthToken: twilioAuthToken, InboundURL: twilio.StatusCallbackURL(twilioPublicURL)}}
	twilioAccounts = []simulator.Account{twilioSender, twilioMediaSender, twilioAssistantSender}
)

// pointTwilioWebhooks has the simulator deliver Twilio's callbacks to the stack.
func pointTwilioWebhooks(apiURL string) {
	for _, a := range twilioAccounts {
		a.Twilio.Deliver = apiURL
	}
}

// TestTwilioSendAndInbound: a Twilio-configured organisation syncs its templates from the
// Content API, sends a template by Content SID whose statuses (sent, delivered, read) come back
// on /webhooks/twilio onto its case note, receives an inbound text into its conversation, and a
// wrongly signed callback is refused (401) and reaches nothing.
func TestTwilioSendAndInbound(t *testing.T) {
	ctx := context.Background()
	watch("provider token", twilioAuthToken)
	org, tok := newSettingsAdmin(t, "twilio")
	body := fmt.Sprintf(`{"provider":"twilio","api_url":%q,"api_token":%q,"phone_number_id":%q}`,
		e.simURL, twilioSID+":"+twilioAuthToken, twilioSender.PhoneNumberID)
	if r := call(t, "PUT", "/api/admin/whatsapp/settings", tok, body); r.Status != 200 {
		t.Fatalf("connect the Twilio sender: %d %s", r.Status, r.Raw)
	}
	if r := call(t, "POST", "/api/admin/whatsapp/templates/sync", tok, ""); r.Status != 200 {
		t.Fatalf("sync templates: %d %s", r.Status, r.Raw)
	}
	tpls, err := e.store.ListTemplates(ctx, org)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(tpls, func(t messaging.Template) bool {
		return t.DisplayName == "appointment_reminder" && t.Sendable()
	})
	if i < 0 {
		t.Fatalf("appointment_reminder is not among the synced templates: %+v", tpls)
	}
	tpl := tpls[i]
	if want := simulator.ContentSID("appointment_reminder", tpl.Language); tpl.Name != want {
		t.Errorf("template name: got %q, want the Content SID %q", tpl.Name, want)
	}
	const jobID = 7100
	if err := e.store.PutJob(ctx, messaging.Job{OrgID: org, ID: jobID, Ref: "JOB-7100", Title: "Broken boiler"}); err != nil {
		t.Fatal(err)
	}
	sender := mint(t, org, messaging.PermWhatsAppSend, messaging.PermCaseNotesView)

	t.Run("a template send's statuses reach its case note", func(t *testing.T) {
		phone := newPhone()
		e.sim.ScriptStatuses(simulator.StatusScript{To: phone}) // sent, delivered, read
		r := call(t, "POST", "/api/whatsapp/send", sender, fmt.Sprintf(
			`{"job_id": %d, "phone_number": %q, "template_id": %d, "variables": {"1": "Sam", "2": "Tuesday", "3": "08:00-12:00"}}`, jobID, phone, tpl.ID))
		if r.Status != http.StatusOK {
			t.Fatalf("send: got %d %s, want 200", r.Status, r.Raw)
		}
		sent := sentTo(phone)
		if len(sent) != 1 || sent[0].Provider != messaging.ProviderTwilio || sent[0].Template != "appointment_reminder" {
			t.Fatalf("the simulator's Twilio sends to the phone: %+v", sent)
		}
		sid := sent[0].WAMID
		var note messaging.CaseNote
		eventually(t, 20*time.Second, "the case note to reach read", func() bool {
			notes, _, err := e.store.ListCaseNotes(ctx, org, jobID, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range notes {
				if n.ProviderMessage == sid {
					note = n
				}
			}
			return note.Status == messaging.StatusRead
		})
		var got []messaging.Status
		for _, h := range note.StatusHistory {
			got = append(got, h.Status)
		}
		for _, want := range []messaging.Status{messaging.StatusSent, messaging.StatusDelivered, messaging.StatusRead} {
			if !slices.Contains(got, want) {
				t.Errorf("status history %v lacks %s", got, want)
			}
		}
	})

	t.Run("an inbound text lands in its conversation", func(t *testing.T) {
		phone := newPhone()
		text := "Hello over Twilio"
		if _, code, err := e.sim.InjectTwilio(ctx, simulator.TwilioInbound{PhoneNumberID: twilioSender.PhoneNumberID, From: phone, ProfileName: "Robin", Text: text}); err != nil || code != 200 {
			t.Fatalf("inject: %d, %v; want 200", code, err)
		}
		eventually(t, 20*time.Second, "the inbound text in the conversation", func() bool {
			return slices.Contains(conversationTexts(t, org, twilioSender, phone), text)
		})
	})

	t.Run("a wrongly signed callback is refused", func(t *testing.T) {
		phone := newPhone()
		if _, code, err := e.sim.InjectTwilio(ctx, simulator.TwilioInbound{PhoneNumberID: twilioSender.PhoneNumberID, From: phone, Text: "forged", BadSignature: true}); err != nil || code != http.StatusUnauthorized {
			t.Fatalf("inject mis-signed: %d, %v; want 401", code, err)
		}
		// Signed correctly but over the stack's own URL rather than the public one Twilio called.
		form := url.Values{"MessageSid": {"SMforged"}, "SmsStatus": {"received"}, "Body": {"forged"},
			"From": {"whatsapp:" + phone}, "To": {"whatsapp:+" + twilioSender.PhoneNumberID}}
		req, err := http.NewRequest(http.MethodPost, e.stack.APIURL()+"/webhooks/twilio", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(twilio.SignatureHeader, twilio.Signature(twilioAuthToken, twilioPublicURL+"/webhooks/twilio", form))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("signed for another URL: got %d, want 401", resp.StatusCode)
		}
		settle(t)
		if got := conversationTexts(t, org, twilioSender, phone); len(got) != 0 {
			t.Errorf("refused callbacks reached the conversation: %q", got)
		}
	})
}

// TestTwilioAssistantConfirmation: on a Twilio-configured organisation the assistant's question
// goes out as reply buttons (a twilio/quick-reply Content item sent by ContentSid), and the
// person's tap, posted by Twilio as ButtonPayload/ButtonText, is read as the button it was.
func TestTwilioAssistantConfirmation(t *testing.T) {
	ctx := context.Background()
	org, tok := newSettingsAdmin(t, "twilio-assistant")
	body := fmt.Sprintf(`{"provider":"twilio","api_url":%q,"api_token":%q,"phone_number_id":%q}`,
		e.simURL, twilioSID+":"+twilioAuthToken, twilioAssistantSender.PhoneNumberID)
	if r := call(t, "PUT", "/api/admin/whatsapp/settings", tok, body); r.Status != 200 {
		t.Fatalf("connect the Twilio sender: %d %s", r.Status, r.Raw)
	}
	phone, n := newPhone(), seq()
	unit := fmt.Sprintf("unit-twilio-%d", n)
	for _, r := range []property.Record{
		property.Unit{ID: unit, SiteID: "site-twilio", Label: fmt.Sprintf("Flat %d", n)},
		property.Contact{ID: fmt.Sprintf("c-twilio-%d", n), Name: "Ola Adeyemi", Phone: phone, UnitIDs: []string{unit}},
		property.Vendor{ID: fmt.Sprintf("v-twilio-%d", n), Name: "Ola Handyman", Phone: phone},
	} {
		if err := e.store.PutRecord(ctx, org, r); err != nil {
			t.Fatal(err)
		}
	}
	inject := func(in simulator.TwilioInbound) simulator.SentMessage {
		t.Helper()
		before := len(sentTo(phone))
		in.PhoneNumberID, in.From, in.ProfileName = twilioAssistantSender.PhoneNumberID, phone, "Ola"
		if _, code, err := e.sim.InjectTwilio(ctx, in); err != nil || code != 200 {
			t.Fatalf("inject: %d, %v; want 200", code, err)
		}
		var got []simulator.SentMessage
		eventually(t, 30*time.Second, "the assistant's answer", func() bool {
			got = sentTo(phone)[before:]
			return len(got) > 0
		})
		settle(t)
		return one(t, "inject", sentTo(phone)[before:])
	}
	ask := inject(simulator.TwilioInbound{Text: "hello"})
	wantSaid(t, ask, "Which are you?")
	if ask.Provider != messaging.ProviderTwilio || ask.Template != "" {
		t.Errorf("the question went as %s template %q, want Twilio reply buttons", ask.Provider, ask.Template)
	}
	wantButtons(t, ask, twilio.ButtonIDPrefix+"role:resident", twilio.ButtonIDPrefix+"role:contractor")
	if got := e.sim.TwilioContents(); !slices.ContainsFunc(got, func(c simulator.TwilioQuickReply) bool {
		return c.AccountSID == twilioSID && len(c.Actions) == 2 && slices.Equal([]string{c.Actions[0].ID, c.Actions[1].ID}, []string{"pl:role:resident", "pl:role:contractor"})
	}) {
		t.Errorf("no quick-reply Content item of the question's buttons: %+v", got)
	}
	b := ask.Buttons()[0]
	wantSaid(t, inject(simulator.TwilioInbound{ButtonPayload: b.ID, ButtonText: b.Title, RepliedTo: ask.WAMID}), "Hello Ola")
}
