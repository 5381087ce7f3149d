package dynamo

import (
	"strconv"
)

// The keys of the built-in property store's items (see the table in doc.go).
const (
	skTicket  = "TICKET"
	skCounter = "COUNTER"
	skMsgPfx  = "MSG#"
)

// recordPK is the partition of one collection of an organisation's property records.
func recordPK(org, collection string) string { return orgPK(org) + "#PROP#" + collection }

func recordKey(org, collection, id string) key { return key{recordPK(org, collection), id} }

// phoneGSI1PK indexes contacts and vendors by their E.164 number.
func phoneGSI1PK(org, e164 string) string { return orgPK(org) + "#PHONE#" + e164 }

// demandsGSI1PK indexes a unit's demands by due date.
func demandsGSI1PK(org, unit string) string { return orgPK(org) + "#UNIT#" + unit + "#DEMANDS" }

// spendGSI1PK indexes a site's bills, costed work orders and budgets by date (month for a
// budget), so that one query reads a month's spend.
func spendGSI1PK(org, site string) string { return orgPK(org) + "#SITE#" + site + "#SPEND" }

func ticketPK(org, ref string) string { return orgPK(org) + "#TKT#" + ref }

func ticketKey(org, ref string) key { return key{ticketPK(org, ref), skTicket} }

func ticketMessageKey(org, ref, id string) key { return key{ticketPK(org, ref), skMsgPfx + id} }

// propClaimKey holds what a write with an idempotency key did (what: TICKET, or WO#<ref>).
func propClaimKey(org, idempotencyKey, what string) key {
	return key{orgPK(org) + "#PROPKEY#" + idempotencyKey, what}
}

// refCounterKey counts the references of one kind (TKT, WO) an organisation used in a year.
func refCounterKey(org, kind string, year int) key {
	return key{orgPK(org) + "#COUNTER#" + kind + "#" + strconv.Itoa(year), skCounter}
}
