package assistant

import (
	"time"

	"github.com/proplink/chat/shared/property"
)

// Understander is the deterministic understanding core as the assistant uses it (the
// functions/assistant wiring adapts shared/assistant/nlu to it). Both methods are pure: the same
// text, role, directory and time always give the same Understanding.
type Understander interface {
	// Parse reads a fresh message from a speaker in role, matching names against d only.
	Parse(text string, role Role, d property.Directory, now time.Time) Understanding
	// Fill reads the answer to a question asking for one entity of kind want; an answer that
	// is not one comes back as Parse would read it (the speaker changed the subject).
	Fill(text, want string, role Role, d property.Directory, now time.Time) Understanding
}

// Understanding is what a message was understood to mean, and why.
type Understanding struct {
	Intent     string
	Confidence float64
	// Entities holds each entity named once and unambiguously, by kind (the Ent* names),
	// normalised: references upper-case, sites/units/contacts as directory ids.
	Entities map[string]string
	// Candidates holds, for a site, unit or contact naming several records, all of them ranked.
	Candidates map[string][]Candidate
	// Trace lists the rules, keywords and records that produced the understanding.
	Trace []string
}

// Candidate is one record an ambiguous name may mean.
type Candidate struct {
	ID    string
	Label string
	Score float64
}

// The intents of the closed set (assistant-intents.md).
const (
	IntentGreeting          = "greeting"
	IntentHelp              = "help"
	IntentBalance           = "balance"
	IntentRaiseTicket       = "raise_ticket"
	IntentCompleteWorkOrder = "complete_work_order"
	IntentArrearsStatus     = "arrears_status"
	IntentSiteSpend         = "site_spend"
	IntentNextDemand        = "next_demand"
	IntentPayInvoice        = "pay_invoice"
	IntentTicketStatus      = "ticket_status"
	IntentAcceptWorkOrder   = "accept_work_order"
	IntentDeclineWorkOrder  = "decline_work_order"
	IntentWorkOrderUpdate   = "work_order_update"
	IntentUploadPhoto       = "upload_photo"
	IntentListWorkOrders    = "list_work_orders"
	IntentTalkToStaff       = "talk_to_staff"
	IntentConfirmYes        = "confirm_yes"
	IntentConfirmNo         = "confirm_no"
	IntentChoose            = "choose"
	IntentLinkCode          = "link_code"
	IntentUnlink            = "unlink"
	IntentUnknown           = "unknown"
)

// intentHandoff is the engine's own intent for passing a message it did not understand to staff.
const intentHandoff = "handoff"

// The entity kinds of the closed set.
const (
	EntTicket     = "ticket"
	EntWorkOrder  = "work_order"
	EntInvoice    = "invoice"
	EntSite       = "site"
	EntUnit       = "unit"
	EntContact    = "contact"
	EntCategory   = "category"
	EntPriority   = "priority"
	EntPeriod     = "period"
	EntAmount     = "amount"
	EntDate       = "date"
	EntChoice     = "choice"
	EntLinkCode   = "link_code"
	EntStatusHint = "status_hint"
)

// StatusStarted is the status_hint of a contractor who has started or is on site.
const StatusStarted = "started"
