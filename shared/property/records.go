package property

import "time"

// Site is a block or estate the organisation manages.
type Site struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
}

// Unit is a flat or other space on a site ("Flat 3").
type Unit struct {
	ID     string `json:"id"`
	SiteID string `json:"site_id"`
	Label  string `json:"label"`
}

// Contact is a person linked to units: a leaseholder, tenant or resident.
type Contact struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Phone   string   `json:"phone,omitempty"` // E.164
	UnitIDs []string `json:"unit_ids"`
}

// Vendor is a contractor the organisation sends work orders to.
type Vendor struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Phone string `json:"phone,omitempty"` // E.164
}

// Balance is a unit's statement balance: positive means the leaseholder owes, negative that
// the account is in credit. Amounts are in pence.
type Balance struct {
	UnitID string `json:"unit_id"`
	Pence  int64  `json:"balance_pence"`
	AsAt   string `json:"as_at"` // YYYY-MM-DD
}

// Demand statuses (debtor invoices).
const (
	DemandDraft    = "Draft"
	DemandApproved = "Approved"
	DemandSent     = "Sent"
	DemandPaid     = "Paid"
	DemandVoided   = "Voided"
)

// Demand is a debtor invoice to a unit: service charge, ground rent or a fee.
type Demand struct {
	Ref        string `json:"ref"` // INV-YYYY-NNNN
	UnitID     string `json:"unit_id"`
	Kind       string `json:"kind"` // "Service charge", "Ground rent", …
	Pence      int64  `json:"amount_pence"`
	IssueDate  string `json:"issue_date"` // YYYY-MM-DD
	DueDate    string `json:"due_date"`   // YYYY-MM-DD
	Status     string `json:"status"`
	PaymentURL string `json:"payment_url,omitempty"` // the resident portal's payment page
}

// Open reports whether the demand is issued and unpaid (Approved or Sent).
func (d Demand) Open() bool { return d.Status == DemandApproved || d.Status == DemandSent }

// ArrearsStep is one step of an arrears chase.
type ArrearsStep struct {
	Day  int    `json:"day"`            // days after the due date
	Name string `json:"name"`           // "Second reminder email"
	Date string `json:"date,omitempty"` // YYYY-MM-DD it ran, or is due to run
}

// ArrearsCase is a unit's arrears chase: the steps run so far, the next one, and a pause.
type ArrearsCase struct {
	UnitID      string        `json:"unit_id"`
	Done        []ArrearsStep `json:"done"`
	Next        *ArrearsStep  `json:"next,omitempty"`
	Paused      bool          `json:"paused"`
	PauseReason string        `json:"pause_reason,omitempty"`
	PausedUntil string        `json:"paused_until,omitempty"` // YYYY-MM-DD
}

// Ticket categories and priorities.
var (
	Categories = []string{"Maintenance", "Complaint", "Query", "Antisocial behaviour", "Compliance", "Insurance", "Account", "Other"}
	Priorities = []string{"Urgent", "High", "Medium", "Low"}
)

// Ticket is a conversation thread about an issue (TKT-YYYY-NNNN).
type Ticket struct {
	Ref        string          `json:"ref"`
	SiteID     string          `json:"site_id,omitempty"`
	UnitID     string          `json:"unit_id,omitempty"`
	ReporterID string          `json:"reporter_id,omitempty"` // a contact id, or a staff user id
	Category   string          `json:"category"`
	Priority   string          `json:"priority"`
	Status     string          `json:"status"` // Open, In progress, Resolved, Closed
	Title      string          `json:"title"`
	Messages   []TicketMessage `json:"messages,omitempty"` // public messages only, oldest first
	CreatedAt  time.Time       `json:"created_at"`
}

// TicketMessage is a public message on a ticket (internal notes never leave the platform).
type TicketMessage struct {
	ID            string    `json:"id"`
	Author        string    `json:"author"`      // display name
	AuthorKind    string    `json:"author_kind"` // staff, resident, contractor
	Text          string    `json:"text"`
	AttachmentIDs []string  `json:"attachment_ids,omitempty"`
	At            time.Time `json:"at"`
}

// NewTicket is what raising a ticket needs.
type NewTicket struct {
	SiteID, UnitID, ReporterID string
	Category, Priority, Title  string
	Opening                    TicketMessage
	IdempotencyKey             string // the WhatsApp message id that raised it: a retry raises no second ticket
}

// Work order statuses.
const (
	WorkOrderSent          = "Sent for quote"
	WorkOrderApproved      = "Approved"
	WorkOrderInProgress    = "In progress"
	WorkOrderCompleted     = "Completed"
	WorkOrderPendingReview = "Pending review"
	WorkOrderCancelled     = "Cancelled"
)

// WorkOrder is a job for a contractor (WO-YYYY-NNNN).
type WorkOrder struct {
	Ref         string   `json:"ref"`
	SiteID      string   `json:"site_id"`
	UnitID      string   `json:"unit_id,omitempty"`
	Title       string   `json:"title"`
	Scope       string   `json:"scope,omitempty"`
	Deadline    string   `json:"deadline,omitempty"` // YYYY-MM-DD
	AccessNotes string   `json:"access_notes,omitempty"`
	Status      string   `json:"status"`
	VendorID    string   `json:"vendor_id,omitempty"`   // awarded to
	InvitedIDs  []string `json:"invited_ids,omitempty"` // vendors invited to quote or accept
	CostPence   int64    `json:"cost_pence,omitempty"`
	UpdatedAt   string   `json:"updated_at,omitempty"`
	// CostDate is the day (YYYY-MM-DD) the cost counts against the site's spend.
	CostDate string `json:"cost_date,omitempty"`
	// AttachmentIDs are the photos and completion evidence on the work order, oldest first.
	AttachmentIDs []string `json:"attachment_ids,omitempty"`
	// Notes are the progress notes, oldest first.
	Notes []WorkOrderNote `json:"notes,omitempty"`
}

// Involves reports whether the vendor was invited to or awarded the work order.
func (w WorkOrder) Involves(vendorID string) bool {
	if vendorID == "" {
		return false
	}
	if w.VendorID == vendorID {
		return true
	}
	for _, id := range w.InvitedIDs {
		if id == vendorID {
			return true
		}
	}
	return false
}

// WorkOrderUpdate is a change to a work order from the field or from staff.
type WorkOrderUpdate struct {
	Status         string   // new status, or "" to leave it
	VendorID       string   // set when a contractor accepts
	Note           string   // a progress note, kept on the work order
	AttachmentIDs  []string // photos (S3 attachments of this organisation)
	By             string   // who: a vendor id or a staff user id
	IdempotencyKey string   // the WhatsApp message id behind the update
}

// Spend is what a site cost in one calendar month: bills and work-order costs, against budget.
type Spend struct {
	SiteID          string `json:"site_id"`
	Month           string `json:"month"` // YYYY-MM
	BillsPence      int64  `json:"bills_pence"`
	WorkOrdersPence int64  `json:"work_orders_pence"`
	BudgetPence     int64  `json:"budget_pence,omitempty"` // for the month, when known
	BillCount       int    `json:"bill_count"`
	WorkOrderCount  int    `json:"work_order_count"`
}

// Total is the month's spend.
func (s Spend) Total() int64 { return s.BillsPence + s.WorkOrdersPence }
