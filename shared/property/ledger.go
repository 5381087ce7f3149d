package property

// Bill is a creditor invoice charged to a site: part of its spend in the month of its date.
type Bill struct {
	ID          string `json:"id"`
	SiteID      string `json:"site_id"`
	Supplier    string `json:"supplier"`
	Description string `json:"description,omitempty"`
	Pence       int64  `json:"amount_pence"`
	Date        string `json:"date"` // YYYY-MM-DD
}

// Budget is what a site may spend in one calendar month; a month's budgets add up.
type Budget struct {
	ID     string `json:"id"`
	SiteID string `json:"site_id"`
	Month  string `json:"month"` // YYYY-MM
	Pence  int64  `json:"amount_pence"`
}

// The work order statuses the records above do not name.
const (
	WorkOrderDraft  = "Draft"
	WorkOrderQuoted = "Quoted"
	WorkOrderClosed = "Closed"
)

// WorkOrderStatuses are a work order's statuses, in lifecycle order.
var WorkOrderStatuses = []string{WorkOrderDraft, WorkOrderSent, WorkOrderQuoted, WorkOrderApproved,
	WorkOrderInProgress, WorkOrderCompleted, WorkOrderPendingReview, WorkOrderClosed, WorkOrderCancelled}

// Open reports whether the work order still has work to do: not completed, in review, closed or
// cancelled.
func (w WorkOrder) Open() bool {
	switch w.Status {
	case WorkOrderCompleted, WorkOrderPendingReview, WorkOrderClosed, WorkOrderCancelled:
		return false
	}
	return true
}

// WorkOrderNote is a progress note on a work order.
type WorkOrderNote struct {
	By   string `json:"by"` // a vendor id or a staff user id
	Text string `json:"text"`
	At   string `json:"at"` // RFC 3339
}

// AddToSpend counts a bill, a costed work order or a budget of the spend's site and month into
// it; other records, and those of another site or month, leave it as it was.
func AddToSpend(sp *Spend, r Record) {
	inMonth := func(date string) bool { return len(date) >= 7 && date[:7] == sp.Month }
	switch v := r.(type) {
	case Bill:
		if v.SiteID == sp.SiteID && inMonth(v.Date) {
			sp.BillsPence += v.Pence
			sp.BillCount++
		}
	case WorkOrder:
		if v.SiteID == sp.SiteID && v.CostPence > 0 && inMonth(v.CostDate) {
			sp.WorkOrdersPence += v.CostPence
			sp.WorkOrderCount++
		}
	case Budget:
		if v.SiteID == sp.SiteID && v.Month == sp.Month {
			sp.BudgetPence += v.Pence
		}
	}
}
