package messaging

// The kinds of an organisation's WhatsApp secrets. Every secret's name ends in its kind, so a
// policy can grant one kind of every organisation ("orgs/*/app_secret").
const (
	SecretAPIToken    = "api_token"    // the provider token (Meta) or D360-API-KEY (360dialog)
	SecretAppSecret   = "app_secret"   // the Meta app secret (Twilio: the auth token) that signs webhooks
	SecretVerifyToken = "verify_token" // the organisation's webhook verify token
	// SecretDialog360HeaderSecret is the value of the custom header the organisation set on its
	// 360dialog webhook URL, which proves a delivery on /webhooks/360dialog is 360dialog's.
	SecretDialog360HeaderSecret = "dialog360_header_secret"
	// SecretPlatformToken is the bearer token of the organisation's own property platform.
	SecretPlatformToken = "platform_token"
)

// OrgSecret names one kind of an organisation's WhatsApp secrets in revision rev (the
// settings' SecretsRev): "orgs/<org>/whatsapp/<rev>/<kind>", or "orgs/<org>/whatsapp/<kind>"
// when rev is empty. A revision's secrets are written once and never changed, so a changed
// secret is a new revision, switched to together with the settings. The secret store keeps
// the names under its own prefix.
func OrgSecret(orgID, rev, kind string) string {
	if rev == "" {
		return "orgs/" + orgID + "/whatsapp/" + kind
	}
	return "orgs/" + orgID + "/whatsapp/" + rev + "/" + kind
}

// Secret names the settings' secret of kind, in the settings' revision.
func (s Settings) Secret(kind string) string { return OrgSecret(s.OrgID, s.SecretsRev, kind) }
