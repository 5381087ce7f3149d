package messaging

// The providers an organisation can use.
const (
	ProviderMeta      = "meta"
	ProviderDialog360 = "360dialog"
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
	UpdatedAt          string `json:"updated_at,omitempty"`
	// QuietHours is "HH:MM-HH:MM" local time in which no reminder is sent; empty means the
	// default, 21:00-08:00.
	QuietHours string `json:"quiet_hours,omitempty"`
	// AssistantEnabled says whether PropLink Chat answers people's messages; absent (nil) means
	// on, the default.
	AssistantEnabled *bool `json:"assistant_enabled,omitempty"`
}

// AssistantOn reports whether the assistant answers the organisation's conversations: unless
// switched off, it does.
func (s Settings) AssistantOn() bool { return s.AssistantEnabled == nil || *s.AssistantEnabled }

// Configured reports whether sends can go: a provider, its URL, a number and a token.
func (s Settings) Configured() bool {
	return s.Provider != "" && s.APIURL != "" && s.PhoneNumberID != "" && s.APITokenSet
}
