package platformhttp

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/proplink/chat/shared/property"
)

// The request bodies of the contract's writes.
type (
	wireMessage struct {
		ID            string    `json:"id,omitempty"`
		Author        string    `json:"author,omitempty"`
		AuthorKind    string    `json:"author_kind,omitempty"`
		Text          string    `json:"text"`
		AttachmentIDs []string  `json:"attachment_ids,omitempty"`
		At            time.Time `json:"at,omitzero"`
	}
	wireNewTicket struct {
		SiteID     string      `json:"site_id,omitempty"`
		UnitID     string      `json:"unit_id,omitempty"`
		ReporterID string      `json:"reporter_id,omitempty"`
		Category   string      `json:"category"`
		Priority   string      `json:"priority"`
		Title      string      `json:"title"`
		Opening    wireMessage `json:"opening"`
	}
	wireUpdate struct {
		Status        string   `json:"status,omitempty"`
		VendorID      string   `json:"vendor_id,omitempty"`
		Note          string   `json:"note,omitempty"`
		AttachmentIDs []string `json:"attachment_ids,omitempty"`
		By            string   `json:"by,omitempty"`
	}
)

func toWire(m property.TicketMessage) wireMessage {
	return wireMessage{ID: m.ID, Author: m.Author, AuthorKind: m.AuthorKind, Text: m.Text, AttachmentIDs: m.AttachmentIDs, At: m.At}
}

// PeopleByPhone is GET /people?phone=.
func (c *Client) PeopleByPhone(ctx context.Context, _ string, e164 string) (property.People, error) {
	var p property.People
	err := c.call(ctx, http.MethodGet, "/people", url.Values{"phone": {e164}}, nil, "", &p)
	return p, err
}

// Directory is GET /directory, with a site_id per site of the scope.
func (c *Client) Directory(ctx context.Context, _ string, siteIDs []string) (property.Directory, error) {
	if siteIDs != nil && len(siteIDs) == 0 {
		return property.Directory{Sites: []property.Site{}, Units: []property.Unit{}, Contacts: []property.Contact{}}, nil
	}
	var q url.Values
	if siteIDs != nil {
		q = url.Values{"site_id": siteIDs}
	}
	var d property.Directory
	err := c.call(ctx, http.MethodGet, "/directory", q, nil, "", &d)
	return d, err
}

// Balance is GET /units/{unit_id}/balance.
func (c *Client) Balance(ctx context.Context, _ string, unitID string) (property.Balance, error) {
	var b property.Balance
	err := c.call(ctx, http.MethodGet, "/units/"+pathID(unitID)+"/balance", nil, nil, "", &b)
	return b, err
}

// Demands is GET /units/{unit_id}/demands.
func (c *Client) Demands(ctx context.Context, _ string, unitID string) ([]property.Demand, error) {
	var d []property.Demand
	err := c.call(ctx, http.MethodGet, "/units/"+pathID(unitID)+"/demands", nil, nil, "", &d)
	return d, err
}

// Arrears is GET /units/{unit_id}/arrears.
func (c *Client) Arrears(ctx context.Context, _ string, unitID string) (property.ArrearsCase, error) {
	var a property.ArrearsCase
	err := c.call(ctx, http.MethodGet, "/units/"+pathID(unitID)+"/arrears", nil, nil, "", &a)
	return a, err
}

// CreateTicket is POST /tickets with the Idempotency-Key.
func (c *Client) CreateTicket(ctx context.Context, _ string, t property.NewTicket) (property.Ticket, error) {
	if err := property.CheckNewTicket(t); err != nil {
		return property.Ticket{}, err
	}
	body := wireNewTicket{SiteID: t.SiteID, UnitID: t.UnitID, ReporterID: t.ReporterID, Category: t.Category,
		Priority: t.Priority, Title: t.Title, Opening: toWire(t.Opening)}
	var tk property.Ticket
	err := c.call(ctx, http.MethodPost, "/tickets", nil, body, t.IdempotencyKey, &tk)
	return tk, err
}

// Ticket is GET /tickets/{ref}.
func (c *Client) Ticket(ctx context.Context, _ string, ref string) (property.Ticket, error) {
	var tk property.Ticket
	err := c.call(ctx, http.MethodGet, "/tickets/"+pathID(ref), nil, nil, "", &tk)
	return tk, err
}

// AddTicketMessage is POST /tickets/{ref}/messages with the Idempotency-Key.
func (c *Client) AddTicketMessage(ctx context.Context, _ string, ref string, m property.TicketMessage, idempotencyKey string) error {
	if err := property.CheckIdempotencyKey(idempotencyKey); err != nil {
		return err
	}
	if err := property.CheckTicketMessage(m); err != nil {
		return err
	}
	return c.call(ctx, http.MethodPost, "/tickets/"+pathID(ref)+"/messages", nil, toWire(m), idempotencyKey, nil)
}

// WorkOrder is GET /work-orders/{ref}.
func (c *Client) WorkOrder(ctx context.Context, _ string, ref string) (property.WorkOrder, error) {
	var w property.WorkOrder
	err := c.call(ctx, http.MethodGet, "/work-orders/"+pathID(ref), nil, nil, "", &w)
	return w, err
}

// VendorWorkOrders is GET /vendors/{vendor_id}/work-orders.
func (c *Client) VendorWorkOrders(ctx context.Context, _ string, vendorID string) ([]property.WorkOrder, error) {
	var ws []property.WorkOrder
	err := c.call(ctx, http.MethodGet, "/vendors/"+pathID(vendorID)+"/work-orders", nil, nil, "", &ws)
	return ws, err
}

// UpdateWorkOrder is POST /work-orders/{ref}/updates with the Idempotency-Key.
func (c *Client) UpdateWorkOrder(ctx context.Context, _ string, ref string, u property.WorkOrderUpdate) (property.WorkOrder, error) {
	if err := property.CheckWorkOrderUpdate(u); err != nil {
		return property.WorkOrder{}, err
	}
	body := wireUpdate{Status: u.Status, VendorID: u.VendorID, Note: u.Note, AttachmentIDs: u.AttachmentIDs, By: u.By}
	var w property.WorkOrder
	err := c.call(ctx, http.MethodPost, "/work-orders/"+pathID(ref)+"/updates", nil, body, u.IdempotencyKey, &w)
	return w, err
}

// Spend is GET /sites/{site_id}/spend?month=.
func (c *Client) Spend(ctx context.Context, _ string, siteID, month string) (property.Spend, error) {
	if !property.ValidMonth(month) {
		return property.Spend{}, invalidMonth()
	}
	var s property.Spend
	err := c.call(ctx, http.MethodGet, "/sites/"+pathID(siteID)+"/spend", url.Values{"month": {month}}, nil, "", &s)
	return s, err
}
