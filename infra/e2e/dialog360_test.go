//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/webhook"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// The simulator's 360dialog numbers: one whose webhooks 360dialog signs with the partner's
// platform secret, one whose webhook URL carries only the organisation's custom header secret.
// main_test points their webhooks at the stack's /webhooks/360dialog.
const (
	dialog360PartnerSecret = "sim-360dialog-partner-secret"
	dialog360HeaderSecret  = "sim-360dialog-header-secret"
)

var (
	dialog360Signed = simulator.Account{PhoneNumberID: "301122334455360", WABAID: "209876543210360", Token: "sim-d360-key-signed",
		Dialog360: &simulator.Dialog360Webhooks{PartnerSecret: dialog360PartnerSecret}}
	dialog360Header = simulator.Account{PhoneNumberID: "301122334455361", WABAID: "209876543210361", Token: "sim-d360-key-header",
		Dialog360: &simulator.Dialog360Webhooks{HeaderSecret: dialog360HeaderSecret}}
	dialog360Accounts = []simulator.Account{dialog360Signed, dialog360Header}
)

// pointDialog360Webhooks sends the 360dialog accounts' webhooks to the stack's 360dialog route.
func pointDialog360Webhooks(apiURL string) {
	for _, a := range dialog360Accounts {
		a.Dialog360.WebhookURL = apiURL + "/webhooks/360dialog"
	}
}

// connectDialog360 connects acct to a new organisation through the settings API as a 360dialog
// number, with extra settings fields, and returns the organisation.
func connectDialog360(t *testing.T, name string, acct simulator.Account, extra string) string {
	t.Helper()
	org, tok := newSettingsAdmin(t, name)
	body := fmt.Sprintf(`{"provider":"360dialog","api_url":%q,"api_token":%q,"phone_number_id":%q,"waba_id":%q%s}`,
		e.simURL, acct.Token, acct.PhoneNumberID, acct.WABAID, extra)
	if r := call(t, "PUT", "/api/admin/whatsapp/settings", tok, body); r.Status != 200 {
		t.Fatalf("connect the 360dialog number: %d %s", r.Status, r.Raw)
	}
	return org
}

// conversationTexts returns the texts of the inbound messages of org's conversation with phone
// on acct's number.
func conversationTexts(t *testing.T, org string, acct simulator.Account, phone string) []string {
	t.Helper()
	_, msgs, _, err := e.store.ConversationWithMessages(context.Background(), org, messaging.ConversationID(org, acct.PhoneNumberID, phone), 0, 0)
	if err != nil && messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		if m.Direction == messaging.DirectionInbound {
			out = append(out, m.Text)
		}
	}
	return out
}

// TestDialog360Webhooks: 360dialog-configured organisations receive inbound texts through
// /webhooks/360dialog into their conversations, authenticated as 360dialog really does it (the
// partner's x-360dialog-signature, or the organisation's custom header secret); wrongly signed,
// unsigned or Meta-signed deliveries are 401 and reach no conversation.
func TestDialog360Webhooks(t *testing.T) {
	ctx := context.Background()
	secrets := ssm.New(e.stack.AWSConfig(), "/proplink/"+lambdaenv.LocalStage, 0)
	if err := secrets.Put(ctx, webhook.Dialog360PartnerSecretName, dialog360PartnerSecret); err != nil {
		t.Fatal(err)
	}
	signedOrg := connectDialog360(t, "d360-signed", dialog360Signed, "")
	headerOrg := connectDialog360(t, "d360-header", dialog360Header, fmt.Sprintf(`,"dialog360_header_secret":%q`, dialog360HeaderSecret))

	tests := []struct {
		name string
		org  string
		acct simulator.Account
	}{
		{"partner signature", signedOrg, dialog360Signed},
		{"custom header secret", headerOrg, dialog360Header},
	}
	for _, tt := range tests {
		t.Run(tt.name+" delivers into the conversation", func(t *testing.T) {
			phone := newPhone()
			text := "Hello over 360dialog (" + tt.name + ")"
			res, err := e.sim.Inject(ctx, simulator.Inbound{From: phone, ProfileName: "Robin", PhoneNumberID: tt.acct.PhoneNumberID, Text: text})
			if err != nil || !slices.Equal(res.HTTPStatuses, []int{200}) {
				t.Fatalf("Inject = %+v, %v; want one 200", res, err)
			}
			eventually(t, 20*time.Second, "the inbound text in "+tt.org+"'s conversation", func() bool {
				return slices.Contains(conversationTexts(t, tt.org, tt.acct, phone), text)
			})
		})
		t.Run(tt.name+" wrongly signed is refused", func(t *testing.T) {
			phone := newPhone()
			res, err := e.sim.Inject(ctx, simulator.Inbound{From: phone, PhoneNumberID: tt.acct.PhoneNumberID, Text: "forged",
				WebhookOptions: simulator.WebhookOptions{BadSignature: true}})
			if err != nil || !slices.Equal(res.HTTPStatuses, []int{401}) {
				t.Fatalf("Inject = %+v, %v; want one 401", res, err)
			}
			_, body, _, err := e.sim.InboundWebhook(simulator.Inbound{From: phone, PhoneNumberID: tt.acct.PhoneNumberID, Text: "forged"})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range []struct{ what, name, value string }{
				{"unsigned", "", ""},
				{"Meta's signature", meta.SignatureHeader, meta.Sign([]byte(admin.DemoAppSecret), body)},
				{"x-360dialog-signature under another secret", meta.Dialog360SignatureHeader, meta.SignDialog360([]byte(admin.DemoAppSecret), body)},
				{"another organisation's header secret", webhook.Dialog360HeaderSecretHeader, "not-" + dialog360HeaderSecret},
			} {
				req, err := http.NewRequest(http.MethodPost, e.stack.APIURL()+"/webhooks/360dialog", bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/json")
				if h.name != "" {
					req.Header.Set(h.name, h.value)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s: got %d, want 401", h.what, resp.StatusCode)
				}
			}
			settle(t)
			if got := conversationTexts(t, tt.org, tt.acct, phone); len(got) != 0 {
				t.Errorf("refused deliveries reached the conversation: %q", got)
			}
		})
	}
}
