package property

import "context"

// Routed is the Platform of every organisation at once: each call goes to the calling
// organisation's own platform, chosen by Platforms.For (the built-in store, or the HTTP adapter
// of the platform its settings name). A failure to choose is the call's error.
type Routed struct{ Platforms Platforms }

var _ Platform = Routed{}

// PeopleByPhone asks the organisation's platform.
func (r Routed) PeopleByPhone(ctx context.Context, orgID, e164 string) (People, error) {
	p, err := r.Platforms.For(ctx, orgID)
	if err != nil {
		return People{}, err
	}
	return p.PeopleByPhone(ctx, orgID, e164)
}

// Directory asks the organisation's platform.
func (r Routed) Directory(ctx context.Context, orgID string, siteIDs []string) (Directory, error) {
	p, err := r.Platforms.For(ctx, orgID)
	if err != nil {
		return Directory{}, err
	}
	return p.Directory(ctx, orgID, siteIDs)
}

// Balance asks the organisation's platform.
func (r Routed) Balance(ctx context.Context, orgID, unitID string) (Balance, error) {
	p, err := r.Platforms.For(ctx, orgID)
	if err != nil {
		return Balance{}, err
	}
	return p.Balance(ctx, orgID, unitID)
}

// Demands asks the organisation's platform.
func (r Routed) Demands(ctx context.Context, orgID, unitID string) ([]Demand, error) {
	p, err := r.Platforms.For(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return p.Demands(ctx, orgID, unitID)
}

// Arrears asks the organisation's platform.
func (r Routed) Arrears(ctx context.Context, orgID, unitID string) (ArrearsCase, error) {
	p, err := r.Platforms.For(ctx, orgID)
	if err != nil {
		return ArrearsCase{}, err
	}
	return p.Arrears(ctx, orgID, unitID)
}

// CreateTicket asks the organisation's platform.
func (r Routed) CreateTicket(ctx context.Context, orgID string, t NewTicket) (Ticket, error) {
	p, err := r.Platforms.For(ctx, orgID)
	if err != nil {
		return Ticket{}, err
	}
	return p.CreateTicket(ctx, orgID, t)
}

// Ticket asks the organisation's platform.
func (r Routed) Ticket(ctx context.Context, orgID, ref string) (Ticket, error) {
	p, err := r.Platforms.For(ctx, orgID)
	if err != nil {
		return Ticket{}, err
	}
	return p.Ticket(ctx, orgID, ref)
}

// AddTicketMessage asks the organisation's platform.
func (r Routed) AddTicketMessage(ctx context.Context, orgID, ref string, m TicketMessage, idempotencyKey string) error {
	p, err := r.Platforms.For(ctx, orgID)
	if err != nil {
		return err
	}
	return p.AddTicketMessage(ctx, orgID, ref, m, idempotencyKey)
}

// WorkOrder asks the organisation's platform.
func (r Routed) WorkOrder(ctx context.Context, orgID, ref string) (WorkOrder, error) {
	p, err := r.Platforms.For(ctx, orgID)
	if err != nil {
		return WorkOrder{}, err
	}
	return p.WorkOrder(ctx, orgID, ref)
}

// VendorWorkOrders asks the organisation's platform.
func (r Routed) VendorWorkOrders(ctx context.Context, orgID, vendorID string) ([]WorkOrder, error) {
	p, err := r.Platforms.For(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return p.VendorWorkOrders(ctx, orgID, vendorID)
}

// UpdateWorkOrder asks the organisation's platform.
func (r Routed) UpdateWorkOrder(ctx context.Context, orgID, ref string, u WorkOrderUpdate) (WorkOrder, error) {
	p, err := r.Platforms.For(ctx, orgID)
	if err != nil {
		return WorkOrder{}, err
	}
	return p.UpdateWorkOrder(ctx, orgID, ref, u)
}

// Spend asks the organisation's platform.
func (r Routed) Spend(ctx context.Context, orgID, siteID, month string) (Spend, error) {
	p, err := r.Platforms.For(ctx, orgID)
	if err != nil {
		return Spend{}, err
	}
	return p.Spend(ctx, orgID, siteID, month)
}
