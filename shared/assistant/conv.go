package assistant

import (
	"maps"
	"sort"
	"time"
)

// conv is one turn being answered: the turn, the session it changes, who is talking, what they
// may refer to, and what the assistant says and audits.
type conv struct {
	s    *Service
	t    Turn
	now  time.Time
	sess Session
	msg  Origin // the message being understood: the turn's, or the one a role question held
	who  Speaker
	dir  directory

	replies []Reply
	audits  []AuditEntry
}

// request is one thing the speaker asked for, possibly over several turns: the intent, the
// entities known so far, the message that asked, and whether they confirmed it.
type request struct {
	intent    string
	ents      map[string]string
	cands     map[string][]Candidate
	origin    Origin
	confirmed bool
	trace     []string
}

// fresh is the request a new message makes.
func (c *conv) fresh(u Understanding) *request {
	return &request{
		intent: u.Intent, ents: maps.Clone(u.Entities), cands: u.Candidates, trace: u.Trace,
		origin: c.msg,
	}
}

// resumed is the request a pending question was about, with what is known so far.
func resumed(p *Pending) *request {
	r := &request{intent: p.Intent, ents: maps.Clone(p.Entities), origin: p.Origin}
	if r.ents == nil {
		r.ents = map[string]string{}
	}
	return r
}

// set records an entity of the request.
func (r *request) set(kind, id string) {
	if r.ents == nil {
		r.ents = map[string]string{}
	}
	r.ents[kind] = id
	delete(r.cands, kind)
}

// say replies with text, auditing action on the records it used.
func (c *conv) say(r *request, action, text string, records ...string) {
	c.reply(r, Reply{Text: text}, action, records)
}

// reply adds a reply with its trace and audits the action behind it.
func (c *conv) reply(r *request, rep Reply, action string, records []string) {
	trace := c.trace(r, records)
	if c.sess.Language != "" {
		rep = translated(c.sess.Language, rep)
	}
	rep.Trace, rep.Seq, rep.Role = trace, len(c.replies), c.who.Role
	rep.SiteID, rep.SiteName = c.homeSite()
	c.replies = append(c.replies, fit(rep))
	c.audit(r, action, records, trace)
}

// audit records an action of the turn.
func (c *conv) audit(r *request, action string, records, trace []string) {
	intent := ""
	if r != nil {
		intent = r.intent
	}
	c.audits = append(c.audits, AuditEntry{
		OrgID: c.t.OrgID, At: c.now, Channel: "whatsapp", MessageID: c.t.MessageID, Speaker: c.who,
		Intent: intent, Action: action, Records: records, Trace: trace,
	})
}

// trace is why a reply says what it says: the intent, the entities and the records used.
func (c *conv) trace(r *request, records []string) []string {
	var t []string
	if r != nil {
		t = append(t, "intent "+r.intent)
		keys := make([]string, 0, len(r.ents))
		for k := range r.ents {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t = append(t, "entity "+k+"="+r.ents[k])
		}
		if r.origin.MessageID != "" && r.origin.MessageID != c.t.MessageID {
			t = append(t, "request "+r.origin.MessageID)
		}
		t = append(t, r.trace...)
	}
	for _, id := range records {
		t = append(t, "record "+id)
	}
	return t
}

// pend leaves a question awaiting the next message.
func (c *conv) pend(r *request, kind, want string, options []Option) {
	c.sess.Pending = &Pending{
		Kind: kind, Intent: r.intent, Entities: maps.Clone(r.ents), Want: want, Options: options,
		Expires: c.now.Add(PendingTTL), Origin: r.origin,
	}
}
