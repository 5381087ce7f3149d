package api

import (
	"context"
	"slices"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/sending"
)

// The payloads of the invitation's quick-reply buttons, as the assistant reads them
// (shared/assistant: a ButtonID "wo:accept:<ref>" or "wo:decline:<ref>").
const (
	payloadAccept  = "wo:accept:"
	payloadDecline = "wo:decline:"
)

// invitationBody is POST /api/property/work-orders/{ref}/invitations's body.
type invitationBody struct {
	VendorID string `json:"vendor_id"`
}

// ParseInvitation validates an invitation's body: the vendor_id of one of the organisation's
// vendors, a record id as property.ValidID and the document's PropertyID write it; any other
// field is refused.
func ParseInvitation(r apigw.Request) (string, error) {
	var b invitationBody
	if err := decodeStrict(r, &b); err != nil {
		return "", err
	}
	if !property.ValidID(b.VendorID) {
		return "", messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: vendor_id")
	}
	return b.VendorID, nil
}

// invitationView is the answer to an invitation.
type invitationView struct {
	WorkOrderRef string `json:"work_order_ref"`
	VendorID     string `json:"vendor_id"`
	// Added is false when the vendor was already invited (the invitation is sent again).
	Added bool `json:"added"`
	noticeView
}

// invitableStatuses are the statuses of a work order still open to invitations (the ones the
// assistant lets a contractor accept from).
var invitableStatuses = []string{"", property.WorkOrderSent, property.WorkOrderApproved}

// workOrderInvitation is POST /api/property/work-orders/{ref}/invitations: a vendor joins a
// work order's invited vendors in the built-in store and is sent the approved
// work_order_invitation template (reference, title, site, deadline) with Accept and Decline
// quick-reply buttons whose payloads the assistant acts on. Everything that could refuse it
// (the work order and vendor, an awarded or closed work order, the vendor's number and opt-out,
// a missing template) is checked before the invitation is written.
func (a *API) workOrderInvitation(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	ref := r.PathParameters["ref"]
	if !property.ValidRef(property.RefWorkOrder, ref) {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: ref (WO-YYYY-NNNN)"))
	}
	vendorID, err := ParseInvitation(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	return a.withIdempotency(ctx, p, r, "WOINV#"+ref, func(string) (apigw.Response, error) {
		return a.invite(ctx, p, ref, vendorID)
	})
}

func (a *API) invite(ctx context.Context, p messaging.Principal, ref, vendorID string) (apigw.Response, error) {
	rec, err := a.Property.GetRecord(ctx, p.OrgID, property.CollWorkOrders, ref)
	if err != nil {
		return a.refuse(ctx, err)
	}
	w, _ := rec.(property.WorkOrder)
	if !inScope(p, w.SiteID) {
		return a.refuse(ctx, messaging.Errorf(messaging.CodeNotFound, "The work order was not found. It may not exist, have been deleted, or belong to a different organisation."))
	}
	if rec, err = a.Property.GetRecord(ctx, p.OrgID, property.CollVendors, vendorID); err != nil {
		return a.refuse(ctx, err)
	}
	v, _ := rec.(property.Vendor)
	switch {
	case w.VendorID != "":
		return a.refuse(ctx, messaging.Errorf(messaging.CodeUnprocessable, "Work order %s is already awarded, so it takes no more invitations", ref))
	case !slices.Contains(invitableStatuses, w.Status):
		return a.refuse(ctx, messaging.Errorf(messaging.CodeUnprocessable, "Work order %s is %s, so it takes no more invitations", ref, w.Status))
	case v.Phone == "":
		return a.refuse(ctx, messaging.Errorf(messaging.CodeUnprocessable, "Vendor %s has no phone number to reach on WhatsApp; nothing was sent or saved", vendorID))
	}
	site := "the site"
	if rec, err := a.Property.GetRecord(ctx, p.OrgID, property.CollSites, w.SiteID); err == nil {
		site = rec.(property.Site).Name
	} else if messaging.ErrorCode(err) != messaging.CodeNotFound {
		return a.refuse(ctx, err)
	}
	tpl, err := a.approvedTemplate(ctx, p.OrgID, TemplateWorkOrderInvitation)
	if err != nil {
		return a.refuse(ctx, err)
	}
	pn, err := a.Send.PrepareNotice(ctx, p.OrgID, sending.Notice{
		ID: a.newRev(), Phone: v.Phone, TemplateName: TemplateWorkOrderInvitation, Template: tpl,
		Variables:    map[string]string{"work_order_ref": ref, "title": oneLine(w.Title, 200), "site": oneLine(site, 200), "deadline": longDate(w.Deadline)},
		QuickReplies: []string{payloadAccept + ref, payloadDecline + ref},
	})
	if err != nil {
		return a.refuse(ctx, err)
	}
	_, added, err := a.Property.InviteVendor(ctx, p.OrgID, ref, vendorID, p.UserID, "Invited "+v.Name+" via WhatsApp")
	if err != nil {
		return a.refuse(ctx, err)
	}
	res, err := a.Send.SendNotice(ctx, p, pn)
	if err != nil {
		// The vendor is invited; a retry with the same Idempotency-Key sends the invitation
		// without inviting twice.
		return apigw.WithHeaders(a.fail(ctx, err), rateHeaders(res)), err
	}
	return noticeAnswer(invitationView{WorkOrderRef: ref, VendorID: vendorID, Added: added, noticeView: noticeView{Delivery: deliveryOf(pn), WhatsApp: res}},
		res, "Invitation sent to the contractor on WhatsApp"), nil
}
