package assistant

import (
	"context"
	"slices"

	"github.com/proplink/chat/shared/messaging"
)

// staffNeeds is the permission each staff capability needs, as on the web: reading the
// platform's records needs api.property.view, changing them api.property.manage. A staff
// member's permissions come from the token they linked their number with.
var staffNeeds = map[string]string{
	IntentBalance:           messaging.PermPropertyView,
	IntentArrearsStatus:     messaging.PermPropertyView,
	IntentSiteSpend:         messaging.PermPropertyView,
	IntentTicketStatus:      messaging.PermPropertyView,
	IntentRaiseTicket:       messaging.PermPropertyManage,
	IntentCompleteWorkOrder: messaging.PermPropertyManage,
	IntentUploadPhoto:       messaging.PermPropertyManage,
}

// NotAllowed is the answer to staff asking for a capability their role does not include.
const NotAllowed = "Your PropLink role doesn't allow that. Ask an administrator if you need it."

// handler serves one capability of one role.
type handler func(ctx context.Context, c *conv, r *request) error

// capabilities are what each role can ask for.
var capabilities = map[Role]map[string]handler{
	RoleStaff: {
		IntentBalance:           staffBalance,
		IntentRaiseTicket:       raiseTicket,
		IntentCompleteWorkOrder: completeWorkOrder,
		IntentArrearsStatus:     staffArrears,
		IntentSiteSpend:         staffSpend,
		IntentTicketStatus:      ticketStatus,
		IntentUnlink:            staffUnlink,
		IntentUploadPhoto:       uploadPhoto,
	},
	RoleResident: {
		IntentNextDemand:   nextDemand,
		IntentPayInvoice:   payInvoice,
		IntentRaiseTicket:  raiseTicket,
		IntentTicketStatus: ticketStatus,
		IntentTalkToStaff:  talkToStaff,
	},
	RoleContractor: {
		IntentAcceptWorkOrder:   acceptWorkOrder,
		IntentDeclineWorkOrder:  declineWorkOrder,
		IntentWorkOrderUpdate:   workOrderUpdate,
		IntentUploadPhoto:       uploadPhoto,
		IntentCompleteWorkOrder: completeWorkOrder,
		IntentListWorkOrders:    listWorkOrders,
		IntentTalkToStaff:       talkToStaff,
	},
}

// everyone are the intents of every role.
var everyone = map[string]handler{
	IntentGreeting:   greeting,
	IntentHelp:       help,
	IntentUnknown:    notUnderstood,
	IntentConfirmYes: nothingPending,
	IntentConfirmNo:  nothingPending,
	IntentChoose:     nothingPending,
	intentStale:      nothingPending,
	IntentLinkCode:   linkCodeIntent,
	intentHandoff:    handoff,
}

// dispatch serves a request: anything naming a record outside the speaker's directory, or
// asking for a capability outside their role, gets the one refusal.
func (c *conv) dispatch(ctx context.Context, r *request) error {
	if c.namesOutOfScope(r) {
		c.notYours(r)
		return nil
	}
	if h, ok := capabilities[c.who.Role][r.intent]; ok {
		if need := staffNeeds[r.intent]; c.who.Role == RoleStaff && need != "" && !slices.Contains(c.who.Permissions, need) {
			c.say(r, "refused.role", NotAllowed)
			return nil
		}
		return h(ctx, c, r)
	}
	if h, ok := everyone[r.intent]; ok {
		return h(ctx, c, r)
	}
	c.notYours(r)
	return nil
}
