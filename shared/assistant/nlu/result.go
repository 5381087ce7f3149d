package nlu

import "strconv"

// EntityKind names one kind of entity a message may carry.
type EntityKind string

// The entity kinds (the contract's names). Values are normalised: references upper-case
// (TKT-2026-0042), sites, units and contacts as vocabulary ids, amounts in pence, dates
// YYYY-MM-DD, periods YYYY-MM, choices 1-based.
const (
	KindTicket     EntityKind = "ticket"
	KindWorkOrder  EntityKind = "work_order"
	KindInvoice    EntityKind = "invoice"
	KindSite       EntityKind = "site"
	KindUnit       EntityKind = "unit"
	KindContact    EntityKind = "contact"
	KindCategory   EntityKind = "category"
	KindPriority   EntityKind = "priority"
	KindPeriod     EntityKind = "period"
	KindAmount     EntityKind = "amount"
	KindDate       EntityKind = "date"
	KindChoice     EntityKind = "choice"
	KindLinkCode   EntityKind = "link_code"
	KindStatusHint EntityKind = "status_hint"
)

// StatusStarted is the status_hint of a contractor saying they have started or are on site.
const StatusStarted = "started"

// Candidate is one vocabulary record a name, unit or site in the message may mean.
type Candidate struct {
	ID    string  // the record's id
	Label string  // how the record reads to a person ("Flat 3, Riverside Court")
	Score float64 // similarity in [0,1]; candidates are ranked by it, best first
}

// Result is what a message was understood to mean, and why.
type Result struct {
	Intent     Intent
	Confidence float64 // in [0,1]; IntentUnknown comes with a low one
	// Entities holds each entity found once and unambiguously, by kind, normalised.
	Entities map[EntityKind]string
	// Candidates holds, for a site, unit or contact matching several records with close
	// scores, all of them ranked; the entity is then absent from Entities and the conversation
	// asks "Which one?".
	Candidates map[EntityKind][]Candidate
	// Trace lists, in order, the rules, keywords and records that produced the result.
	Trace []string
}

// Entity returns the entity of kind k, if the message named exactly one.
func (r Result) Entity(k EntityKind) (string, bool) {
	v, ok := r.Entities[k]
	return v, ok
}

// Choice returns the 1-based numbered choice, if the message made one.
func (r Result) Choice() (int, bool) {
	n, err := strconv.Atoi(r.Entities[KindChoice])
	return n, err == nil
}

// Amount returns the amount in pence, if the message named one.
func (r Result) Amount() (int64, bool) {
	n, err := strconv.ParseInt(r.Entities[KindAmount], 10, 64)
	return n, err == nil
}

// Ambiguous reports whether the message's site, unit or contact of kind k matched several
// records.
func (r Result) Ambiguous(k EntityKind) bool {
	return len(r.Candidates[k]) > 1
}

func (r *Result) set(k EntityKind, v string, why string) {
	if _, ok := r.Entities[k]; ok {
		return
	}
	if r.Entities == nil {
		r.Entities = map[EntityKind]string{}
	}
	r.Entities[k] = v
	r.trace(string(k) + " " + v + ": " + why)
}

func (r *Result) trace(s string) {
	r.Trace = append(r.Trace, s)
}
