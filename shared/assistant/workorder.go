package assistant

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/proplink/chat/shared/property"
)

// workOrder finds the work order a request is about and checks the speaker may act on it: staff
// in their scope, a contractor one awarded to them (or, with invited, one they were invited to).
// With no reference, a contractor's only match is taken and several are a choice. It answers
// (asks, or refuses) and returns false when there is none to act on.
func (c *conv) workOrder(ctx context.Context, r *request, invited bool) (property.WorkOrder, bool, error) {
	if _, named := r.ents[EntWorkOrder]; !named && c.who.Role == RoleContractor {
		mine, err := c.vendorWorkOrders(ctx, invited)
		if err != nil {
			return property.WorkOrder{}, false, c.failed(r, err)
		}
		switch len(mine) {
		case 0:
			c.say(r, "work_orders.none", "You have no work orders open for that.")
			return property.WorkOrder{}, false, nil
		case 1:
			r.set(EntWorkOrder, mine[0].Ref)
		default:
			var opts []Option
			for _, w := range mine {
				opts = append(opts, Option{Kind: EntWorkOrder, ID: w.Ref, Label: w.Ref + " " + w.Title})
			}
			c.choose(r, EntWorkOrder, "Which work order?", opts)
			return property.WorkOrder{}, false, nil
		}
	}
	ref, ok := c.need(r, EntWorkOrder, "Which work order? Send its reference, like WO-YYYY-NNNN.")
	if !ok {
		return property.WorkOrder{}, false, nil
	}
	w, err := c.s.Platform.WorkOrder(ctx, c.t.OrgID, ref)
	if err != nil {
		return w, false, c.failed(r, err)
	}
	allowed := c.workOrderVisible(w)
	if c.who.Role == RoleContractor && !invited {
		allowed = w.VendorID == c.who.VendorID
	}
	if !allowed {
		c.notYours(r)
		return w, false, nil
	}
	return w, true, nil
}

// vendorWorkOrders are the contractor's open work orders: the ones awarded to them, or with
// invited the invitations they have not answered.
func (c *conv) vendorWorkOrders(ctx context.Context, invited bool) ([]property.WorkOrder, error) {
	all, err := c.s.Platform.VendorWorkOrders(ctx, c.t.OrgID, c.who.VendorID)
	if err != nil {
		return nil, err
	}
	var out []property.WorkOrder
	for _, w := range all {
		open := w.Status != property.WorkOrderCompleted && w.Status != property.WorkOrderPendingReview && w.Status != property.WorkOrderCancelled
		switch {
		case !open || !w.Involves(c.who.VendorID):
		case invited && w.VendorID == "":
			out = append(out, w)
		case !invited && w.VendorID == c.who.VendorID:
			out = append(out, w)
		}
	}
	return out, nil
}

// completeWorkOrder marks a work order complete after a yes, with the photos sent as evidence;
// without a photo it asks for one or a yes to complete without.
func completeWorkOrder(ctx context.Context, c *conv, r *request) error {
	w, ok, err := c.workOrder(ctx, r, false)
	if !ok {
		return err
	}
	if w.Status != property.WorkOrderApproved && w.Status != property.WorkOrderInProgress {
		c.say(r, "work_order.refused", fmt.Sprintf("%s is %s, so it can't be marked complete.", w.Ref, w.Status), w.Ref)
		return nil
	}
	n := len(r.origin.AttachmentIDs)
	if !r.confirmed {
		q := fmt.Sprintf("Mark %s (%s) complete%s?", w.Ref, w.Title, photos(n))
		if n == 0 {
			q += " There's no photo yet: send one now to attach it as evidence, or tap Yes to complete without."
		}
		c.confirm(r, q, w.Ref)
		return nil
	}
	note := "Marked complete via WhatsApp by " + c.who.Name
	if t := strings.TrimSpace(r.origin.Text); t != "" {
		note += ": " + t
	}
	w, err = c.s.Platform.UpdateWorkOrder(ctx, c.t.OrgID, w.Ref, property.WorkOrderUpdate{
		Status: property.WorkOrderCompleted, Note: note, AttachmentIDs: r.origin.AttachmentIDs, By: c.byID(),
		IdempotencyKey: r.origin.MessageID,
	})
	if err != nil {
		return c.failed(r, err)
	}
	if err := c.workOrderUpdated(ctx, r, w); err != nil {
		return err
	}
	c.say(r, "work_order.completed", fmt.Sprintf("Done: %s is now %s%s.", w.Ref, w.Status, photos(n)), append([]string{w.Ref}, r.origin.AttachmentIDs...)...)
	return nil
}

// uploadPhoto attaches the message's photos to a work order.
func uploadPhoto(ctx context.Context, c *conv, r *request) error {
	if len(r.origin.AttachmentIDs) == 0 {
		c.say(r, "photo.missing", "Send the photo with the work order reference (WO-YYYY-NNNN) as its caption.")
		return nil
	}
	w, ok, err := c.workOrder(ctx, r, false)
	if !ok {
		return err
	}
	n := len(r.origin.AttachmentIDs)
	note := fmt.Sprintf("%d photo(s) added via WhatsApp by %s", n, c.who.Name)
	if t := strings.TrimSpace(r.origin.Text); t != "" {
		note += ": " + t
	}
	if w, err = c.s.Platform.UpdateWorkOrder(ctx, c.t.OrgID, w.Ref, property.WorkOrderUpdate{
		Note: note, AttachmentIDs: r.origin.AttachmentIDs, By: c.byID(), IdempotencyKey: r.origin.MessageID,
	}); err != nil {
		return c.failed(r, err)
	}
	if err := c.workOrderUpdated(ctx, r, w); err != nil {
		return err
	}
	c.say(r, "work_order.photos_added", fmt.Sprintf("Added %s to %s.", strings.TrimPrefix(photos(n), " with "), w.Ref), append([]string{w.Ref}, r.origin.AttachmentIDs...)...)
	return nil
}

// byID is who a write is by: the staff user or the vendor.
func (c *conv) byID() string {
	if c.who.Role == RoleContractor {
		return c.who.VendorID
	}
	return c.who.UserID
}

// workOrderUpdate keeps a contractor's progress note; "started" moves Approved to In progress.
func workOrderUpdate(ctx context.Context, c *conv, r *request) error {
	w, ok, err := c.workOrder(ctx, r, false)
	if !ok {
		return err
	}
	u := property.WorkOrderUpdate{Note: strings.TrimSpace(r.origin.Text), AttachmentIDs: r.origin.AttachmentIDs,
		By: c.byID(), IdempotencyKey: r.origin.MessageID}
	if r.ents[EntStatusHint] == StatusStarted && w.Status == property.WorkOrderApproved {
		u.Status = property.WorkOrderInProgress
	}
	if w, err = c.s.Platform.UpdateWorkOrder(ctx, c.t.OrgID, w.Ref, u); err != nil {
		return c.failed(r, err)
	}
	if err := c.workOrderUpdated(ctx, r, w); err != nil {
		return err
	}
	text := "Noted on " + w.Ref + photos(len(u.AttachmentIDs)) + "."
	if u.Status != "" {
		text += " Status: " + w.Status + "."
	}
	c.say(r, "work_order.updated", text, w.Ref)
	return nil
}

// acceptWorkOrder accepts an invitation after a yes: the work order is awarded to the contractor.
func acceptWorkOrder(ctx context.Context, c *conv, r *request) error {
	return c.answerInvitation(ctx, r, true)
}

// declineWorkOrder declines an invitation after a yes.
func declineWorkOrder(ctx context.Context, c *conv, r *request) error {
	return c.answerInvitation(ctx, r, false)
}

func (c *conv) answerInvitation(ctx context.Context, r *request, accept bool) error {
	w, ok, err := c.workOrder(ctx, r, true)
	if !ok {
		return err
	}
	verb := map[bool]string{true: "Accept", false: "Decline"}[accept]
	switch {
	case w.VendorID == c.who.VendorID:
		c.say(r, "invitation.answered", fmt.Sprintf("%s is already yours (%s).", w.Ref, w.Status), w.Ref)
		return nil
	case w.VendorID != "" || !slices.Contains(w.InvitedIDs, c.who.VendorID) ||
		(w.Status != property.WorkOrderSent && w.Status != property.WorkOrderApproved && w.Status != ""):
		c.say(r, "invitation.closed", fmt.Sprintf("%s is no longer open.", w.Ref), w.Ref)
		return nil
	}
	if !r.confirmed {
		site, err := c.siteOf(ctx, w.SiteID)
		if err != nil {
			return err
		}
		q := fmt.Sprintf("%s %s: %s at %s", verb, w.Ref, w.Title, site)
		if w.Deadline != "" {
			q += ", by " + day(w.Deadline)
		}
		c.confirm(r, q+"?", w.Ref)
		return nil
	}
	u := property.WorkOrderUpdate{Note: strings.TrimSuffix(verb, "e") + "ed by " + c.who.Name + " via WhatsApp", By: c.who.VendorID, IdempotencyKey: r.origin.MessageID}
	if accept {
		u.VendorID, u.Status = c.who.VendorID, property.WorkOrderApproved
	}
	if w, err = c.s.Platform.UpdateWorkOrder(ctx, c.t.OrgID, w.Ref, u); err != nil {
		return c.failed(r, err)
	}
	if err := c.workOrderUpdated(ctx, r, w); err != nil {
		return err
	}
	if !accept {
		c.say(r, "invitation.declined", fmt.Sprintf("Declined %s. Thanks for letting us know.", w.Ref), w.Ref)
		return nil
	}
	text := fmt.Sprintf("Accepted %s. Send updates and photos here.", w.Ref)
	if w.AccessNotes != "" {
		text += " Access: " + w.AccessNotes
	}
	c.say(r, "invitation.accepted", text, w.Ref)
	return nil
}

// listWorkOrders lists a contractor's open work orders and invitations.
func listWorkOrders(ctx context.Context, c *conv, r *request) error {
	all, err := c.s.Platform.VendorWorkOrders(ctx, c.t.OrgID, c.who.VendorID)
	if err != nil {
		return c.failed(r, err)
	}
	var lines, refs []string
	for _, w := range all {
		if !w.Involves(c.who.VendorID) || len(lines) == 10 {
			continue
		}
		site, err := c.siteOf(ctx, w.SiteID)
		if err != nil {
			return err
		}
		state := w.Status
		if w.VendorID == "" {
			state = "invitation"
		}
		lines = append(lines, fmt.Sprintf("• %s %s, %s (%s)", w.Ref, w.Title, site, state))
		refs = append(refs, w.Ref)
	}
	if len(lines) == 0 {
		c.say(r, "work_orders.listed", "You have no open work orders.")
		return nil
	}
	c.say(r, "work_orders.listed", "Your work orders:\n"+strings.Join(lines, "\n"), refs...)
	return nil
}

// siteOf names a work order's site: from the speaker's directory, or (a contractor's, whose
// directory is empty) the platform's record of that one site.
func (c *conv) siteOf(ctx context.Context, siteID string) (string, error) {
	if n := c.dir.siteName(siteID); n != "" {
		return n, nil
	}
	d, err := c.s.Platform.Directory(ctx, c.t.OrgID, []string{siteID})
	if err != nil {
		return "", fmt.Errorf("site of work order: %w", err)
	}
	for _, s := range d.Sites {
		if s.ID == siteID {
			return s.Name, nil
		}
	}
	return "the site", nil
}
