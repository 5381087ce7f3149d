// Package propertytest holds the one conformance suite every property.Platform passes (the
// built-in store on moto, the HTTP adapter against a contract stub) and an in-memory platform
// for stubs and unit tests.
package propertytest

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// Seeder fills a platform with records and tickets as they are given.
type Seeder interface {
	PutRecord(ctx context.Context, orgID string, r property.Record) error
	PutTicket(ctx context.Context, orgID string, t property.Ticket) error
}

// Memory is a property.Platform in memory, with the built-in store's rules. Safe for
// concurrent use.
type Memory struct {
	Now func() time.Time

	mu       sync.Mutex
	records  map[string]property.Record // org/collection/id
	tickets  map[string]property.Ticket // org/ref
	counters map[string]int             // org/kind/year
	claims   map[string]string          // org/what/key → ref
	msgKeys  map[string]bool            // org/ref/key
	woKeys   map[string]bool            // org/ref/key
}

// NewMemory returns an empty platform.
func NewMemory() *Memory {
	return &Memory{Now: time.Now, records: map[string]property.Record{}, tickets: map[string]property.Ticket{},
		counters: map[string]int{}, claims: map[string]string{}, msgKeys: map[string]bool{}, woKeys: map[string]bool{}}
}

var (
	_ property.Platform = (*Memory)(nil)
	_ Seeder            = (*Memory)(nil)
)

func notFound(what string) error {
	return messaging.Errorf(messaging.CodeNotFound, "The %s was not found. It may not exist, have been deleted, or belong to a different organisation.", what)
}

// PutRecord stores a record as given.
func (m *Memory) PutRecord(_ context.Context, orgID string, r property.Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.records[orgID+"/"+r.Collection()+"/"+r.RecordID()] = r
	if w, ok := r.(property.WorkOrder); ok {
		m.raise(orgID, property.RefWorkOrder, w.Ref)
	}
	return nil
}

// PutTicket stores a ticket as given and raises the reference counter past it.
func (m *Memory) PutTicket(_ context.Context, orgID string, t property.Ticket) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tickets[orgID+"/"+t.Ref] = t
	m.raise(orgID, property.RefTicket, t.Ref)
	return nil
}

func (m *Memory) raise(orgID, kind, ref string) {
	i := strings.LastIndex(ref, "-")
	var seq int
	for _, c := range ref[i+1:] {
		seq = seq*10 + int(c-'0')
	}
	k := orgID + "/" + kind + "/" + ref[len(kind)+1:len(kind)+5]
	m.counters[k] = max(m.counters[k], seq)
}

// all returns the organisation's records of a collection in id order.
func all[T property.Record](m *Memory, orgID, collection string) []T {
	var out []T
	prefix := orgID + "/" + collection + "/"
	keys := make([]string, 0)
	for k := range m.records {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		out = append(out, m.records[k].(T))
	}
	return out
}

// PeopleByPhone returns the contacts and vendors with the number.
func (m *Memory) PeopleByPhone(_ context.Context, orgID, e164 string) (property.People, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := property.People{Contacts: []property.Contact{}, Vendors: []property.Vendor{}}
	for _, c := range all[property.Contact](m, orgID, property.CollContacts) {
		if e164 != "" && c.Phone == e164 {
			p.Contacts = append(p.Contacts, c)
		}
	}
	for _, v := range all[property.Vendor](m, orgID, property.CollVendors) {
		if e164 != "" && v.Phone == e164 {
			p.Vendors = append(p.Vendors, v)
		}
	}
	return p, nil
}

// Directory returns the sites, units and contacts, narrowed to siteIDs when not nil.
func (m *Memory) Directory(_ context.Context, orgID string, siteIDs []string) (property.Directory, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return property.NarrowDirectory(all[property.Site](m, orgID, property.CollSites), all[property.Unit](m, orgID, property.CollUnits),
		all[property.Contact](m, orgID, property.CollContacts), siteIDs), nil
}

func (m *Memory) get(orgID, collection, id, what string) (property.Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.records[orgID+"/"+collection+"/"+id]
	if !ok {
		return nil, notFound(what)
	}
	return r, nil
}

// Balance returns a unit's balance.
func (m *Memory) Balance(_ context.Context, orgID, unitID string) (property.Balance, error) {
	r, err := m.get(orgID, property.CollBalances, unitID, "balance")
	if err != nil {
		return property.Balance{}, err
	}
	return r.(property.Balance), nil
}

// Demands returns a unit's demands, newest due date first.
func (m *Memory) Demands(_ context.Context, orgID, unitID string) ([]property.Demand, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []property.Demand{}
	for _, d := range all[property.Demand](m, orgID, property.CollDemands) {
		if d.UnitID == unitID {
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b property.Demand) int { return strings.Compare(b.DueDate+b.Ref, a.DueDate+a.Ref) })
	return out, nil
}

// Arrears returns a unit's arrears case.
func (m *Memory) Arrears(_ context.Context, orgID, unitID string) (property.ArrearsCase, error) {
	r, err := m.get(orgID, property.CollArrears, unitID, "arrears case")
	if err != nil {
		return property.ArrearsCase{}, err
	}
	return r.(property.ArrearsCase), nil
}

// CreateTicket raises a ticket once per idempotency key.
func (m *Memory) CreateTicket(_ context.Context, orgID string, t property.NewTicket) (property.Ticket, error) {
	if err := property.CheckNewTicket(t); err != nil {
		return property.Ticket{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	claim := orgID + "/TICKET/" + t.IdempotencyKey
	if ref, ok := m.claims[claim]; ok {
		return m.tickets[orgID+"/"+ref], nil
	}
	now := m.Now().UTC()
	var ref string
	for {
		k := orgID + "/" + property.RefTicket + "/" + now.Format("2006")
		m.counters[k]++
		ref = property.FormatRef(property.RefTicket, now.Year(), m.counters[k])
		if _, taken := m.tickets[orgID+"/"+ref]; !taken {
			break
		}
	}
	msg := t.Opening
	if msg.ID == "" {
		msg.ID = t.IdempotencyKey
	}
	if msg.At.IsZero() {
		msg.At = now
	}
	tk := property.Ticket{Ref: ref, SiteID: t.SiteID, UnitID: t.UnitID, ReporterID: t.ReporterID, Category: t.Category,
		Priority: t.Priority, Status: "Open", Title: t.Title, CreatedAt: now, Messages: []property.TicketMessage{msg}}
	m.tickets[orgID+"/"+ref] = tk
	m.claims[claim] = ref
	m.msgKeys[orgID+"/"+ref+"/"+t.IdempotencyKey] = true
	return tk, nil
}

// Ticket returns a ticket with its messages.
func (m *Memory) Ticket(_ context.Context, orgID, ref string) (property.Ticket, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tickets[orgID+"/"+ref]
	if !ok {
		return property.Ticket{}, notFound("ticket")
	}
	t.Messages = slices.Clone(t.Messages)
	return t, nil
}

// AddTicketMessage adds a message once per idempotency key.
func (m *Memory) AddTicketMessage(_ context.Context, orgID, ref string, msg property.TicketMessage, key string) error {
	if err := property.CheckIdempotencyKey(key); err != nil {
		return err
	}
	if err := property.CheckTicketMessage(msg); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tickets[orgID+"/"+ref]
	if !ok {
		return notFound("ticket")
	}
	if m.msgKeys[orgID+"/"+ref+"/"+key] {
		return nil
	}
	if msg.ID == "" {
		msg.ID = key
	}
	if msg.At.IsZero() {
		msg.At = m.Now().UTC()
	}
	t.Messages = append(slices.Clone(t.Messages), msg)
	m.tickets[orgID+"/"+ref] = t
	m.msgKeys[orgID+"/"+ref+"/"+key] = true
	return nil
}

// WorkOrder returns one work order.
func (m *Memory) WorkOrder(_ context.Context, orgID, ref string) (property.WorkOrder, error) {
	r, err := m.get(orgID, property.CollWorkOrders, ref, "work order")
	if err != nil {
		return property.WorkOrder{}, err
	}
	return r.(property.WorkOrder), nil
}

// VendorWorkOrders returns the vendor's open work orders.
func (m *Memory) VendorWorkOrders(_ context.Context, orgID, vendorID string) ([]property.WorkOrder, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []property.WorkOrder{}
	for _, w := range all[property.WorkOrder](m, orgID, property.CollWorkOrders) {
		if w.Open() && w.Involves(vendorID) {
			out = append(out, w)
		}
	}
	return out, nil
}

// UpdateWorkOrder applies an update once per idempotency key.
func (m *Memory) UpdateWorkOrder(_ context.Context, orgID, ref string, u property.WorkOrderUpdate) (property.WorkOrder, error) {
	if err := property.CheckWorkOrderUpdate(u); err != nil {
		return property.WorkOrder{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	k := orgID + "/" + property.CollWorkOrders + "/" + ref
	r, ok := m.records[k]
	if !ok {
		return property.WorkOrder{}, notFound("work order")
	}
	w := r.(property.WorkOrder)
	if m.woKeys[orgID+"/"+ref+"/"+u.IdempotencyKey] {
		return w, nil
	}
	now := m.Now().UTC().Format(time.RFC3339)
	if u.Status != "" {
		w.Status = u.Status
	}
	if u.VendorID != "" && w.VendorID != "" && w.VendorID != u.VendorID {
		return property.WorkOrder{}, messaging.Errorf(messaging.CodeUnprocessable, "Work order %s is already awarded to another vendor", ref)
	}
	if u.VendorID != "" {
		w.VendorID = u.VendorID
	}
	if u.Note != "" {
		w.Notes = append(slices.Clone(w.Notes), property.WorkOrderNote{By: u.By, Text: u.Note, At: now})
	}
	w.AttachmentIDs = append(slices.Clone(w.AttachmentIDs), u.AttachmentIDs...)
	if len(w.AttachmentIDs) == 0 {
		w.AttachmentIDs = nil
	}
	w.UpdatedAt = now
	m.records[k] = w
	m.woKeys[orgID+"/"+ref+"/"+u.IdempotencyKey] = true
	return w, nil
}

// Spend adds up a site's month.
func (m *Memory) Spend(_ context.Context, orgID, siteID, month string) (property.Spend, error) {
	if !property.ValidMonth(month) {
		return property.Spend{}, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: month (YYYY-MM)")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	sp := property.Spend{SiteID: siteID, Month: month}
	for k, r := range m.records {
		if strings.HasPrefix(k, orgID+"/") {
			property.AddToSpend(&sp, r)
		}
	}
	return sp, nil
}
