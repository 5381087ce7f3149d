package api

import (
	"context"
	"net"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/phone"
)

// settingsBody is PUT /api/admin/whatsapp/settings's body. Secrets are write-only: omitted ones
// keep their stored value, except that a new provider or API URL needs the token (and the app
// secret, when one is stored) again.
type settingsBody struct {
	Provider string `json:"provider"`
	// APIURL is nil when omitted (or null): AWS End User Messaging Social has none.
	APIURL        *string `json:"api_url"`
	APIToken      string  `json:"api_token"`
	PhoneNumberID string  `json:"phone_number_id"`
	WABAID        string  `json:"waba_id"`
	AppSecret     string  `json:"app_secret"`
	VerifyToken   string  `json:"verify_token"`
	// Dialog360HeaderSecret is the value of the custom header set on the 360dialog webhook URL
	// (webhook.Dialog360HeaderSecretHeader); write-only.
	Dialog360HeaderSecret string `json:"dialog360_header_secret"`
	// QuietHours is "HH:MM-HH:MM"; omitted keeps the stored value, "" restores the default.
	QuietHours *string `json:"quiet_hours"`
	apigw.CSRF
	// PlatformURL is the organisation's property platform; omitted keeps the stored value, ""
	// returns the organisation to the built-in store. PlatformToken is write-only.
	PlatformURL   *string `json:"platform_url"`
	PlatformToken string  `json:"platform_token"`
	// AssistantEnabled switches PropLink Chat on or off; omitted keeps the stored value.
	AssistantEnabled *bool `json:"assistant_enabled"`
	// DisplayPhoneNumber is the business number in E.164; omitted keeps the stored value, ""
	// clears it.
	DisplayPhoneNumber *string `json:"display_phone_number"`
}

var (
	digits = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{1,32}$`) })
	// providerAPIURL and loopbackURL are the api_url shapes the document allows: a provider's
	// API host, or (in the local stage only) a loopback URL.
	providerAPIURL = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^https://(graph\.facebook\.com|waba-v2\.360dialog\.io|api\.twilio\.com)/?$`)
	})
	twilioToken = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^AC[0-9A-Za-z]+:[^:]+$`) })
	loopbackURL = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^https?://(localhost|127\.0\.0\.1|\[::1\])(:[0-9]{1,5})?(/[A-Za-z0-9._~-]*)*$`)
	})
	// socialNumberARN and socialWABAARN are AWS End User Messaging Social's linked phone number
	// and WhatsApp Business Account ARNs.
	socialNumberARN = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^arn:aws[a-z-]*:social-messaging:[a-z0-9-]{1,32}:[0-9]{12}:phone-number-id/[A-Za-z0-9-]{1,64}$`)
	})
	socialWABAARN = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^arn:aws[a-z-]*:social-messaging:[a-z0-9-]{1,32}:[0-9]{12}:waba/[A-Za-z0-9-]{1,64}$`)
	})
	quietHours = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9])?$`)
	})
)

// url is the body's API URL as it is stored: without a trailing slash.
func (b settingsBody) url() string { return strings.TrimRight(b.apiURL(), "/") }

// apiURL is the body's API URL as sent, "" when omitted.
func (b settingsBody) apiURL() string {
	if b.APIURL == nil {
		return ""
	}
	return *b.APIURL
}

// rebinds reports whether the body moves the organisation to another provider or API URL than
// its stored token was entered for.
func (b settingsBody) rebinds(old messaging.Settings) bool {
	return old.TokenProvider != b.Provider || old.TokenURL != b.url()
}

// validate checks the body against what the organisation already has: first its shape, as the
// OpenAPI document states it (400), then what it means (422): an API URL of the provider's own
// (a loopback one only in the local stage), and the secrets a new provider or URL needs again.
func (b settingsBody) validate(old messaging.Settings, local bool) error {
	switch b.Provider {
	case messaging.ProviderMeta, messaging.ProviderDialog360, messaging.ProviderTwilio, messaging.ProviderAWSSocial:
	default:
		return messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: provider (meta, 360dialog, twilio or aws-social)")
	}
	loopback := loopbackURL().MatchString(b.apiURL())
	if b.APIURL != nil && !providerAPIURL().MatchString(*b.APIURL) && !loopback {
		return messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: api_url (the provider's https API URL, e.g. https://graph.facebook.com or https://waba-v2.360dialog.io)")
	}
	if !digits().MatchString(b.PhoneNumberID) && !socialNumberARN().MatchString(b.PhoneNumberID) {
		return messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: phone_number_id")
	}
	if b.WABAID != "" && !digits().MatchString(b.WABAID) && !socialWABAARN().MatchString(b.WABAID) {
		return messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: waba_id")
	}
	if b.QuietHours != nil && !quietHours().MatchString(*b.QuietHours) {
		return messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: quiet_hours (HH:MM-HH:MM, e.g. 21:00-08:00)")
	}
	if err := b.checkSecrets(); err != nil {
		return err
	}
	if b.Provider == messaging.ProviderAWSSocial {
		return b.validateSocial(old, local)
	}
	if b.APIURL == nil {
		return messaging.Errorf(messaging.CodeUnprocessable, "Invalid or missing required parameter: api_url (needed for %s)", b.Provider)
	}
	if !digits().MatchString(b.PhoneNumberID) {
		return messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: phone_number_id (for %s, the provider's numeric id)", b.Provider)
	}
	if b.WABAID != "" && !digits().MatchString(b.WABAID) {
		return messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: waba_id (for %s, the numeric WABA id)", b.Provider)
	}
	if !providerURL(b.Provider, b.apiURL(), local) {
		if loopback {
			return messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: api_url (a loopback URL is only for the local stage)")
		}
		return messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: api_url (not an API host of %s)", b.Provider)
	}
	if b.Provider == messaging.ProviderTwilio && b.APIToken != "" && !twilioToken().MatchString(b.APIToken) {
		return messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: api_token (for Twilio, <AccountSid>:<AuthToken>)")
	}
	if b.APIToken == "" && !old.APITokenSet {
		return messaging.Errorf(messaging.CodeUnprocessable, "Invalid or missing required parameter: api_token")
	}
	if b.rebinds(old) {
		// A stored token is only ever sent to the provider and URL it was entered for.
		if b.APIToken == "" {
			return messaging.Errorf(messaging.CodeUnprocessable, "Invalid or missing required parameter: api_token (enter it again to change the provider or api_url)")
		}
		if old.AppSecretSet && b.AppSecret == "" {
			return messaging.Errorf(messaging.CodeUnprocessable, "Invalid or missing required parameter: app_secret (enter it again to change the provider or api_url)")
		}
	}
	return b.validateCommon(old, local)
}

// validateSocial checks an AWS End User Messaging Social body: the linked number's and WABA's
// ARNs, and neither api_url nor api_token (the back-end's IAM role is the credential).
func (b settingsBody) validateSocial(old messaging.Settings, local bool) error {
	if !socialNumberARN().MatchString(b.PhoneNumberID) {
		return messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: phone_number_id (for aws-social, the linked phone number's ARN, arn:aws:social-messaging:REGION:ACCOUNT:phone-number-id/ID)")
	}
	if b.WABAID != "" && !socialWABAARN().MatchString(b.WABAID) {
		return messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: waba_id (for aws-social, the linked WABA's ARN, arn:aws:social-messaging:REGION:ACCOUNT:waba/ID)")
	}
	if b.APIURL != nil || b.APIToken != "" {
		return messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: api_url and api_token are not used with aws-social (the back-end's IAM role is the credential)")
	}
	return b.validateCommon(old, local)
}

// validateCommon checks what every provider's body shares: the platform URL and its token,
// and the display number.
func (b settingsBody) validateCommon(old messaging.Settings, local bool) error {
	if b.PlatformURL != nil && *b.PlatformURL != "" {
		u, err := url.Parse(*b.PlatformURL)
		if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || len(*b.PlatformURL) > 2000 ||
			(u.Scheme != "https" && !(local && u.Scheme == "http" && isLoopback(u.Hostname()))) {
			return messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: platform_url (an https URL without query or credentials)")
		}
		if b.PlatformToken == "" && !old.PlatformTokenSet {
			return messaging.Errorf(messaging.CodeUnprocessable, "Invalid or missing required parameter: platform_token (needed with platform_url)")
		}
	}
	if b.DisplayPhoneNumber != nil && *b.DisplayPhoneNumber != "" {
		if e164, err := phone.Parse(*b.DisplayPhoneNumber); err != nil || e164 != *b.DisplayPhoneNumber {
			return messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: display_phone_number (E.164, e.g. +447700900001)")
		}
	}
	return nil
}

// checkSecrets checks the body's secrets against the document's shape: at most 4096
// characters, no white space.
func (b settingsBody) checkSecrets() error {
	for _, kind := range secretKinds {
		if v := b.secrets()[kind]; utf8.RuneCountInString(v) > 4096 || strings.ContainsAny(v, " \t\r\n") {
			return messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: %s", kind)
		}
	}
	return nil
}

// secrets are the body's secrets by kind, empty when omitted.
func (b settingsBody) secrets() map[string]string {
	return map[string]string{messaging.SecretAPIToken: b.APIToken, messaging.SecretAppSecret: b.AppSecret, messaging.SecretVerifyToken: b.VerifyToken, messaging.SecretPlatformToken: b.PlatformToken,
		messaging.SecretDialog360HeaderSecret: b.Dialog360HeaderSecret}
}

// providerURL reports whether raw is an API URL of provider: https on one of its known hosts
// (no port, credentials, query or path), or, in the local stage only, any loopback URL.
func providerURL(provider, raw string, local bool) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	if local && isLoopback(u.Hostname()) && (u.Scheme == "http" || u.Scheme == "https") {
		return true
	}
	return u.Scheme == "https" && u.Port() == "" && strings.Trim(u.Path, "/") == "" &&
		messaging.KnownProviderHost(provider, strings.ToLower(u.Hostname()))
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
// and the token's last four characters. A PUT is all or nothing: the provider confirms the
// number and account belong to the token, then the secrets (a new revision) and the settings
// with their routes switch together.
func (a *API) settings(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
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
	if err := b.checkSecrets(); err != nil { // the body as sent, before a Twilio token stands in
		return a.fail(ctx, err)
	}
	if b.Provider == messaging.ProviderTwilio && b.APIToken != "" {
		// Twilio signs its webhooks with the auth token: for Twilio it is the webhook secret.
		_, b.AppSecret, _ = strings.Cut(b.APIToken, ":")
	}
	if err := b.validate(old, lambdaenv.IsLocal(a.Stage)); err != nil {
		return a.fail(ctx, err)
	}
	st := messaging.Settings{
		OrgID: p.OrgID, Provider: b.Provider, APIURL: b.url(),
		PhoneNumberID: b.PhoneNumberID, WABAID: b.WABAID,
		APITokenSet: true, APITokenLast4: old.APITokenLast4,
		AppSecretSet: old.AppSecretSet || b.AppSecret != "", VerifyTokenSet: old.VerifyTokenSet || b.VerifyToken != "",
		UpdatedAt: a.Now().UTC().Format("2006-01-02T15:04:05Z"), QuietHours: old.QuietHours,
		SecretsRev: old.SecretsRev, TokenProvider: old.TokenProvider, TokenURL: old.TokenURL,
		PlatformURL: old.PlatformURL, PlatformTokenSet: old.PlatformTokenSet || b.PlatformToken != "",
		Dialog360HeaderSecretSet: old.Dialog360HeaderSecretSet || b.Dialog360HeaderSecret != "",
	}
	if b.QuietHours != nil {
		st.QuietHours = *b.QuietHours
	}
	if b.PlatformURL != nil {
		st.PlatformURL = strings.TrimRight(*b.PlatformURL, "/")
	}
	st.AssistantEnabled, st.DisplayPhoneNumber = old.AssistantEnabled, old.DisplayPhoneNumber
	if b.AssistantEnabled != nil {
		st.AssistantEnabled = b.AssistantEnabled
	}
	if b.DisplayPhoneNumber != nil {
		st.DisplayPhoneNumber = *b.DisplayPhoneNumber
	}
	if b.APIToken != "" {
		st.APITokenLast4 = last4(b.APIToken)
		st.TokenProvider, st.TokenURL = b.Provider, b.url()
	}
	if !st.UsesToken() {
		// IAM is the credential: no token is kept, nor one carried over from another provider.
		st.APITokenSet, st.APITokenLast4, st.TokenProvider, st.TokenURL = false, "", "", ""
	}
	if b.APIToken != "" || st.PhoneNumberID != old.PhoneNumberID || st.WABAID != old.WABAID {
		if err := a.verifyOwnership(ctx, st, b.APIToken); err != nil {
			return a.fail(ctx, err)
		}
	}
	if err := a.saveSettings(ctx, old, st, b.secrets()); err != nil {
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
