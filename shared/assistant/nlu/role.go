package nlu

// Role is who is talking: it bounds which intents a message may have.
type Role string

// The three roles of the assistant.
const (
	RoleStaff      Role = "staff"
	RoleResident   Role = "resident"
	RoleContractor Role = "contractor"
)

// Intent is what a message asks for, one of the closed set below.
type Intent string

// The closed set of intents (the contract's string values).
const (
	IntentGreeting          Intent = "greeting"
	IntentHelp              Intent = "help"
	IntentBalance           Intent = "balance"
	IntentRaiseTicket       Intent = "raise_ticket"
	IntentCompleteWorkOrder Intent = "complete_work_order"
	IntentArrearsStatus     Intent = "arrears_status"
	IntentSiteSpend         Intent = "site_spend"
	IntentNextDemand        Intent = "next_demand"
	IntentPayInvoice        Intent = "pay_invoice"
	IntentTicketStatus      Intent = "ticket_status"
	IntentAcceptWorkOrder   Intent = "accept_work_order"
	IntentDeclineWorkOrder  Intent = "decline_work_order"
	IntentWorkOrderUpdate   Intent = "work_order_update"
	IntentUploadPhoto       Intent = "upload_photo"
	IntentListWorkOrders    Intent = "list_work_orders"
	IntentTalkToStaff       Intent = "talk_to_staff"
	IntentConfirmYes        Intent = "confirm_yes"
	IntentConfirmNo         Intent = "confirm_no"
	IntentChoose            Intent = "choose"
	IntentLinkCode          Intent = "link_code"
	IntentUnlink            Intent = "unlink"
	IntentUnknown           Intent = "unknown"
)

// common are the intents every role has.
var common = []Intent{IntentGreeting, IntentHelp, IntentConfirmYes, IntentConfirmNo, IntentChoose, IntentLinkCode, IntentUnknown}

// roleIntents is each role's own intents, beyond the common ones.
var roleIntents = map[Role][]Intent{
	RoleStaff: {IntentBalance, IntentRaiseTicket, IntentCompleteWorkOrder, IntentArrearsStatus,
		IntentSiteSpend, IntentTicketStatus, IntentUploadPhoto, IntentUnlink},
	RoleResident: {IntentRaiseTicket, IntentNextDemand, IntentPayInvoice, IntentTicketStatus,
		IntentTalkToStaff},
	RoleContractor: {IntentCompleteWorkOrder, IntentAcceptWorkOrder, IntentDeclineWorkOrder,
		IntentWorkOrderUpdate, IntentUploadPhoto, IntentListWorkOrders, IntentTalkToStaff},
}

// Intents returns the intents r may have, common ones first; an unknown role has only the common
// ones.
func (r Role) Intents() []Intent {
	out := append([]Intent(nil), common...)
	return append(out, roleIntents[r]...)
}

// Allows reports whether a message from r may have intent i.
func (r Role) Allows(i Intent) bool {
	for _, c := range common {
		if c == i {
			return true
		}
	}
	for _, c := range roleIntents[r] {
		if c == i {
			return true
		}
	}
	return false
}
