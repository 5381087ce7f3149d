package property

import "context"

// People is who a phone number is on the platform, within one organisation.
type People struct {
	Contacts []Contact `json:"contacts"`
	Vendors  []Vendor  `json:"vendors"`
}

// Directory is what the assistant's understanding may match words against: the sites, units and
// contacts a speaker may refer to. The caller narrows it to what the speaker may see.
type Directory struct {
	Sites    []Site    `json:"sites"`
	Units    []Unit    `json:"units"`
	Contacts []Contact `json:"contacts"`
}

// Platform is the property platform of one organisation, as the assistant uses it. Every method
// is scoped to orgID and answers a *messaging.Error with CodeNotFound for a record that does not
// exist in that organisation. Reads may be retried; each write carries an idempotency key (the
// WhatsApp message id that caused it) so that a retried write has one effect. Implementations
// are safe for concurrent use.
type Platform interface {
	// PeopleByPhone returns the contacts and vendors whose phone number is e164. A WhatsApp id
	// lacks the "+" and may differ from the stored number (the caller matches both ways with
	// the phone package before calling, and may call more than once).
	PeopleByPhone(ctx context.Context, orgID, e164 string) (People, error)
	// Directory returns the organisation's sites, units and contacts. siteIDs, when not nil,
	// keeps only those sites (a staff member's scope) and their units and contacts.
	Directory(ctx context.Context, orgID string, siteIDs []string) (Directory, error)
	// Balance returns a unit's statement balance.
	Balance(ctx context.Context, orgID, unitID string) (Balance, error)
	// Demands returns a unit's demands, newest due date first.
	Demands(ctx context.Context, orgID, unitID string) ([]Demand, error)
	// Arrears returns a unit's arrears case; CodeNotFound when the unit has none.
	Arrears(ctx context.Context, orgID, unitID string) (ArrearsCase, error)
	// CreateTicket raises a ticket and returns it with its reference.
	CreateTicket(ctx context.Context, orgID string, t NewTicket) (Ticket, error)
	// Ticket returns a ticket with its public messages.
	Ticket(ctx context.Context, orgID, ref string) (Ticket, error)
	// AddTicketMessage adds a public message to a ticket; idempotencyKey makes a retry a no-op.
	AddTicketMessage(ctx context.Context, orgID, ref string, m TicketMessage, idempotencyKey string) error
	// WorkOrder returns one work order.
	WorkOrder(ctx context.Context, orgID, ref string) (WorkOrder, error)
	// VendorWorkOrders returns the open work orders a vendor was invited to or awarded.
	VendorWorkOrders(ctx context.Context, orgID, vendorID string) ([]WorkOrder, error)
	// UpdateWorkOrder applies an update and returns the work order as it now stands.
	UpdateWorkOrder(ctx context.Context, orgID, ref string, u WorkOrderUpdate) (WorkOrder, error)
	// Spend returns a site's spend in a calendar month (YYYY-MM).
	Spend(ctx context.Context, orgID, siteID, month string) (Spend, error)
}
