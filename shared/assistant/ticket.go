package assistant

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/proplink/chat/shared/property"
)

// Ticket defaults when the message names no category or priority (the confirmation shows them).
const (
	defaultCategory = "Maintenance"
	defaultPriority = "Medium"
)

// raiseTicket raises a ticket from a message, after a yes: staff on the site or unit the words
// name, a resident on their own unit.
func raiseTicket(ctx context.Context, c *conv, r *request) error {
	siteID, unitID, ok := c.ticketPlace(r)
	if !ok {
		return nil
	}
	category, priority := r.ents[EntCategory], r.ents[EntPriority]
	if !slices.Contains(property.Categories, category) {
		category = defaultCategory
	}
	if !slices.Contains(property.Priorities, priority) {
		priority = defaultPriority
	}
	if !r.confirmed {
		where := c.dir.siteName(siteID)
		if unitID != "" {
			where = c.dir.unitLabel(unitID)
		}
		c.confirm(r, fmt.Sprintf("Raise a %s ticket (%s priority) for %s%s?\n\"%s\"", category, priority, where,
			photos(len(r.origin.AttachmentIDs)), clip(r.origin.Text, 300)), placeRecords(siteID, unitID)...)
		return nil
	}
	return c.createTicket(ctx, r, siteID, unitID, category, priority)
}

// ticketPlace is where a ticket goes: staff name a unit or a site (asked when missing); a
// resident's is their unit (a choice when they have several).
func (c *conv) ticketPlace(r *request) (siteID, unitID string, ok bool) {
	if c.who.Role == RoleResident {
		if _, named := r.ents[EntUnit]; !named && len(c.scopedCandidates(r, EntUnit)) == 0 {
			if len(c.dir.Units) == 1 {
				r.set(EntUnit, c.dir.Units[0].ID)
			} else {
				for _, u := range c.dir.Units {
					r.cands = addCandidate(r.cands, EntUnit, u.ID)
				}
			}
		}
		if unitID, ok = c.need(r, EntUnit, "Which of your units is it about?"); !ok {
			return "", "", false
		}
		u, _ := c.dir.unit(unitID)
		return u.SiteID, unitID, true
	}
	if unitID = r.ents[EntUnit]; unitID != "" {
		u, _ := c.dir.unit(unitID)
		return u.SiteID, unitID, true
	}
	if len(c.scopedCandidates(r, EntUnit)) > 1 {
		c.need(r, EntUnit, "")
		return "", "", false
	}
	if siteID, ok = c.site(r, "Which site is it at?"); !ok {
		return "", "", false
	}
	return siteID, "", true
}

// createTicket raises the ticket with the request's message as its opening message, keyed by
// that message's id, and replies with its reference.
func (c *conv) createTicket(ctx context.Context, r *request, siteID, unitID, category, priority string) error {
	reporter := c.who.ContactID
	if c.who.Role == RoleStaff {
		reporter = c.who.UserID
	}
	tk, err := c.s.Platform.CreateTicket(ctx, c.t.OrgID, property.NewTicket{
		SiteID: siteID, UnitID: unitID, ReporterID: reporter, Category: category, Priority: priority,
		Title: clip(firstLine(r.origin.Text), 80),
		Opening: property.TicketMessage{
			ID: r.origin.MessageID, Author: c.who.Name, AuthorKind: string(c.who.Role), Text: r.origin.Text,
			AttachmentIDs: r.origin.AttachmentIDs, At: c.now,
		},
		IdempotencyKey: r.origin.MessageID,
	})
	if err != nil {
		return c.failed(r, err)
	}
	if err := c.ticketCreated(ctx, r, tk); err != nil {
		return err
	}
	c.say(r, "ticket.created", fmt.Sprintf("Raised %s (%s, %s priority)%s. We'll reply here.", tk.Ref, category, priority,
		photos(len(r.origin.AttachmentIDs))), append([]string{tk.Ref}, placeRecords(siteID, unitID)...)...)
	return nil
}

// ticketStatus answers where a ticket stands, with its latest public message.
func ticketStatus(ctx context.Context, c *conv, r *request) error {
	ref, ok := c.need(r, EntTicket, "Which ticket? Send its reference, like TKT-YYYY-NNNN.")
	if !ok {
		return nil
	}
	tk, err := c.s.Platform.Ticket(ctx, c.t.OrgID, ref)
	if err != nil {
		return c.failed(r, err)
	}
	if !c.ticketVisible(tk) {
		c.notYours(r)
		return nil
	}
	text := fmt.Sprintf("%s: %s. Status %s (%s, %s priority).", tk.Ref, tk.Title, tk.Status, tk.Category, tk.Priority)
	if n := len(tk.Messages); n > 0 {
		m := tk.Messages[n-1]
		text += fmt.Sprintf("\nLatest, %s, %s: %s", m.At.Format("Mon 2 Jan 2006"), m.Author, clip(m.Text, 500))
	}
	c.say(r, "ticket.viewed", text, tk.Ref)
	return nil
}

// photos reads " with 2 photos", or "" for none.
func photos(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return " with 1 photo"
	}
	return fmt.Sprintf(" with %d photos", n)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func placeRecords(siteID, unitID string) []string {
	var out []string
	for _, id := range []string{siteID, unitID} {
		if id != "" {
			out = append(out, id)
		}
	}
	return out
}

func addCandidate(m map[string][]Candidate, kind, id string) map[string][]Candidate {
	if m == nil {
		m = map[string][]Candidate{}
	}
	m[kind] = append(m[kind], Candidate{ID: id})
	return m
}
