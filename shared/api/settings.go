package api

import (
	"context"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/phone"
	"github.com/proplink/chat/shared/reminders"
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/ssm"
)

// The names of an organisation's other WhatsApp secrets (the webhook's).
const (
	SecretAppSecret   = "app-secret"
	SecretVerifyToken = "verify-token"
)

// settingsBody is PUT /api/admin/whatsapp/settings's body. Secrets are write-only: omitted ones
// keep their stored value.
type settingsBody struct {
	Provider      string `json:"provider"`
	APIURL        string `json:"api_url"`
	APIToken      string `json:"api_token"`
	PhoneNumberID string `json:"phone_number_id"`
	WABAID        string `json:"waba_id"`
	AppSecret     string `json:"app_secret"`
	VerifyToken   string `json:"verify_token"`
	// QuietHours is "HH:MM-HH:MM"; omitted keeps the stored value, "" restores the default.
	QuietHours *string `json:"quiet_hours"`
	// AssistantEnabled switches PropLink Chat on or off; omitted keeps the stored value.
	AssistantEnabled *bool `json:"assistant_enabled"`
	// DisplayPhoneNumber is the business number in E.164; omitted keeps the stored value, ""
	// clears it.
	DisplayPhoneNumber *string `json:"display_phone_number"`
}

var digits = regexp.MustCompile(`^[0-9]{1,32}$`)

// validate checks the body against what the organisation already has.
func (b settingsBody) validate(old messaging.Settings) error {
	switch b.Provider {
	case messaging.ProviderMeta, messaging.ProviderDialog360:
	default:
		return messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: provider (meta or 360dialog)")
	}
	u, err := url.Parse(b.APIURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
		return messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: api_url (an https URL)")
	}
	if !digits.MatchString(b.PhoneNumberID) {
		return messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: phone_number_id")
	}
	if b.WABAID != "" && !digits.MatchString(b.WABAID) {
		return messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: waba_id")
	}
	if b.APIToken == "" && !old.APITokenSet {
		return messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: api_token")
	}
	if b.QuietHours != nil && *b.QuietHours != "" {
		if _, err := reminders.ParseQuietHours(*b.QuietHours); err != nil {
			return messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: quiet_hours (HH:MM-HH:MM, e.g. 21:00-08:00)")
		}
	}
	if b.DisplayPhoneNumber != nil && *b.DisplayPhoneNumber != "" {
		if e164, err := phone.Parse(*b.DisplayPhoneNumber); err != nil || e164 != *b.DisplayPhoneNumber {
			return messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: display_phone_number (E.164, e.g. +447700900001)")
		}
	}
	for name, v := range map[string]string{"api_token": b.APIToken, "app_secret": b.AppSecret, "verify_token": b.VerifyToken} {
		if len(v) > 4096 || strings.ContainsAny(v, " \t\r\n") {
			return messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: %s", name)
		}
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// settings is GET and PUT /api/admin/whatsapp/settings (Admin → Settings → Integrations →
// WhatsApp). Secrets go to the secret store and are never returned: only whether they are set
// and the token's last four characters.
func (a *API) settings(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if err := p.Require(messaging.PermWhatsAppSettings); err != nil {
		return a.fail(ctx, err)
	}
	old, err := a.Store.GetSettings(ctx, p.OrgID)
	if err != nil && messaging.ErrorCode(err) != messaging.CodeNotConfigured {
		return a.fail(ctx, err)
	}
	if apigw.Method(r) == "GET" {
		if err != nil {
			return a.fail(ctx, err)
		}
		return apigw.OK(withAssistantFlag(old), "")
	}
	var b settingsBody
	if err := apigw.DecodeJSON(r, &b); err != nil {
		return a.fail(ctx, err)
	}
	if err := b.validate(old); err != nil {
		return a.fail(ctx, err)
	}
	st := messaging.Settings{
		OrgID: p.OrgID, Provider: b.Provider, APIURL: strings.TrimRight(b.APIURL, "/"),
		PhoneNumberID: b.PhoneNumberID, WABAID: b.WABAID,
		APITokenSet: true, APITokenLast4: old.APITokenLast4,
		AppSecretSet: old.AppSecretSet || b.AppSecret != "", VerifyTokenSet: old.VerifyTokenSet || b.VerifyToken != "",
		UpdatedAt: a.Now().UTC().Format("2006-01-02T15:04:05Z"), QuietHours: old.QuietHours,
	}
	if b.QuietHours != nil {
		st.QuietHours = *b.QuietHours
	}
	st.AssistantEnabled, st.DisplayPhoneNumber = old.AssistantEnabled, old.DisplayPhoneNumber
	if b.AssistantEnabled != nil {
		st.AssistantEnabled = b.AssistantEnabled
	}
	if b.DisplayPhoneNumber != nil {
		st.DisplayPhoneNumber = *b.DisplayPhoneNumber
	}
	// Secrets first: the settings never claim a token the store does not hold.
	for name, v := range map[string]string{sending.SecretAPIToken: b.APIToken, SecretAppSecret: b.AppSecret, SecretVerifyToken: b.VerifyToken} {
		if v == "" {
			continue
		}
		if err := a.Secrets.Put(ctx, ssm.OrgSecret(p.OrgID, name), v); err != nil {
			return a.fail(ctx, err)
		}
	}
	if b.APIToken != "" {
		st.APITokenLast4 = last4(b.APIToken)
	}
	if err := a.Store.PutSettings(ctx, st); err != nil {
		return a.fail(ctx, err)
	}
	return apigw.OK(withAssistantFlag(st), "WhatsApp settings saved")
}

// withAssistantFlag spells out assistant_enabled for the answer (stored settings leave it nil
// while on, the default).
func withAssistantFlag(st messaging.Settings) messaging.Settings {
	on := st.AssistantOn()
	st.AssistantEnabled = &on
	return st
}

func last4(s string) string {
	if len(s) <= 8 {
		return ""
	}
	return s[len(s)-4:]
}
