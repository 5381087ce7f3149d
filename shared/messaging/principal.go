package messaging

import "slices"

// The permission keys, in PropOps' dot notation.
const (
	PermWhatsAppSend     = "api.whatsapp.send"
	PermWhatsAppSettings = "api.whatsapp.settings.manage"
	PermJobsManage       = "api.jobs.manage"
	PermCaseNotesView    = "api.jobs.case-notes.view"
	// PermTokensManage lets an organisation's administrator list and revoke its API tokens.
	PermTokensManage   = "api.tokens.manage"
	PermPropertyView   = "api.property.view"
	PermPropertyManage = "api.property.manage"
)

// Principal is the authenticated caller: a user of one organisation with a set of permissions.
type Principal struct {
	OrgID       string   `json:"org_id"`
	UserID      string   `json:"user_id"`
	Name        string   `json:"name"`
	Permissions []string `json:"permissions"`
	// SiteIDs is the user's site scope; empty means every site of the organisation.
	SiteIDs []string `json:"site_ids,omitempty"`
}

// Can reports whether the principal holds the permission.
func (p Principal) Can(permission string) bool {
	return slices.Contains(p.Permissions, permission)
}

// Require returns a forbidden error unless the principal holds the permission.
func (p Principal) Require(permission string) error {
	if !p.Can(permission) {
		return Errorf(CodeForbidden, MsgForbidden)
	}
	return nil
}
