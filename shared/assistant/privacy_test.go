package assistant

import (
	"slices"
	"strings"
	"testing"
)

// target is someone else's records, as a request may name them, and what must never show.
type target struct {
	name                                 string
	site, unit, contact, ticket, wo, inv string
	secrets                              []string
}

// TestPrivacyMatrix runs every capability as every role against another person's, another
// site's and another organisation's records: the reply holds none of their names, amounts,
// references or titles, the refusal is exactly NotYours, and no write reaches the platform.
func TestPrivacyMatrix(t *testing.T) {
	otherOrgT := target{name: "another organisation", site: "site-towers", unit: "unit-towers-9", contact: "c-olga",
		ticket: "TKT-2026-0901", wo: "WO-2026-0901", inv: "INV-2026-0901",
		secrets: []string{"Olga", "Other Towers", "Flat 9", "£9,999.99", "£4,321.00", "£7,777.00", "TKT-2026-0901", "WO-2026-0901", "INV-2026-0901", "boiler", "Towers lift", "Solicitor"}}
	speakers := []struct {
		role    string
		phone   string
		targets []target
	}{
		{role: "staff scoped to Harbour View", phone: phoneSita, targets: []target{
			{name: "another person's at another site", site: "site-riverside", unit: "unit-riverside-1", contact: "c-jane",
				ticket: "TKT-2026-0042", wo: "WO-2026-0042", inv: "INV-2026-0311",
				secrets: []string{"Jane Smith", "Riverside", "£1,234.56", "£1,250.00", "£3,700.00", "TKT-2026-0042", "WO-2026-0042", "INV-2026-0311", "Leak in bathroom", "Leaking roof", "Second reminder", "plumber"}},
			otherOrgT,
		}},
		{role: "resident", phone: phoneJane, targets: []target{
			{name: "another person's", site: "site-riverside", unit: "unit-riverside-2", contact: "c-john",
				ticket: "TKT-2026-0107", wo: "WO-2026-0042", inv: "INV-2026-0312",
				secrets: []string{"John Smith", "Flat 2", "£50.00", "£980.00", "INV-2026-0312", "TKT-2026-0107", "Broken door", "WO-2026-0042", "Leaking roof"}},
			{name: "another site's", site: "site-harbour", unit: "unit-harbour-1", contact: "c-tom",
				ticket: "TKT-2026-0107", wo: "WO-2026-0051", inv: "INV-2026-0320",
				secrets: []string{"Tom O'Brien", "Harbour", "£777.00", "£640.00", "£888.00", "INV-2026-0320", "TKT-2026-0107", "Broken door", "WO-2026-0051", "Door entry", "Payment plan"}},
			otherOrgT,
		}},
		{role: "contractor invited to WO-2026-0051 only", phone: phoneDan, targets: []target{
			{name: "another contractor's", site: "site-riverside", unit: "unit-riverside-1", contact: "c-jane",
				ticket: "TKT-2026-0042", wo: "WO-2026-0042", inv: "INV-2026-0311",
				secrets: []string{"Jane Smith", "Riverside", "£1,234.56", "WO-2026-0042", "Leaking roof", "key safe", "TKT-2026-0042", "INV-2026-0311", "£3,700.00"}},
			{name: "another contractor's invitation", site: "site-riverside", unit: "unit-riverside-3", contact: "c-priya",
				ticket: "TKT-2026-0042", wo: "WO-2026-0060", inv: "INV-2026-0311",
				secrets: []string{"Priya", "Riverside", "WO-2026-0060", "Gutter", "Fri 3 Apr"}},
			otherOrgT,
		}},
	}
	intents := []string{IntentBalance, IntentRaiseTicket, IntentCompleteWorkOrder, IntentArrearsStatus, IntentSiteSpend,
		IntentTicketStatus, IntentUnlink, IntentUploadPhoto, IntentNextDemand, IntentPayInvoice, IntentAcceptWorkOrder,
		IntentDeclineWorkOrder, IntentWorkOrderUpdate, IntentListWorkOrders, IntentTalkToStaff, IntentHelp, IntentGreeting, IntentUnknown}
	// refRefusals are the capabilities that act on a named reference, by role: naming someone
	// else's must be refused. Capabilities outside a role are refused whatever they name.
	refRefusals := map[Role][]string{
		RoleStaff:      {IntentTicketStatus, IntentCompleteWorkOrder, IntentUploadPhoto},
		RoleResident:   {IntentTicketStatus, IntentPayInvoice},
		RoleContractor: {IntentCompleteWorkOrder, IntentUploadPhoto, IntentAcceptWorkOrder, IntentDeclineWorkOrder, IntentWorkOrderUpdate},
	}
	for _, sp := range speakers {
		for _, tg := range sp.targets {
			for _, intent := range intents {
				for _, how := range []string{"names", "references", "candidates"} {
					t.Run(sp.role+"/"+tg.name+"/"+intent+"/"+how, func(t *testing.T) {
						w := newWorld(t)
						text := "give me " + intent + " for them"
						und := u(intent)
						switch how {
						case "names":
							und = u(intent, EntSite, tg.site, EntUnit, tg.unit, EntContact, tg.contact, EntTicket, tg.ticket, EntWorkOrder, tg.wo, EntInvoice, tg.inv)
						case "references":
							und = u(intent, EntTicket, tg.ticket, EntWorkOrder, tg.wo, EntInvoice, tg.inv)
						case "candidates":
							und.Candidates = map[string][]Candidate{EntSite: {{ID: tg.site}}, EntUnit: {{ID: tg.unit}}, EntContact: {{ID: tg.contact}}}
						}
						w.nlu.parse[text] = und
						req := w.turn(sp.phone, text)
						req.AttachmentIDs = []string{"att-evidence"}
						got := w.only(w.send(req))
						role := w.audit.entries[0].Speaker.Role
						// Whatever was asked, answer yes: a confirmation must not lead to a leak or a write either.
						got += "\n" + w.say(sp.phone, "yes")
						for _, s := range tg.secrets {
							if strings.Contains(got, s) {
								t.Errorf("reply leaks %q: %q", s, got)
							}
						}
						_, inRole := capabilities[role][intent]
						refuses := how == "names" && intent != IntentUnknown && (inRole || everyone[intent] == nil) ||
							how != "names" && !inRole && everyone[intent] == nil ||
							how == "references" && slices.Contains(refRefusals[role], intent)
						if first := w.replier.sent[0].Text; refuses && first != NotYours {
							t.Errorf("reply = %q, want %q", first, NotYours)
						}
						for _, nt := range w.plat.created {
							if nt.UnitID != "" && nt.UnitID == tg.unit || nt.SiteID == tg.site && role != RoleResident {
								t.Errorf("ticket raised on someone else's records: %+v", nt)
							}
						}
						for _, ref := range w.plat.updated {
							if ref == demoOrg+"|"+tg.wo || !strings.HasPrefix(ref, demoOrg+"|") {
								t.Errorf("work order write on someone else's %s", ref)
							}
						}
					})
				}
			}
		}
	}
}
