package assistant

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/proplink/chat/shared/messaging"
)

// linkCode is a staff linking code as sent from WhatsApp: "LINK 483920" or the bare 6 digits.
var linkCode = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?i:link\s*(?:code)?[\s:#-]*)?(\d{6})$`) })

// codeIn returns the linking code a message is, if it is one.
func codeIn(text string) (string, bool) {
	m := linkCode().FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return "", false
	}
	return m[1], true
}

// numbers are the E.164 forms the sender may be stored under: the turn's number and its
// WhatsApp id, each with its known national variants (Service.Variants).
func (s *Service) numbers(t Turn) []string {
	variants := s.Variants
	if variants == nil {
		variants = func(n string) []string { return []string{"+" + strings.TrimPrefix(n, "+")} }
	}
	var out []string
	for _, n := range []string{t.Phone, t.WAID} {
		if n == "" {
			continue
		}
		for _, v := range variants(n) {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// people returns everyone the sender is in the organisation, at most one speaker per role: a
// linked staff member, a resident (their contacts' units together), a contractor.
func (s *Service) people(ctx context.Context, t Turn) ([]Speaker, error) {
	var out []Speaker
	numbers := s.numbers(t)
	for _, n := range numbers {
		l, err := s.StaffLinks.LinkedStaff(ctx, t.OrgID, n)
		if messaging.ErrorCode(err) == messaging.CodeNotFound {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("linked staff: %w", err)
		}
		out = append(out, Speaker{Role: RoleStaff, Name: l.Name, UserID: l.UserID, SiteIDs: l.SiteIDs, Permissions: l.Permissions})
		break
	}
	var resident, contractor *Speaker
	for _, n := range numbers {
		p, err := s.Platform.PeopleByPhone(ctx, t.OrgID, n)
		if messaging.ErrorCode(err) == messaging.CodeNotFound {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("people by phone: %w", err)
		}
		for _, c := range p.Contacts {
			if resident == nil {
				resident = &Speaker{Role: RoleResident, Name: c.Name, ContactID: c.ID}
			}
			for _, u := range c.UnitIDs {
				if !slices.Contains(resident.UnitIDs, u) {
					resident.UnitIDs = append(resident.UnitIDs, u)
				}
			}
		}
		for _, v := range p.Vendors {
			if contractor == nil {
				contractor = &Speaker{Role: RoleContractor, Name: v.Name, VendorID: v.ID}
			}
		}
	}
	for _, sp := range []*Speaker{resident, contractor} {
		if sp != nil {
			out = append(out, *sp)
		}
	}
	return out, nil
}

// identify decides who is talking. It returns false when the turn is answered already (an
// unknown number, or a number that is several people asked which).
func (c *conv) identify(ctx context.Context) (bool, error) {
	people, err := c.s.people(ctx, c.t)
	if err != nil {
		return false, err
	}
	switch {
	case len(people) == 0:
		return false, c.unknownNumber(ctx)
	case len(people) == 1:
		c.who = people[0]
		return true, nil
	}
	for _, p := range people {
		if p.Role == c.sess.Role && c.sess.Role != "" {
			c.who = p
			return true, nil
		}
	}
	return c.whichRole(ctx, people)
}

// unknownNumber answers a number that matches nobody: one polite reply and a flag for staff,
// then silence.
func (c *conv) unknownNumber(ctx context.Context) error {
	if c.sess.UnknownTold {
		return nil
	}
	if err := c.s.Flags.Flag(ctx, c.t.OrgID, c.t.ConversationID, FlagUnknownContact); err != nil {
		return fmt.Errorf("flag unknown contact: %w", err)
	}
	c.sess.UnknownTold = true
	c.say(nil, "unknown_contact.flagged", "Hello, thanks for your message. We can't match this number to anyone we look after, so I can't help here. We've let the team know; if you're a resident or contractor, please ask the office to add this number.")
	return nil
}

// whichRole asks a number that is several people which one is talking (once: the answer is
// remembered in the session), then answers the message that asked as that person.
func (c *conv) whichRole(ctx context.Context, people []Speaker) (bool, error) {
	if p := c.sess.Pending; p != nil && p.Kind == PendingRole && !p.Expired(c.now) {
		if role, ok := chosenRole(c.t, p.Options); ok {
			for _, sp := range people {
				if sp.Role == role {
					c.sess.Role, c.sess.Pending, c.who = role, nil, sp
					c.msg, c.t.ButtonID = p.Origin, ""
					return true, nil
				}
			}
		}
	}
	var opts []Option
	var lines []string
	var buttons []Button
	for i, sp := range people {
		label := roleLabel(sp)
		opts = append(opts, Option{Kind: "role", ID: string(sp.Role), Label: label})
		lines = append(lines, strconv.Itoa(i+1)+") "+label)
		buttons = append(buttons, Button{ID: "role:" + string(sp.Role), Title: strings.ToUpper(string(sp.Role[:1])) + string(sp.Role[1:])})
	}
	r := &request{intent: "identify", origin: c.msg}
	c.pend(r, PendingRole, "role", opts)
	c.reply(r, Reply{Text: "This number belongs to more than one person here. Which are you?\n" + strings.Join(lines, "\n"), Buttons: buttons}, "role.asked", nil)
	return false, nil
}

// chosenRole reads the answer to "Which are you?": a button, a number, or the role's word.
func chosenRole(t Turn, opts []Option) (Role, bool) {
	if id, ok := strings.CutPrefix(t.ButtonID, "role:"); ok {
		return Role(id), true
	}
	text := strings.ToLower(strings.TrimSpace(strings.Trim(t.Text, ".!) ")))
	if n, err := strconv.Atoi(text); err == nil && n >= 1 && n <= len(opts) {
		return Role(opts[n-1].ID), true
	}
	words := map[string]Role{"staff": RoleStaff, "resident": RoleResident, "leaseholder": RoleResident,
		"tenant": RoleResident, "contractor": RoleContractor, "vendor": RoleContractor}
	if r, ok := words[text]; ok {
		return r, true
	}
	return "", false
}

// roleLabel reads "Staff (Alex Morgan)".
func roleLabel(sp Speaker) string {
	names := map[Role]string{RoleStaff: "Staff", RoleResident: "Resident", RoleContractor: "Contractor"}
	if sp.Name == "" {
		return names[sp.Role]
	}
	return names[sp.Role] + " (" + sp.Name + ")"
}

// redeem links the sender's number to the staff member who started a link with code.
func (c *conv) redeem(ctx context.Context, code string) error {
	r := &request{intent: IntentLinkCode, ents: map[string]string{EntLinkCode: "******"}}
	if c.sess.LinkTries.blocked(c.now) {
		c.say(r, "link.throttled", MsgLinkThrottled)
		return nil
	}
	l, err := c.s.StaffLinks.Redeem(ctx, c.t.OrgID, code, c.t.Phone, c.now)
	if messaging.ErrorCode(err) == messaging.CodeNotFound {
		c.sess.LinkTries = c.sess.LinkTries.failed(c.now)
		c.say(r, "link.refused", "That code isn't valid or has expired. Start a new link under Profile → PropLink Chat and send the new code within 10 minutes.")
		return nil
	}
	if messaging.ErrorCode(err) == messaging.CodeConflict {
		// The store refuses it for good (retrying would only reach the DLQ, unanswered).
		c.say(r, "link.refused", "This number is already linked to another PropLink user, so it wasn't linked. Unlink it there first (Profile → PropLink Chat, or send \"unlink\" from it).")
		return nil
	}
	if err != nil {
		return fmt.Errorf("redeem link code: %w", err)
	}
	c.who = Speaker{Role: RoleStaff, Name: l.Name, UserID: l.UserID, SiteIDs: l.SiteIDs, Permissions: l.Permissions}
	c.sess.Role, c.sess.Pending, c.sess.UnknownTold = RoleStaff, nil, false
	at := ""
	if l.OrgName != "" {
		at = " at " + l.OrgName
	}
	c.say(r, "staff.linked", "Linked: you're "+l.Name+at+". Type help to see what I can do.", l.UserID)
	return nil
}
