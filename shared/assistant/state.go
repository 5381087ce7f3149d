package assistant

import (
	"context"
	"strconv"
	"strings"

	"github.com/proplink/chat/shared/property"
)

// answer works out the turn's replies: a linking code, who is talking, the answer to a pending
// question, or a fresh request.
func (c *conv) answer(ctx context.Context) error {
	c.msg = Origin{MessageID: c.t.MessageID, Text: c.t.Text, AttachmentIDs: c.t.AttachmentIDs}
	if c.sess.Pending.Expired(c.now) {
		c.sess.Pending = nil
	}
	if code, ok := codeIn(c.t.Text); ok {
		return c.redeem(ctx, code)
	}
	ok, err := c.identify(ctx)
	if err != nil || !ok {
		return err
	}
	if c.dir, err = c.s.directoryFor(ctx, c.t.OrgID, c.who); err != nil {
		return err
	}
	if p := c.sess.Pending; p != nil {
		c.sess.Pending = nil
		if p.Kind != PendingRole {
			r, done := c.resume(p)
			if done {
				return nil
			}
			if r != nil {
				return c.dispatch(ctx, r)
			}
		}
	}
	return c.dispatch(ctx, c.understand(ctx))
}

// understand reads a fresh message: a work order invitation's button, a photo without words
// (staff and contractors: onto a work order), or the words — by the core, and by the careful
// AI layer (when there is one) if the core is not confident.
func (c *conv) understand(ctx context.Context) *request {
	if rest, ok := strings.CutPrefix(c.t.ButtonID, "wo:"); ok {
		action, ref, _ := strings.Cut(rest, ":")
		intents := map[string]string{"accept": IntentAcceptWorkOrder, "decline": IntentDeclineWorkOrder}
		if in, ok := intents[action]; ok && property.ValidRef(property.RefWorkOrder, strings.ToUpper(ref)) {
			r := c.fresh(Understanding{Intent: in, Trace: []string{"button " + c.t.ButtonID}})
			r.set(EntWorkOrder, strings.ToUpper(ref))
			return r
		}
	}
	if c.t.ButtonID != "" && (strings.HasPrefix(c.t.ButtonID, "confirm:") || strings.HasPrefix(c.t.ButtonID, "choice:")) {
		return c.fresh(Understanding{Intent: intentStale, Trace: []string{"button " + c.t.ButtonID + " answers no pending question"}})
	}
	if strings.TrimSpace(c.msg.Text) == "" && len(c.msg.AttachmentIDs) > 0 && c.who.Role != RoleResident {
		return c.fresh(Understanding{Intent: IntentUploadPhoto, Trace: []string{"a photo without words"}})
	}
	u := c.s.NLU.Parse(c.msg.Text, c.who.Role, c.dir.Directory, c.now)
	if u.Confidence >= AIThreshold {
		c.sess.Language = ""
	} else if c.s.AI != nil && strings.TrimSpace(c.msg.Text) != "" {
		u = c.assisted(ctx, u)
	}
	return c.fresh(u)
}

// intentStale is a button answering a question that is no longer pending.
const intentStale = "stale"

// resume reads the message as the answer to the pending question p (already cleared from the
// session). It returns the request to carry on with, done when the answer was handled
// (cancelled, or asked again), or neither when the message is a fresh one.
func (c *conv) resume(p *Pending) (*request, bool) {
	switch p.Kind {
	case PendingConfirm:
		return c.resumeConfirm(p)
	case PendingChoice:
		return c.resumeChoice(p)
	case PendingEntity:
		return c.resumeEntity(p)
	}
	return nil, false
}

// resumeConfirm reads a yes (button or typed), a no, or photos sent for a completion.
func (c *conv) resumeConfirm(p *Pending) (*request, bool) {
	r := resumed(p)
	intent := ""
	switch c.t.ButtonID {
	case "confirm:yes":
		intent = IntentConfirmYes
	case "confirm:no":
		intent = IntentConfirmNo
	default:
		if strings.TrimSpace(c.t.Text) != "" {
			intent = c.s.NLU.Parse(c.t.Text, c.who.Role, c.dir.Directory, c.now).Intent
		}
	}
	switch {
	case intent == IntentConfirmYes:
		r.confirmed = true
		r.trace = append(r.trace, "confirmed by "+c.t.MessageID)
		return r, false
	case intent == IntentConfirmNo:
		c.cancelled(r)
		return nil, true
	case len(c.t.AttachmentIDs) > 0 && takesPhotos(p.Intent) && (intent == "" || intent == IntentUploadPhoto || intent == p.Intent):
		r.origin.AttachmentIDs = append(r.origin.AttachmentIDs, c.t.AttachmentIDs...)
		r.trace = append(r.trace, "photos added by "+c.t.MessageID)
		return r, false
	}
	return nil, false
}

// takesPhotos reports whether photos sent while a confirmation waits belong to the request.
func takesPhotos(intent string) bool {
	return intent == IntentCompleteWorkOrder || intent == IntentRaiseTicket
}

// resumeChoice reads a numbered choice: a button, a number, or the option's name.
func (c *conv) resumeChoice(p *Pending) (*request, bool) {
	r := resumed(p)
	n := 0
	if s, ok := strings.CutPrefix(c.t.ButtonID, "choice:"); ok {
		n, _ = strconv.Atoi(s)
	}
	var u Understanding
	if n == 0 {
		u = c.s.NLU.Fill(c.t.Text, p.Want, c.who.Role, c.dir.Directory, c.now)
		if u.Intent == IntentConfirmNo {
			c.cancelled(r)
			return nil, true
		}
		n, _ = strconv.Atoi(u.Entities[EntChoice])
	}
	if n >= 1 && n <= len(p.Options) {
		o := p.Options[n-1]
		r.set(o.Kind, o.ID)
		r.trace = append(r.trace, "chose "+strconv.Itoa(n)+": "+o.ID)
		return r, false
	}
	for _, o := range p.Options {
		if id, ok := u.Entities[o.Kind]; ok && id == o.ID {
			r.set(o.Kind, o.ID)
			r.trace = append(r.trace, "chose by name: "+o.ID)
			return r, false
		}
	}
	if u.Intent == IntentChoose {
		c.sess.Pending = p
		c.say(r, "choice.asked", "Please reply with a number from 1 to "+strconv.Itoa(len(p.Options))+", or cancel.")
		return nil, true
	}
	return nil, false
}

// resumeEntity reads the missing entity (with any place or person named alongside it).
func (c *conv) resumeEntity(p *Pending) (*request, bool) {
	r := resumed(p)
	u := c.s.NLU.Fill(c.t.Text, p.Want, c.who.Role, c.dir.Directory, c.now)
	if u.Intent == IntentConfirmNo {
		c.cancelled(r)
		return nil, true
	}
	kinds := []string{p.Want}
	if p.Want == EntUnit || p.Want == EntContact || p.Want == EntSite {
		kinds = []string{EntSite, EntUnit, EntContact}
	}
	found := false
	for _, k := range kinds {
		if id, ok := u.Entities[k]; ok {
			r.set(k, id)
			found = true
		} else if len(u.Candidates[k]) > 0 {
			if r.cands == nil {
				r.cands = map[string][]Candidate{}
			}
			r.cands[k] = u.Candidates[k]
			found = true
		}
	}
	if !found || (u.Intent != IntentChoose && u.Intent != IntentUnknown && u.Intent != p.Intent) {
		return nil, false
	}
	r.trace = append(r.trace, u.Trace...)
	return r, false
}

// cancelled drops a request on "no" or "cancel".
func (c *conv) cancelled(r *request) {
	c.say(r, "request.cancelled", "OK, cancelled. Nothing was changed.")
}
