package nlu

import (
	"testing"
)

func TestRoleIntents(t *testing.T) {
	only := map[Intent][]Role{
		IntentBalance: {RoleStaff}, IntentArrearsStatus: {RoleStaff}, IntentSiteSpend: {RoleStaff},
		IntentUnlink: {RoleStaff}, IntentNextDemand: {RoleResident}, IntentPayInvoice: {RoleResident},
		IntentAcceptWorkOrder: {RoleContractor}, IntentDeclineWorkOrder: {RoleContractor},
		IntentWorkOrderUpdate: {RoleContractor}, IntentListWorkOrders: {RoleContractor},
		IntentRaiseTicket: {RoleStaff, RoleResident}, IntentTicketStatus: {RoleStaff, RoleResident},
		IntentCompleteWorkOrder: {RoleStaff, RoleContractor}, IntentUploadPhoto: {RoleStaff, RoleContractor},
		IntentTalkToStaff: {RoleResident, RoleContractor},
	}
	for _, role := range []Role{RoleStaff, RoleResident, RoleContractor, Role("landlord")} {
		for _, in := range allIntents {
			t.Run(string(role)+"/"+string(in), func(t *testing.T) {
				want := true
				if roles, ok := only[in]; ok {
					want = false
					for _, r := range roles {
						want = want || r == role
					}
				}
				if got := role.Allows(in); got != want {
					t.Errorf("%s.Allows(%s) = %v, want %v", role, in, got, want)
				}
			})
		}
	}
}

// TestRoleRestriction sends each role messages meant for another role's intents: the answer is
// the closest intent the role has, or unknown — never the other role's intent.
func TestRoleRestriction(t *testing.T) {
	v := mustVocabulary(t)
	tests := []struct {
		name string
		role Role
		in   string
		want Intent
	}{
		{name: "resident asks a leaseholder's balance", role: RoleResident, in: "what's Jane Smith's balance", want: IntentUnknown},
		{name: "resident asks own balance", role: RoleResident, in: "what's my balance", want: IntentNextDemand},
		{name: "resident asks arrears", role: RoleResident, in: "has the arrears chase gone out for flat 2", want: IntentUnknown},
		{name: "resident asks site spend", role: RoleResident, in: "spend at riverside this month", want: IntentUnknown},
		{name: "resident unlinks", role: RoleResident, in: "unlink my number", want: IntentUnknown},
		{name: "resident completes a work order", role: RoleResident, in: "mark WO-2026-0042 complete", want: IntentUnknown},
		{name: "contractor asks a balance", role: RoleContractor, in: "balance for flat 3", want: IntentUnknown},
		{name: "contractor raises a ticket", role: RoleContractor, in: "raise a ticket for the broken gate", want: IntentUnknown},
		{name: "contractor asks next demand", role: RoleContractor, in: "when is the next service charge due", want: IntentUnknown},
		{name: "contractor photo of a leak", role: RoleContractor, in: "photo of the leak", want: IntentUploadPhoto},
		{name: "staff accepts a work order", role: RoleStaff, in: "accept", want: IntentUnknown},
		{name: "staff asks to pay", role: RoleStaff, in: "payment link please", want: IntentUnknown},
		{name: "staff on site", role: RoleStaff, in: "on my way", want: IntentUnknown},
		{name: "staff balance", role: RoleStaff, in: "what's Jane Smith's balance", want: IntentBalance},
		{name: "unknown role greets", role: Role("landlord"), in: "hello", want: IntentGreeting},
		{name: "unknown role asks a balance", role: Role("landlord"), in: "balance for Jane Smith", want: IntentUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Parse(tt.in, tt.role, v, thursday)
			if r.Intent != tt.want {
				t.Errorf("Parse(%q, %s) = %s, want %s\ntrace: %v", tt.in, tt.role, r.Intent, tt.want, r.Trace)
			}
			if !tt.role.Allows(r.Intent) {
				t.Errorf("Parse(%q, %s) = %s, not a %s intent", tt.in, tt.role, r.Intent, tt.role)
			}
		})
	}
}
