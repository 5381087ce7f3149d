package assistant

import (
	"context"
	"fmt"
	"strings"
)

// menus are what each role can ask, as help lists it.
var menus = map[Role][]string{
	RoleStaff: {
		"a leaseholder's balance: \"balance\" and a name, or a flat and site",
		"raise a ticket: describe the problem and where, e.g. \"leak in flat 3 at <site>, urgent\"",
		"complete a work order: \"WO-YYYY-NNNN done\" with a photo",
		"arrears: \"has the arrears chase gone out for <name>?\"",
		"spend: \"spend at <site> this month\"",
		"a ticket: \"status of TKT-YYYY-NNNN\"",
		"photos onto a work order: send them with the WO reference",
		"\"unlink\" to disconnect this number",
	},
	RoleResident: {
		"your next demand: \"when is my next bill due?\"",
		"pay: \"how do I pay?\" (you get a secure payment link)",
		"report a problem: \"the hallway light is broken\" (photos welcome)",
		"a ticket: \"any news on TKT-YYYY-NNNN?\"",
		"a person: \"speak to someone\"",
	},
	RoleContractor: {
		"your jobs: \"my jobs\"",
		"accept or decline an invitation: \"accept WO-YYYY-NNNN\"",
		"updates from site: \"on site now\", \"waiting for parts\"",
		"photos: send them with the WO reference",
		"finish: \"job done\" with a photo",
		"a person: \"speak to someone\"",
	},
}

// help lists what the caller can do in their role.
func help(_ context.Context, c *conv, r *request) error {
	c.say(r, "help.shown", "Here's what I can do:\n• "+strings.Join(menus[c.who.Role], "\n• ")+"\nReply cancel to stop a question.")
	return nil
}

// greeting says hello.
func greeting(_ context.Context, c *conv, r *request) error {
	hello := "Hello"
	if n := firstName(c.who.Name); n != "" {
		hello += " " + n
	}
	c.say(r, "greeted", hello+greetingTail)
	return nil
}

// notUnderstood answers honestly and offers to pass the message to staff.
func notUnderstood(_ context.Context, c *conv, r *request) error {
	r.intent = intentHandoff
	c.confirm(r, "Sorry, I didn't understand that. Shall I pass your message to the team?")
	return nil
}

// handoff passes a message the assistant did not understand to staff once the person agreed:
// a resident's becomes a Query ticket on their unit, anyone else's flags the conversation.
func handoff(ctx context.Context, c *conv, r *request) error {
	if !r.confirmed {
		return notUnderstood(ctx, c, r)
	}
	if c.who.Role == RoleResident && len(c.who.UnitIDs) > 0 {
		unit, _ := c.dir.unit(c.who.UnitIDs[0])
		return c.createTicket(ctx, r, unit.SiteID, unit.ID, "Query", "Medium")
	}
	if err := c.s.Flags.Flag(ctx, c.t.OrgID, c.t.ConversationID, FlagNotUnderstood); err != nil {
		return fmt.Errorf("flag for staff: %w", err)
	}
	c.say(r, "conversation.flagged", "Done: I've passed it to the team, and someone will reply here.")
	return nil
}

// talkToStaff flags the conversation for a person.
func talkToStaff(ctx context.Context, c *conv, r *request) error {
	if err := c.s.Flags.Flag(ctx, c.t.OrgID, c.t.ConversationID, FlagTalkToStaff); err != nil {
		return fmt.Errorf("flag for staff: %w", err)
	}
	c.say(r, "conversation.flagged", "I've asked the team to pick this up; someone will reply here.")
	return nil
}

// nothingPending answers a yes, no, number or button when no question is waiting.
func nothingPending(_ context.Context, c *conv, r *request) error {
	c.say(r, "nothing_pending", "There's no question waiting for an answer (they expire after 15 minutes). Type help to see what I can do.")
	return nil
}

// linkCodeIntent redeems a linking code the understanding found inside a longer message.
func linkCodeIntent(ctx context.Context, c *conv, r *request) error {
	code, ok := r.ents[EntLinkCode]
	if !ok {
		return notUnderstood(ctx, c, r)
	}
	return c.redeem(ctx, code)
}
