package nlu

import (
	"fmt"
	"strconv"
	"time"
)

// Fill reads the answer to a question the assistant asked for one entity ("Which unit?",
// "Which site?", "Which leaseholder?"): a bare "flat 3", "Riverside", "Smith", "2" or "the
// second one" is enough. When the answer gives the entity (or a numbered choice), the intent is
// IntentChoose with the entity in Entities (or its candidates, still ambiguous); a bare number
// answering "Which unit?" carries both the choice and the units of that number, for the caller
// to read against the list it showed. A "no"/"cancel" is IntentConfirmNo; anything else is read
// as a fresh message by Parse (the speaker changed the subject).
func Fill(text string, want EntityKind, role Role, v Vocabulary, now time.Time) Result {
	r := Result{}
	m := read(text, v, &r)
	r.trace(fmt.Sprintf("fill %s", want))
	m.extract(v, now, &r, want == KindUnit)
	if n, ok := findChoice(m.toks); ok {
		r.set(KindChoice, strconv.Itoa(n), "numbered choice")
		if want != KindUnit {
			delete(r.Entities, KindUnit)
			delete(r.Candidates, KindUnit)
		}
		r.Intent, r.Confidence = IntentChoose, sureConfidence
		return r
	}
	if in, said, ok := bareConfirm(m.ws); ok && in == IntentConfirmNo {
		r.trace(fmt.Sprintf("bare no: %q", said))
		r.Intent, r.Confidence = IntentConfirmNo, sureConfidence
		return r
	}
	m.fillLabel(want, now, &r)
	if want == KindUnit && !r.has(KindUnit) && r.has(KindSite) {
		r.trace("the site narrows the units offered")
		r.Intent, r.Confidence = IntentChoose, 0.8
		return r
	}
	if r.has(want) {
		r.Intent, r.Confidence = IntentChoose, 0.9
		if len(r.Candidates[want]) > 1 {
			r.Confidence = 0.7
		}
		return r
	}
	r.trace(fmt.Sprintf("no %s in the answer: read as a new message", want))
	p := Parse(text, role, v, now)
	p.Trace = append(r.Trace, p.Trace...)
	return p
}

// fillLabel finds the entities that Parse only reads for some intents (category, priority) or
// that an answer may give without its usual words: "maintenance", "urgent", "42" for a
// reference of this year.
func (m *message) fillLabel(want EntityKind, now time.Time, r *Result) {
	switch want {
	case KindCategory:
		if c, p, ok := findLabel(categoryNames, m.ws); ok {
			r.set(KindCategory, c, fmt.Sprintf("%q", p))
		} else if c, p, ok := findLabel(categories, m.ws); ok {
			r.set(KindCategory, c, fmt.Sprintf("%q", p))
		}
	case KindPriority:
		if c, p, ok := findLabel(priorities, m.ws); ok {
			r.set(KindPriority, c, fmt.Sprintf("%q", p))
		}
	case KindTicket, KindWorkOrder, KindInvoice:
		if r.has(want) {
			return
		}
		for i, t := range m.toks {
			if t.num && !m.used[i] && len(t.s) <= 6 {
				n, _ := strconv.Atoi(t.s)
				prefix := map[EntityKind]string{KindTicket: "TKT", KindWorkOrder: "WO", KindInvoice: "INV"}[want]
				r.set(want, fmt.Sprintf("%s-%d-%04d", prefix, today(now).Year(), n), "bare number, this year")
				return
			}
		}
	}
}

// categoryNames are the categories by their own names, for an answer to "Which category?".
var categoryNames = []labelled{
	{CategoryMaintenance, phrases("maintenance", "repair", "repairs")},
	{CategoryComplaint, phrases("complaint")},
	{CategoryQuery, phrases("query", "question")},
	{CategoryASB, phrases("antisocial behaviour", "antisocial", "anti social", "asb")},
	{CategoryCompliance, phrases("compliance")},
	{CategoryInsurance, phrases("insurance")},
	{CategoryAccount, phrases("account")},
	{CategoryOther, phrases("other", "something else")},
}
