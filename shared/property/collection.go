package property

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"time"

	"github.com/proplink/chat/shared/messaging"
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

var (
	idPattern    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)
	monthPattern = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)
)

// ValidID reports whether id is a well-formed record id: 1-128 letters, digits, '.', '_' or
// '-', starting with a letter or digit.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// ValidDate reports whether s is a calendar date YYYY-MM-DD.
func ValidDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil && len(s) == len(time.DateOnly)
}

// ValidMonth reports whether s is a calendar month YYYY-MM.
func ValidMonth(s string) bool { return monthPattern.MatchString(s) }

// invalid is the API's 400 for one parameter.
func invalid(format string, args ...any) error {
	return messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: "+format, args...)
}

// text checks a required (or optional) free-text field's length.
func text(name, v string, required bool, max int) error {
	if (required && v == "") || len(v) > max {
		return invalid("%s (1-%d characters)", name, max)
	}
	return nil
}

// Check validates a record as the API receives it and returns it normalised: phone numbers in
// E.164 through parsePhone (the phone package's Parse), nil lists as empty ones. It answers a
// CodeInvalid *messaging.Error naming the first bad field.
func Check(r Record, parsePhone func(string) (string, error)) (Record, error) {
	id := r.RecordID()
	switch r.(type) {
	case Demand:
		if !ValidRef(RefInvoice, id) {
			return nil, invalid("ref (INV-YYYY-NNNN)")
		}
	case WorkOrder:
		if !ValidRef(RefWorkOrder, id) {
			return nil, invalid("ref (WO-YYYY-NNNN)")
		}
	case Balance, ArrearsCase:
		if !ValidID(id) {
			return nil, invalid("unit_id")
		}
	default:
		if !ValidID(id) {
			return nil, invalid("id (1-128 letters, digits, '.', '_' or '-')")
		}
	}
	phoneOf := func(p string) (string, error) {
		if p == "" {
			return "", nil
		}
		e164, err := parsePhone(p)
		if err != nil {
			return "", messaging.Errorf(messaging.CodeInvalid, messaging.MsgInvalidPhone)
		}
		return e164, nil
	}
	switch v := r.(type) {
	case Site:
		if err := text("name", v.Name, true, 200); err != nil {
			return nil, err
		}
		for _, a := range v.Aliases {
			if err := text("aliases", a, true, 200); err != nil {
				return nil, err
			}
		}
		return v, nil
	case Unit:
		if !ValidID(v.SiteID) {
			return nil, invalid("site_id")
		}
		return v, text("label", v.Label, true, 200)
	case Contact:
		if err := text("name", v.Name, true, 200); err != nil {
			return nil, err
		}
		if err := ids("unit_ids", v.UnitIDs); err != nil {
			return nil, err
		}
		if v.UnitIDs == nil {
			v.UnitIDs = []string{}
		}
		var err error
		v.Phone, err = phoneOf(v.Phone)
		return v, err
	case Vendor:
		if err := text("name", v.Name, true, 200); err != nil {
			return nil, err
		}
		var err error
		v.Phone, err = phoneOf(v.Phone)
		return v, err
	case Balance:
		if !ValidDate(v.AsAt) {
			return nil, invalid("as_at (YYYY-MM-DD)")
		}
		return v, nil // a negative balance is a credit
	case Demand:
		return v, checkDemand(v)
	case ArrearsCase:
		return v, checkArrears(v)
	case WorkOrder:
		return checkWorkOrder(v)
	case Bill:
		switch {
		case !ValidID(v.SiteID):
			return nil, invalid("site_id")
		case v.Pence < 0:
			return nil, invalid("amount_pence (0 or more)")
		case !ValidDate(v.Date):
			return nil, invalid("date (YYYY-MM-DD)")
		}
		if err := text("supplier", v.Supplier, true, 200); err != nil {
			return nil, err
		}
		return v, text("description", v.Description, false, 1000)
	case Budget:
		switch {
		case !ValidID(v.SiteID):
			return nil, invalid("site_id")
		case !ValidMonth(v.Month):
			return nil, invalid("month (YYYY-MM)")
		case v.Pence < 0:
			return nil, invalid("amount_pence (0 or more)")
		}
		return v, nil
	}
	return nil, invalid("collection")
}

func ids(name string, list []string) error {
	for _, id := range list {
		if !ValidID(id) {
			return invalid("%s", name)
		}
	}
	return nil
}

// DemandStatuses are the statuses of a demand.
var DemandStatuses = []string{DemandDraft, "Pending approval", DemandApproved, DemandSent, DemandPaid, DemandVoided}

func checkDemand(d Demand) error {
	switch {
	case !ValidID(d.UnitID):
		return invalid("unit_id")
	case d.Pence < 0:
		return invalid("amount_pence (0 or more)")
	case !ValidDate(d.IssueDate):
		return invalid("issue_date (YYYY-MM-DD)")
	case !ValidDate(d.DueDate):
		return invalid("due_date (YYYY-MM-DD)")
	case !slices.Contains(DemandStatuses, d.Status):
		return invalid("status (one of %v)", DemandStatuses)
	}
	if d.PaymentURL != "" {
		u, err := url.Parse(d.PaymentURL)
		if err != nil || u.Scheme != "https" || u.Host == "" || len(d.PaymentURL) > 2000 {
			return invalid("payment_url (an https URL)")
		}
	}
	return text("kind", d.Kind, true, 100)
}

func checkArrears(a ArrearsCase) error {
	steps := slices.Clone(a.Done)
	if a.Next != nil {
		steps = append(steps, *a.Next)
	}
	for _, s := range steps {
		if s.Day < 0 || s.Day > 3650 {
			return invalid("day (0-3650)")
		}
		if err := text("name", s.Name, true, 200); err != nil {
			return err
		}
		if s.Date != "" && !ValidDate(s.Date) {
			return invalid("date (YYYY-MM-DD)")
		}
	}
	if a.PausedUntil != "" && !ValidDate(a.PausedUntil) {
		return invalid("paused_until (YYYY-MM-DD)")
	}
	return text("pause_reason", a.PauseReason, false, 500)
}

func checkWorkOrder(w WorkOrder) (Record, error) {
	switch {
	case !ValidID(w.SiteID):
		return nil, invalid("site_id")
	case w.UnitID != "" && !ValidID(w.UnitID):
		return nil, invalid("unit_id")
	case !slices.Contains(WorkOrderStatuses, w.Status):
		return nil, invalid("status (one of %v)", WorkOrderStatuses)
	case w.VendorID != "" && !ValidID(w.VendorID):
		return nil, invalid("vendor_id")
	case w.CostPence < 0:
		return nil, invalid("cost_pence (0 or more)")
	case w.Deadline != "" && !ValidDate(w.Deadline):
		return nil, invalid("deadline (YYYY-MM-DD)")
	case w.CostDate != "" && !ValidDate(w.CostDate):
		return nil, invalid("cost_date (YYYY-MM-DD)")
	case w.CostPence > 0 && w.CostDate == "":
		return nil, invalid("cost_date (YYYY-MM-DD, the day the cost counts against the site)")
	}
	if err := ids("invited_ids", w.InvitedIDs); err != nil {
		return nil, err
	}
	if err := ids("attachment_ids", w.AttachmentIDs); err != nil {
		return nil, err
	}
	for name, v := range map[string]string{"scope": w.Scope, "access_notes": w.AccessNotes} {
		if err := text(name, v, false, 4000); err != nil {
			return nil, err
		}
	}
	for _, n := range w.Notes {
		if err := text("notes", n.Text, false, 4000); err != nil {
			return nil, err
		}
	}
	return w, text("title", w.Title, true, 200)
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
