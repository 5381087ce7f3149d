package property

import (
	"regexp"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/proplink/chat/shared/messaging"
)

var (
	idPattern    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`) })
	monthPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`) })
	// paymentURLPattern is an https URL: a host name, a port, and a path of unreserved,
	// reserved and percent-encoded characters.
	paymentURLPattern = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#]([A-Za-z0-9._~!$&'()*+,;=:@/?#-]|%[0-9A-Fa-f]{2})*)?$`)
	})
)

// MaxPence is the largest amount a record carries, in pence either way: 15 digits, exact in
// every JSON reader.
const MaxPence = 999_999_999_999_999

// ValidID reports whether id is a well-formed record id: 1-128 letters, digits, '.', '_' or
// '-', starting with a letter or digit.
func ValidID(id string) bool { return idPattern().MatchString(id) }

// CheckID checks the id of a record of the collection as a path names it: a reference for
// demands (INV-YYYY-NNNN) and work orders (WO-YYYY-NNNN), a record id (ValidID) otherwise. It
// answers a CodeInvalid *messaging.Error.
func CheckID(collection, id string) error {
	switch collection {
	case CollDemands:
		if !ValidRef(RefInvoice, id) {
			return invalid("ref (INV-YYYY-NNNN)")
		}
	case CollWorkOrders:
		if !ValidRef(RefWorkOrder, id) {
			return invalid("ref (WO-YYYY-NNNN)")
		}
	case CollBalances, CollArrears:
		if !ValidID(id) {
			return invalid("unit_id")
		}
	default:
		if !ValidID(id) {
			return invalid("id (1-128 letters, digits, '.', '_' or '-')")
		}
	}
	return nil
}

// ValidDate reports whether s is a calendar date YYYY-MM-DD.
func ValidDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil && len(s) == len(time.DateOnly)
}

// ValidMonth reports whether s is a calendar month YYYY-MM.
func ValidMonth(s string) bool { return monthPattern().MatchString(s) }

// invalid is the API's 400 for one parameter.
func invalid(format string, args ...any) error {
	return messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: "+format, args...)
}

// text checks a required (or optional) free-text field's length in characters.
func text(name, v string, required bool, max int) error {
	if (required && v == "") || utf8.RuneCountInString(v) > max {
		return invalid("%s (1-%d characters)", name, max)
	}
	return nil
}

// Check validates a record as the API receives it and returns it normalised: phone numbers in
// E.164 through parsePhone (the phone package's Parse), nil lists as empty ones. It answers a
// CodeInvalid *messaging.Error naming the first bad field.
func Check(r Record, parsePhone func(string) (string, error)) (Record, error) {
	if err := CheckID(r.Collection(), r.RecordID()); err != nil {
		return nil, err
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
		return v, pence("balance_pence", v.Pence, -MaxPence) // a negative balance is a credit
	case Demand:
		return v, checkDemand(v)
	case ArrearsCase:
		if v.Done == nil {
			v.Done = []ArrearsStep{}
		}
		return v, checkArrears(v)
	case WorkOrder:
		return checkWorkOrder(v)
	case Bill:
		switch {
		case !ValidID(v.SiteID):
			return nil, invalid("site_id")
		case !ValidDate(v.Date):
			return nil, invalid("date (YYYY-MM-DD)")
		}
		if err := pence("amount_pence", v.Pence, 0); err != nil {
			return nil, err
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
		}
		return v, pence("amount_pence", v.Pence, 0)
	}
	return nil, invalid("collection")
}

// pence checks an amount: from least (0, or -MaxPence for a balance) to MaxPence.
func pence(name string, v, least int64) error {
	switch {
	case v < least && least == 0:
		return invalid("%s (0 or more)", name)
	case v < least || v > MaxPence:
		return invalid("%s (%d to %d)", name, least, int64(MaxPence))
	}
	return nil
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
	case !ValidDate(d.IssueDate):
		return invalid("issue_date (YYYY-MM-DD)")
	case !ValidDate(d.DueDate):
		return invalid("due_date (YYYY-MM-DD)")
	case !slices.Contains(DemandStatuses, d.Status):
		return invalid("status (one of %v)", DemandStatuses)
	}
	if err := pence("amount_pence", d.Pence, 0); err != nil {
		return err
	}
	if d.PaymentURL != "" && (!paymentURLPattern().MatchString(d.PaymentURL) || len(d.PaymentURL) > 2000) {
		return invalid("payment_url (an https URL)")
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
	case w.CostPence < 0 || w.CostPence > MaxPence:
		return nil, pence("cost_pence", w.CostPence, 0)
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
