package property

import (
	"slices"
	"strings"

	"github.com/proplink/chat/shared/messaging"
)

// MaxMessageText bounds a ticket message's text and a work order note.
const MaxMessageText = 4096

// checkKey validates an idempotency key.
func checkKey(k string) error {
	if k == "" || len(k) > 512 {
		return messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: idempotency key (1-512 characters)")
	}
	return nil
}

// CheckNewTicket validates what raising a ticket needs; every Platform applies it.
func CheckNewTicket(t NewTicket) error {
	switch {
	case !slices.Contains(Categories, t.Category):
		return invalid("category (one of %s)", strings.Join(Categories, ", "))
	case !slices.Contains(Priorities, t.Priority):
		return invalid("priority (one of %s)", strings.Join(Priorities, ", "))
	case strings.TrimSpace(t.Title) == "" || len(t.Title) > 200:
		return invalid("title (1-200 characters)")
	case t.SiteID != "" && !ValidID(t.SiteID), t.UnitID != "" && !ValidID(t.UnitID):
		return invalid("site_id/unit_id")
	}
	if err := CheckTicketMessage(t.Opening); err != nil {
		return err
	}
	return checkKey(t.IdempotencyKey)
}

// CheckTicketMessage validates a ticket message.
func CheckTicketMessage(m TicketMessage) error {
	if len(m.Text) > MaxMessageText || len(m.Author) > 200 {
		return invalid("text (at most %d characters)", MaxMessageText)
	}
	if err := ids("attachment_ids", m.AttachmentIDs); err != nil {
		return err
	}
	return nil
}

// CheckIdempotencyKey validates the key a write carries.
func CheckIdempotencyKey(k string) error { return checkKey(k) }

// CheckWorkOrderUpdate validates a work order update; every Platform applies it.
func CheckWorkOrderUpdate(u WorkOrderUpdate) error {
	switch {
	case u.Status != "" && !slices.Contains(WorkOrderStatuses, u.Status):
		return invalid("status (one of %s)", strings.Join(WorkOrderStatuses, ", "))
	case u.VendorID != "" && !ValidID(u.VendorID):
		return invalid("vendor_id")
	case len(u.Note) > MaxMessageText:
		return invalid("note (at most %d characters)", MaxMessageText)
	}
	if err := ids("attachment_ids", u.AttachmentIDs); err != nil {
		return err
	}
	return checkKey(u.IdempotencyKey)
}
