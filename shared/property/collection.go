package property

import (
	"fmt"
)

// The collections of records the built-in store keeps and the API fills, by their path name.
const (
	CollSites      = "sites"
	CollUnits      = "units"
	CollContacts   = "contacts"
	CollVendors    = "vendors"
	CollBalances   = "balances"
	CollDemands    = "demands"
	CollArrears    = "arrears"
	CollWorkOrders = "work-orders"
	CollBills      = "bills"
	CollBudgets    = "budgets"
)

// Collections lists every collection, in the order the API documents them.
var Collections = []string{CollSites, CollUnits, CollContacts, CollVendors, CollBalances, CollDemands,
	CollArrears, CollWorkOrders, CollBills, CollBudgets}

// Record is one record of a collection, stored and answered whole.
type Record interface {
	// Collection names the record's collection.
	Collection() string
	// RecordID is the record's id within its collection (a unit id for balances and arrears
	// cases, the reference for demands and work orders).
	RecordID() string
}

// Collection names the record's collection.
func (Site) Collection() string { return CollSites }

// Collection names the record's collection.
func (Unit) Collection() string { return CollUnits }

// Collection names the record's collection.
func (Contact) Collection() string { return CollContacts }

// Collection names the record's collection.
func (Vendor) Collection() string { return CollVendors }

// Collection names the record's collection.
func (Balance) Collection() string { return CollBalances }

// Collection names the record's collection.
func (Demand) Collection() string { return CollDemands }

// Collection names the record's collection.
func (ArrearsCase) Collection() string { return CollArrears }

// Collection names the record's collection.
func (WorkOrder) Collection() string { return CollWorkOrders }

// Collection names the record's collection.
func (Bill) Collection() string { return CollBills }

// Collection names the record's collection.
func (Budget) Collection() string { return CollBudgets }

// RecordID is the site's id.
func (s Site) RecordID() string { return s.ID }

// RecordID is the unit's id.
func (u Unit) RecordID() string { return u.ID }

// RecordID is the contact's id.
func (c Contact) RecordID() string { return c.ID }

// RecordID is the vendor's id.
func (v Vendor) RecordID() string { return v.ID }

// RecordID is the unit's id: a unit has one statement balance.
func (b Balance) RecordID() string { return b.UnitID }

// RecordID is the demand's reference.
func (d Demand) RecordID() string { return d.Ref }

// RecordID is the unit's id: a unit has one arrears case.
func (a ArrearsCase) RecordID() string { return a.UnitID }

// RecordID is the work order's reference.
func (w WorkOrder) RecordID() string { return w.Ref }

// RecordID is the bill's id.
func (b Bill) RecordID() string { return b.ID }

// RecordID is the budget's id.
func (b Budget) RecordID() string { return b.ID }

// NewRecord returns a pointer to an empty record of the collection to decode into, or false
// for an unknown collection.
func NewRecord(collection string) (any, bool) {
	switch collection {
	case CollSites:
		return &Site{}, true
	case CollUnits:
		return &Unit{}, true
	case CollContacts:
		return &Contact{}, true
	case CollVendors:
		return &Vendor{}, true
	case CollBalances:
		return &Balance{}, true
	case CollDemands:
		return &Demand{}, true
	case CollArrears:
		return &ArrearsCase{}, true
	case CollWorkOrders:
		return &WorkOrder{}, true
	case CollBills:
		return &Bill{}, true
	case CollBudgets:
		return &Budget{}, true
	}
	return nil, false
}

// Deref returns the record a pointer from NewRecord points at.
func Deref(p any) Record {
	switch r := p.(type) {
	case *Site:
		return *r
	case *Unit:
		return *r
	case *Contact:
		return *r
	case *Vendor:
		return *r
	case *Balance:
		return *r
	case *Demand:
		return *r
	case *ArrearsCase:
		return *r
	case *WorkOrder:
		return *r
	case *Bill:
		return *r
	case *Budget:
		return *r
	}
	return nil
}

// String names a record for errors and logs: "sites/site-riverside".
func String(r Record) string { return fmt.Sprintf("%s/%s", r.Collection(), r.RecordID()) }

// WithID returns the record with its id (RecordID) set to id.
func WithID(r Record, id string) Record {
	switch v := r.(type) {
	case Site:
		v.ID = id
		return v
	case Unit:
		v.ID = id
		return v
	case Contact:
		v.ID = id
		return v
	case Vendor:
		v.ID = id
		return v
	case Balance:
		v.UnitID = id
		return v
	case Demand:
		v.Ref = id
		return v
	case ArrearsCase:
		v.UnitID = id
		return v
	case WorkOrder:
		v.Ref = id
		return v
	case Bill:
		v.ID = id
		return v
	case Budget:
		v.ID = id
		return v
	}
	return r
}
