package assistant

import (
	"strconv"
	"strings"
)

// ask asks for a missing entity of kind want; the next message fills it.
func (c *conv) ask(r *request, want, question string) {
	c.pend(r, PendingEntity, want, nil)
	c.say(r, want+".asked", question)
}

// choose asks a numbered choice among options (buttons too when there are at most three).
func (c *conv) choose(r *request, want, question string, options []Option) {
	c.pend(r, PendingChoice, want, options)
	lines := []string{question}
	var buttons []Button
	for i, o := range options {
		n := strconv.Itoa(i + 1)
		lines = append(lines, n+") "+o.Label)
		buttons = append(buttons, Button{ID: "choice:" + n, Title: o.Label})
	}
	if len(options) > 3 {
		buttons = nil
	}
	c.reply(r, Reply{Text: strings.Join(lines, "\n"), Buttons: buttons}, want+".choice_asked", nil)
}

// confirm asks yes/no before a write; the write happens on yes only, keyed by the request's
// message id.
func (c *conv) confirm(r *request, question string, records ...string) {
	c.pend(r, PendingConfirm, "", nil)
	c.reply(r, Reply{Text: question, Buttons: []Button{{ID: "confirm:yes", Title: "Yes"}, {ID: "confirm:no", Title: "No"}}},
		"confirmation.asked", records)
}

// need returns the entity of kind; when it is absent it asks for it — a numbered choice among
// the candidates the speaker may see, or question — and returns false.
func (c *conv) need(r *request, kind, question string) (string, bool) {
	if id, ok := r.ents[kind]; ok && id != "" {
		return id, true
	}
	cands := c.scopedCandidates(r, kind)
	switch len(cands) {
	case 0:
		c.ask(r, kind, question)
		return "", false
	case 1:
		r.set(kind, cands[0].ID)
		return cands[0].ID, true
	}
	var opts []Option
	for _, cd := range cands {
		opts = append(opts, Option{Kind: kind, ID: cd.ID, Label: c.label(kind, cd.ID)})
	}
	c.choose(r, kind, "Which one?", opts)
	return "", false
}

// label names a site, unit or contact from the speaker's directory.
func (c *conv) label(kind, id string) string {
	switch kind {
	case EntSite:
		return c.dir.siteName(id)
	case EntUnit:
		return c.dir.unitLabel(id)
	case EntContact:
		ct, _ := c.dir.contact(id)
		if len(ct.UnitIDs) == 1 {
			return ct.Name + ", " + c.dir.unitLabel(ct.UnitIDs[0])
		}
		return ct.Name
	}
	return id
}
