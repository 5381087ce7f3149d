package assistant

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/property"
)

// myDemands are the demands of the resident's own units.
func (c *conv) myDemands(ctx context.Context) ([]property.Demand, error) {
	var out []property.Demand
	for _, u := range c.who.UnitIDs {
		ds, err := c.s.Platform.Demands(ctx, c.t.OrgID, u)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			if d.UnitID == u || d.UnitID == "" {
				d.UnitID = u
				out = append(out, d)
			}
		}
	}
	return out, nil
}

// nearestOpen is the open demand with the earliest due date, and how many are open.
func nearestOpen(ds []property.Demand) (property.Demand, int) {
	var best property.Demand
	n := 0
	for _, d := range ds {
		if !d.Open() {
			continue
		}
		if n == 0 || d.DueDate < best.DueDate {
			best = d
		}
		n++
	}
	return best, n
}

// nextDemand answers when the resident's next demand is due: number, amount and date.
func nextDemand(ctx context.Context, c *conv, r *request) error {
	ds, err := c.myDemands(ctx)
	if err != nil {
		return c.failed(r, err)
	}
	d, n := nearestOpen(ds)
	if n == 0 {
		c.say(r, "demand.viewed", "You have no demands due. Nothing to pay right now.")
		return nil
	}
	text := fmt.Sprintf("Your next demand is %s: %s %s for %s, due %s.", d.Ref, money(d.Pence), lower(d.Kind), c.dir.unitLabel(d.UnitID), day(d.DueDate))
	if n > 1 {
		text += fmt.Sprintf(" You have %d open demands.", n)
	}
	c.say(r, "demand.viewed", text+" Reply \"pay\" for a payment link.", d.Ref)
	return nil
}

// payInvoice gives the payment link of the resident's demand (the one named, or the next due):
// the resident portal's page, never card details in chat.
func payInvoice(ctx context.Context, c *conv, r *request) error {
	ds, err := c.myDemands(ctx)
	if err != nil {
		return c.failed(r, err)
	}
	var d property.Demand
	if ref, named := r.ents[EntInvoice]; named {
		found := false
		for _, x := range ds {
			if x.Ref == ref {
				d, found = x, true
			}
		}
		if !found {
			c.notYours(r)
			return nil
		}
		if !d.Open() {
			c.say(r, "demand.viewed", fmt.Sprintf("%s has nothing to pay (%s).", d.Ref, d.Status), d.Ref)
			return nil
		}
	} else if d, _ = nearestOpen(ds); d.Ref == "" {
		c.say(r, "demand.viewed", "You have no demands due. Nothing to pay right now.")
		return nil
	}
	what := fmt.Sprintf("%s (%s, due %s)", d.Ref, money(d.Pence), day(d.DueDate))
	if d.PaymentURL == "" {
		c.say(r, "payment_link.missing", what+" can't be paid online yet. Please contact the office.", d.Ref)
		return nil
	}
	c.say(r, "payment_link.sent", "To pay "+what+", use this secure link:\n"+d.PaymentURL+"\nWe never ask for card details in chat.", d.Ref)
	return nil
}

// lower lowercases a demand kind for a sentence ("Service charge" → "service charge").
func lower(kind string) string {
	if kind == "" {
		return "demand"
	}
	b := []rune(kind)
	if b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}
