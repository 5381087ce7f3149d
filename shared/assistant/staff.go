package assistant

import (
	"context"
	"fmt"
	"strings"

	"github.com/proplink/chat/shared/messaging"
)

// staffBalance answers a leaseholder's balance by name, unit, or site and unit.
func staffBalance(ctx context.Context, c *conv, r *request) error {
	unitID, ok := c.targetUnit(r, "Whose balance? Send the leaseholder's name, or the unit and site.")
	if !ok {
		return nil
	}
	b, err := c.s.Platform.Balance(ctx, c.t.OrgID, unitID)
	if err != nil {
		return c.failed(r, err)
	}
	who := c.unitWho(unitID)
	var text string
	switch {
	case b.Pence > 0:
		text = fmt.Sprintf("%s owes %s as at %s.", who, money(b.Pence), day(b.AsAt))
	case b.Pence < 0:
		text = fmt.Sprintf("%s is in credit by %s as at %s.", who, money(-b.Pence), day(b.AsAt))
	default:
		text = fmt.Sprintf("%s has a zero balance as at %s.", who, day(b.AsAt))
	}
	c.say(r, "balance.viewed", text, unitID)
	return nil
}

// staffArrears answers where a unit's arrears chase stands.
func staffArrears(ctx context.Context, c *conv, r *request) error {
	unitID, ok := c.targetUnit(r, "Which leaseholder? Send their name, or the unit and site.")
	if !ok {
		return nil
	}
	a, err := c.s.Platform.Arrears(ctx, c.t.OrgID, unitID)
	if messaging.ErrorCode(err) == messaging.CodeNotFound {
		c.say(r, "arrears.viewed", fmt.Sprintf("No arrears chase is running for %s.", c.unitWho(unitID)), unitID)
		return nil
	}
	if err != nil {
		return c.failed(r, err)
	}
	parts := []string{"Arrears for " + c.unitWho(unitID) + ":"}
	if n := len(a.Done); n > 0 {
		parts = append(parts, fmt.Sprintf("last step %s on %s.", a.Done[n-1].Name, day(a.Done[n-1].Date)))
	} else {
		parts = append(parts, "no step has gone out yet.")
	}
	switch {
	case a.Paused:
		p := "Paused"
		if a.PausedUntil != "" {
			p += " until " + day(a.PausedUntil)
		}
		if a.PauseReason != "" {
			p += ": " + a.PauseReason
		}
		parts = append(parts, p+".")
	case a.Next != nil:
		parts = append(parts, fmt.Sprintf("Next: %s on %s.", a.Next.Name, day(a.Next.Date)))
	}
	c.say(r, "arrears.viewed", strings.Join(parts, " "), unitID)
	return nil
}

// staffSpend answers a site's spend in a month (this month by default), against its budget.
func staffSpend(ctx context.Context, c *conv, r *request) error {
	siteID, ok := c.site(r, "Which site?")
	if !ok {
		return nil
	}
	period := r.ents[EntPeriod]
	if period == "" {
		period = c.now.Format("2006-01")
	}
	sp, err := c.s.Platform.Spend(ctx, c.t.OrgID, siteID, period)
	if err != nil {
		return c.failed(r, err)
	}
	text := fmt.Sprintf("%s, %s: %s spent — bills %s (%d), work orders %s (%d).", c.dir.siteName(siteID), month(period),
		money(sp.Total()), money(sp.BillsPence), sp.BillCount, money(sp.WorkOrdersPence), sp.WorkOrderCount)
	switch left := sp.BudgetPence - sp.Total(); {
	case sp.BudgetPence == 0:
	case left >= 0:
		text += fmt.Sprintf(" Budget %s: %s left.", money(sp.BudgetPence), money(left))
	default:
		text += fmt.Sprintf(" Budget %s: %s over.", money(sp.BudgetPence), money(-left))
	}
	c.say(r, "spend.viewed", text, siteID)
	return nil
}

// staffUnlink removes the link of the sender's number.
func staffUnlink(ctx context.Context, c *conv, r *request) error {
	for _, n := range c.s.numbers(c.t) {
		if err := c.s.StaffLinks.Unlink(ctx, c.t.OrgID, n); err != nil {
			return fmt.Errorf("unlink: %w", err)
		}
	}
	c.sess.Role = ""
	c.say(r, "staff.unlinked", "Unlinked: this number is no longer linked to your PropLink account. Link it again under Profile → PropLink Chat.", c.who.UserID)
	return nil
}

// site is the site a request names; with none named, the only site in scope, or a choice.
func (c *conv) site(r *request, question string) (string, bool) {
	if _, named := r.ents[EntSite]; !named && len(c.scopedCandidates(r, EntSite)) == 0 {
		if len(c.dir.Sites) == 1 {
			r.set(EntSite, c.dir.Sites[0].ID)
		} else if len(c.dir.Sites) <= 9 {
			var opts []Option
			for _, s := range c.dir.Sites {
				opts = append(opts, Option{Kind: EntSite, ID: s.ID, Label: s.Name})
			}
			c.choose(r, EntSite, question, opts)
			return "", false
		}
	}
	return c.need(r, EntSite, question)
}

// targetUnit is the unit a staff question is about: the unit named, or the named contact's
// (a choice when they have several); with neither, it asks.
func (c *conv) targetUnit(r *request, question string) (string, bool) {
	if id, ok := r.ents[EntUnit]; ok {
		return id, true
	}
	_, contactNamed := r.ents[EntContact]
	if !contactNamed && len(c.scopedCandidates(r, EntContact)) == 0 {
		return c.need(r, EntUnit, question)
	}
	cid, ok := c.need(r, EntContact, question)
	if !ok {
		return "", false
	}
	ct, _ := c.dir.contact(cid)
	switch len(ct.UnitIDs) {
	case 0:
		c.notYours(r)
		return "", false
	case 1:
		r.set(EntUnit, ct.UnitIDs[0])
		return ct.UnitIDs[0], true
	}
	var opts []Option
	for _, id := range ct.UnitIDs {
		opts = append(opts, Option{Kind: EntUnit, ID: id, Label: c.dir.unitLabel(id)})
	}
	c.choose(r, EntUnit, "Which unit of "+ct.Name+"?", opts)
	return "", false
}

// unitWho reads "Jane Smith (Flat 1, Riverside Court)", or the unit alone when nobody is on it.
func (c *conv) unitWho(unitID string) string {
	if names := c.dir.contactsOf(unitID); len(names) > 0 {
		return strings.Join(names, " & ") + " (" + c.dir.unitLabel(unitID) + ")"
	}
	return c.dir.unitLabel(unitID)
}
