package nlu

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
)

// Confidence levels of the whole-message readings and of not understanding.
const (
	sureConfidence    = 0.95 // a bare greeting, yes, no, choice or link code
	unknownConfidence = 0.2  // nothing matched
	doubtConfidence   = 0.1  // other language, prompt-injection or bulk-data text
	minScore          = 0.55 // the score below which a message is not understood
)

// Parse reads a fresh message from a speaker in role: its intent (never one outside the role),
// its entities, the candidates of an ambiguous site, unit or contact, and the trace of why.
// Dates and months are read in Europe/London, relative to now.
func Parse(text string, role Role, v Vocabulary, now time.Time) Result {
	r := Result{}
	m := read(text, v, &r)
	m.extract(v, now, &r, false)
	r.Intent, r.Confidence = m.intent(role, &r)
	m.finish(role, now, &r)
	return r
}

// intent decides the message's intent: whole-message readings first (empty, link code, choice,
// yes/no, greeting, "?"), then keyword scoring.
func (m *message) intent(role Role, r *Result) (Intent, float64) {
	switch {
	case len(m.toks) == 0:
		r.trace("empty message")
		return IntentUnknown, 0
	case r.Entities[KindLinkCode] != "" && len(m.toks) <= 6:
		r.trace("message is a linking code")
		return IntentLinkCode, sureConfidence
	}
	if n, ok := findChoice(m.toks); ok {
		r.set(KindChoice, fmt.Sprint(n), "numbered choice")
		delete(r.Entities, KindUnit)
		delete(r.Candidates, KindUnit)
		return IntentChoose, sureConfidence
	}
	if in, said, ok := bareConfirm(m.ws); ok {
		r.trace(fmt.Sprintf("bare %s: %q", in, said))
		return in, sureConfidence
	}
	if onlyGreeting(m.ws) {
		r.trace("only greeting words")
		return IntentGreeting, sureConfidence
	}
	if len(m.ws) == 1 && m.ws[0] == "?" {
		r.trace("a lone question mark")
		return IntentHelp, sureConfidence
	}
	return m.score(role, r)
}

// score sums each intent's keyword evidence and entity hints, subtracts the penalties for
// prompt-injection, bulk-data and other-language text, and picks the best intent the role
// allows.
func (m *message) score(role Role, r *Result) (Intent, float64) {
	scores := map[Intent]float64{}
	why := map[Intent][]string{}
	for i := range m.ws {
		for _, ri := range rulesByFirst()[m.ws[i]] {
			ru := intentRules()[ri]
			if i+len(ru.says) > len(m.ws) || !ru.says.at(m.ws, i) || fired(why[ru.intent], ru.says) {
				continue
			}
			scores[ru.intent] += ru.weight
			why[ru.intent] = append(why[ru.intent], fmt.Sprintf("%q +%.1f", ru.says, ru.weight))
		}
	}
	hint := func(in Intent, w float64, what string) {
		if scores[in] > 0 {
			scores[in] += w
			why[in] = append(why[in], fmt.Sprintf("%s +%.1f", what, w))
		}
	}
	_, ticket := r.Entities[KindTicket]
	_, invoice := r.Entities[KindInvoice]
	person := r.has(KindContact) || r.has(KindUnit)
	if ticket {
		scores[IntentTicketStatus] += 0.6
		why[IntentTicketStatus] = append(why[IntentTicketStatus], "ticket reference +0.6")
	}
	if invoice {
		scores[IntentPayInvoice] += 0.6
		why[IntentPayInvoice] = append(why[IntentPayInvoice], "invoice reference +0.6")
	}
	if person {
		hint(IntentBalance, 0.2, "names a leaseholder or unit")
		hint(IntentArrearsStatus, 0.2, "names a leaseholder or unit")
	}
	if r.has(KindSite) || r.has(KindPeriod) {
		hint(IntentSiteSpend, 0.3, "names a site or month")
	}
	if scores[IntentUploadPhoto] > 0 {
		for _, in := range []Intent{IntentCompleteWorkOrder, IntentRaiseTicket, IntentWorkOrderUpdate} {
			if role.Allows(in) && scores[in] >= minScore {
				scores[IntentUploadPhoto] /= 2
				why[IntentUploadPhoto] = append(why[IntentUploadPhoto], fmt.Sprintf("halved: the photo is evidence for %s", in))
				break
			}
		}
	}
	penalty := 0.0
	if p := m.marked(injection); p != "" {
		penalty += injectionPenalty
		r.trace(fmt.Sprintf("prompt-injection mark %q -%.1f", p, injectionPenalty))
	}
	if p := m.marked(bulkData); p != "" {
		penalty += bulkPenalty
		r.trace(fmt.Sprintf("bulk-data mark %q -%.1f", p, bulkPenalty))
	}
	if f := foreignShare(m.toks); f >= 0.34 {
		penalty += foreignPenalty
		r.trace(fmt.Sprintf("%.0f%% of words look like another language -%.1f", f*100, foreignPenalty))
	}
	var top, best, second Intent = IntentUnknown, IntentUnknown, IntentUnknown
	for _, in := range allIntents {
		s := scores[in]
		if s > scores[top] {
			top = in
		}
		if !role.Allows(in) {
			continue
		}
		switch {
		case s > scores[best]:
			best, second = in, best
		case s > scores[second]:
			second = in
		}
	}
	if top != best && scores[top] > 0 {
		r.trace(fmt.Sprintf("%s (%.1f: %s) is not a %s intent", top, scores[top], strings.Join(why[top], ", "), role))
	}
	s1, s2 := scores[best]-penalty, max(scores[second]-penalty, 0)
	if best == IntentUnknown || s1 < minScore {
		if scores[best] > 0 {
			r.trace(fmt.Sprintf("best %s %.2f below %.2f: %s", best, s1, minScore, strings.Join(why[best], ", ")))
		} else {
			r.trace("no intent keyword")
		}
		if penalty > 0 {
			return IntentUnknown, doubtConfidence
		}
		return IntentUnknown, unknownConfidence
	}
	r.trace(fmt.Sprintf("%s %.2f: %s", best, s1, strings.Join(why[best], ", ")))
	if s2 > 0 {
		r.trace(fmt.Sprintf("runner-up %s %.2f", second, s2))
	}
	c := s1 / (s1 + 0.3) * (1 - 0.4*s2/s1)
	return best, math.Round(min(max(c, 0), 1)*100) / 100
}

// fired reports whether a rule with phrase p already counted (the same phrase under another
// weight, or twice in the message).
func fired(why []string, p phrase) bool {
	q := fmt.Sprintf("%q ", p)
	for _, w := range why {
		if strings.HasPrefix(w, q) {
			return true
		}
	}
	return false
}

// marked returns the first of ps found in the message, or "".
func (m *message) marked(ps []phrase) string {
	for _, p := range ps {
		if p.find(m.ws) >= 0 {
			return p.String()
		}
	}
	return ""
}

// has reports whether the message named one or several records of kind k.
func (r *Result) has(k EntityKind) bool {
	_, ok := r.Entities[k]
	return ok || len(r.Candidates[k]) > 0
}

// rulesByFirst indexes intentRules by their first word.
var rulesByFirst = sync.OnceValue(func() map[string][]int {
	idx := map[string][]int{}
	for i, ru := range intentRules() {
		idx[ru.says[0]] = append(idx[ru.says[0]], i)
	}
	return idx
})

// startedSays are the words of a contractor who has started.
var startedSays = phrases("on site", "onsite", "arrived", "started", "begun", "here now", "i'm here",
	"starting now", "at the property", "just got here", "got here", "in the property", "starting work")

// finish adds the entities that depend on the intent: category and priority of a ticket, the
// started hint of an update, this month for a spend question.
func (m *message) finish(role Role, now time.Time, r *Result) {
	switch r.Intent {
	case IntentRaiseTicket:
		if c, p, ok := findLabel(categories, m.ws); ok {
			r.set(KindCategory, c, fmt.Sprintf("%q", p))
		}
		if c, p, ok := findLabel(priorities, m.ws); ok {
			r.set(KindPriority, c, fmt.Sprintf("%q", p))
		}
	case IntentWorkOrderUpdate:
		for _, p := range startedSays {
			if p.find(m.ws) >= 0 {
				r.set(KindStatusHint, StatusStarted, fmt.Sprintf("%q", p))
				break
			}
		}
	case IntentSiteSpend:
		if _, ok := r.Entities[KindPeriod]; !ok {
			r.set(KindPeriod, today(now).Format("2006-01"), "this month by default")
		}
	}
}
