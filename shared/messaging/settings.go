package messaging

// The providers an organisation can use.
const (
	ProviderMeta      = "meta"
	ProviderDialog360 = "360dialog"
	// ProviderTwilio is Twilio's Messages API: the settings' phone number id is the business
	// number (E.164) and the token is "<AccountSid>:<AuthToken>".
	ProviderTwilio = "twilio"
	// ProviderAWSSocial is AWS End User Messaging Social: the settings' phone number id is the
	// linked phone number's ARN and the WABA id the linked account's ARN; there is no API URL
	// or token, the back-end's IAM role is the credential.
	ProviderAWSSocial = "aws-social"
)

// Settings is an organisation's WhatsApp integration (Admin → Settings → Integrations →
// WhatsApp). Secrets are not here: they live in the secret store, and only whether they are set
// and the token's last four characters are kept beside the settings.
type Settings struct {
	OrgID         string `json:"-"`
	Provider      string `json:"provider"`
	APIURL        string `json:"api_url"`
	PhoneNumberID string `json:"phone_number_id"`
	WABAID        string `json:"waba_id"`
	// DisplayPhoneNumber is the business number people write to (E.164), when known: staff
	// send their WhatsApp link code to it.
	DisplayPhoneNumber string `json:"display_phone_number,omitempty"`
	APITokenSet        bool   `json:"api_token_set"`
	APITokenLast4      string `json:"api_token_last4,omitempty"`
	AppSecretSet       bool   `json:"app_secret_set"`
	VerifyTokenSet     bool   `json:"verify_token_set"`
	// Dialog360HeaderSecretSet says whether the custom header secret of the organisation's
	// 360dialog webhook URL is stored (SecretDialog360HeaderSecret).
	Dialog360HeaderSecretSet bool   `json:"dialog360_header_secret_set,omitempty"`
	UpdatedAt                string `json:"updated_at,omitempty"`
	// QuietHours is "HH:MM-HH:MM" local time in which no reminder is sent; empty means the
	// default, 21:00-08:00.
	QuietHours string `json:"quiet_hours,omitempty"`
	// PlatformURL is the organisation's own property platform (platformhttp's contract); empty
	// means the built-in store. Its token is a secret beside the provider's.
	PlatformURL      string `json:"platform_url,omitempty"`
	PlatformTokenSet bool   `json:"platform_token_set,omitempty"`
	// SecretsRev names the revision of the organisation's secrets in force (the secret store
	// keeps each revision under its own names); "" before the first revision.
	SecretsRev string `json:"-"`
	// TokenProvider and TokenURL are the provider and API URL the stored token was entered for:
	// the token is only ever sent there.
	TokenProvider string `json:"-"`
	TokenURL      string `json:"-"`
	// AssistantEnabled says whether PropLink Chat answers people's messages; absent (nil) means
	// on, the default.
	AssistantEnabled *bool `json:"assistant_enabled,omitempty"`
}

// TokenBound reports whether the stored token was entered for the settings' provider and API
// URL, so that it may be sent there.
func (s Settings) TokenBound() bool {
	return s.TokenURL != "" && s.TokenProvider == s.Provider && s.TokenURL == s.APIURL
}

// Route is what a provider's number or account id leads to: the organisation owning it and the
// revision of that organisation's secrets in force.
type Route struct {
	OrgID      string
	SecretsRev string
}

// providerHosts are the API hosts each provider answers on. A provider added later adds its
// own; a token is sent only to a host of its provider outside the local stage.
var providerHosts = map[string][]string{
	ProviderMeta:      {"graph.facebook.com"},
	ProviderDialog360: {"waba-v2.360dialog.io"},
	ProviderTwilio:    {"api.twilio.com"},
}

// KnownProviderHost reports whether host (a lower-case host name without a port) is one of
// provider's API hosts.
func KnownProviderHost(provider, host string) bool {
	for _, h := range providerHosts[provider] {
		if h == host {
			return true
		}
	}
	return false
}

// UsesToken reports whether the settings' provider takes an API token from the secret store:
// every provider but AWS End User Messaging Social, whose credential is the back-end's IAM role.
func (s Settings) UsesToken() bool { return s.Provider != ProviderAWSSocial }

// AssistantOn reports whether the assistant answers the organisation's conversations: unless
// switched off, it does.
func (s Settings) AssistantOn() bool { return s.AssistantEnabled == nil || *s.AssistantEnabled }

// Configured reports whether sends can go: a provider, its URL, a number and a token (for
// AWS End User Messaging Social, only the number's ARN).
func (s Settings) Configured() bool {
	if s.Provider == ProviderAWSSocial {
		return s.PhoneNumberID != ""
	}
	return s.Provider != "" && s.APIURL != "" && s.PhoneNumberID != "" && s.APITokenSet
}
