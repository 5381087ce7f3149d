package assistant

import (
	"slices"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// NotYours is the one answer for a record that does not exist and for one the speaker may not
// see: it never reveals which.
const NotYours = "Not found or not yours."

// namesOutOfScope reports whether the request names a site, unit or contact the speaker may not
// see (understanding only matches the narrowed directory; this guards anything else).
func (c *conv) namesOutOfScope(r *request) bool {
	for _, kind := range []string{EntSite, EntUnit, EntContact} {
		if id, ok := r.ents[kind]; ok && !c.dir.has(kind, id) {
			return true
		}
	}
	return false
}

// scopedCandidates keeps the candidates of kind the speaker may see.
func (c *conv) scopedCandidates(r *request, kind string) []Candidate {
	var out []Candidate
	for _, cd := range r.cands[kind] {
		if c.dir.has(kind, cd.ID) {
			out = append(out, cd)
		}
	}
	return out
}

// staffSees reports whether a staff member's scope covers a site (their directory holds it).
func (c *conv) staffSees(siteID, unitID string) bool {
	if siteID != "" {
		_, ok := c.dir.site(siteID)
		return ok
	}
	_, ok := c.dir.unit(unitID)
	return ok
}

// ticketVisible reports whether the speaker may see a ticket: staff in their scope, a resident
// one they reported or on their units.
func (c *conv) ticketVisible(tk property.Ticket) bool {
	switch c.who.Role {
	case RoleStaff:
		return c.staffSees(tk.SiteID, tk.UnitID)
	case RoleResident:
		return (c.who.ContactID != "" && tk.ReporterID == c.who.ContactID) ||
			(tk.UnitID != "" && slices.Contains(c.who.UnitIDs, tk.UnitID))
	}
	return false
}

// workOrderVisible reports whether the speaker may see a work order: staff in their scope, a
// contractor one they were invited to or awarded.
func (c *conv) workOrderVisible(w property.WorkOrder) bool {
	switch c.who.Role {
	case RoleStaff:
		return c.staffSees(w.SiteID, w.UnitID)
	case RoleContractor:
		return w.Involves(c.who.VendorID)
	}
	return false
}

// notYours answers the one refusal.
func (c *conv) notYours(r *request, records ...string) {
	c.say(r, "refused", NotYours, records...)
}

// failed answers a platform error: not found is the one refusal, a permanent refusal is told
// plainly (nothing changed), anything else is returned for the turn to be retried.
func (c *conv) failed(r *request, err error) error {
	switch messaging.ErrorCode(err) {
	case messaging.CodeNotFound, messaging.CodeForbidden:
		c.notYours(r)
		return nil
	case messaging.CodeInvalid, messaging.CodeUnprocessable:
		c.say(r, "platform.refused", "Sorry, the property platform refused that, so nothing changed. Please contact the office.")
		return nil
	}
	return err
}
