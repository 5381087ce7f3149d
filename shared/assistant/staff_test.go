package assistant

import (
	"slices"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/property"
)

func TestStaff(t *testing.T) {
	tests := []struct {
		name  string
		phone string
		text  string
		u     Understanding
		want  []string
	}{
		{name: "balance by name", text: "balance jane smith", u: u(IntentBalance, EntContact, "c-jane"), want: []string{"Jane Smith (Flat 1, Riverside Court) owes £1,234.56 as at Tue 3 Mar 2026."}},
		{name: "balance by unit", text: "balance flat 2 riverside", u: u(IntentBalance, EntUnit, "unit-riverside-2"), want: []string{"John Smith (Flat 2, Riverside Court) is in credit by £50.00 as at Tue 3 Mar 2026."}},
		{name: "zero balance", text: "balance elm flat 1", u: u(IntentBalance, EntUnit, "unit-elm-1"), want: []string{"Sam Taylor (Flat 1, Elm Gardens) has a zero balance"}},
		{name: "balance in scope of a site-scoped user", phone: phoneSita, text: "balance tom", u: u(IntentBalance, EntContact, "c-tom"), want: []string{"Tom O'Brien (Flat 1, Harbour View) owes £777.00"}},
		{name: "arrears running", text: "arrears jane", u: u(IntentArrearsStatus, EntContact, "c-jane"), want: []string{"last step Second reminder email on Tue 17 Mar 2026.", "Next: Letter on Tue 24 Mar 2026."}},
		{name: "arrears paused", text: "arrears tom", u: u(IntentArrearsStatus, EntUnit, "unit-harbour-1"), want: []string{"last step Reminder email on Sun 8 Feb 2026.", "Paused until Thu 30 Apr 2026: Payment plan agreed."}},
		{name: "no arrears case", text: "arrears john", u: u(IntentArrearsStatus, EntContact, "c-john"), want: []string{"No arrears chase is running for John Smith (Flat 2, Riverside Court)."}},
		{name: "spend this month against budget", text: "spend at riverside", u: u(IntentSiteSpend, EntSite, "site-riverside"), want: []string{"Riverside Court, March 2026: £3,700.00 spent — bills £2,500.00 (3), work orders £1,200.00 (1). Budget £5,000.00: £1,300.00 left."}},
		{name: "spend of a named month", text: "spend at riverside in february", u: u(IntentSiteSpend, EntSite, "site-riverside", EntPeriod, "2026-02"), want: []string{"Riverside Court, February 2026: £0.00 spent"}},
		{name: "spend of the only site in scope", phone: phoneSita, text: "spend this month", u: u(IntentSiteSpend), want: []string{"Harbour View, March 2026: £888.00 spent"}},
		{name: "spend asks which site", text: "spend this month", u: u(IntentSiteSpend), want: []string{"Which site?", "1) Riverside Court", "3) Elm Gardens"}},
		{name: "ticket status", text: "tkt 42?", u: u(IntentTicketStatus, EntTicket, "TKT-2026-0042"), want: []string{"TKT-2026-0042: Leak in bathroom ceiling. Status In progress", "Latest, Wed 18 Mar 2026, Alex Morgan: A plumber is booked for Thursday."}},
		{name: "ticket status asks for the reference", text: "any news on the ticket", u: u(IntentTicketStatus), want: []string{"Which ticket?"}},
		{name: "balance of a contact with no name asks", text: "balance", u: u(IntentBalance), want: []string{"Whose balance?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.nlu.parse[tt.text] = tt.u
			phone := tt.phone
			if phone == "" {
				phone = phoneAlex
			}
			wantContains(t, w.say(phone, tt.text), tt.want...)
			if got := w.plat.writes(); got != 0 {
				t.Errorf("writes = %d, want 0", got)
			}
		})
	}
}

func TestStaffWrites(t *testing.T) {
	t.Run("a staff member who may only read cannot raise a ticket", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["bins not collected at harbour"] = u(IntentRaiseTicket, EntSite, "site-harbour")
		wantContains(t, w.say(phoneViewer, "bins not collected at harbour"), NotAllowed)
		w.say(phoneViewer, "yes")
		if len(w.plat.created) != 0 {
			t.Errorf("tickets raised: %+v, want none", w.plat.created)
		}
	})
	t.Run("a staff member who may only read still reads a balance", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["balance of flat 1 harbour"] = u(IntentBalance, EntUnit, "unit-harbour-1")
		if got := w.say(phoneViewer, "balance of flat 1 harbour"); strings.Contains(got, NotAllowed) {
			t.Errorf("reply = %q, want the balance", got)
		}
	})
	t.Run("raise a ticket on a site", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["bins not collected at harbour"] = u(IntentRaiseTicket, EntSite, "site-harbour", EntCategory, "Complaint")
		wantContains(t, w.say(phoneAlex, "bins not collected at harbour"), "Raise a Complaint ticket (Medium priority) for Harbour View?")
		wantContains(t, w.say(phoneAlex, "yes"), "Raised TKT-2026-0501 (Complaint, Medium priority).")
		nt := w.plat.created[0]
		if nt.SiteID != "site-harbour" || nt.UnitID != "" || nt.ReporterID != "u-alex" || nt.Opening.AuthorKind != "staff" || nt.Title != "bins not collected at harbour" {
			t.Errorf("ticket = %+v", nt)
		}
	})
	t.Run("raise a ticket asks the site", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["graffiti on the wall"] = u(IntentRaiseTicket)
		wantContains(t, w.say(phoneAlex, "graffiti on the wall"), "Which site is it at?", "2) Harbour View")
		wantContains(t, w.say(phoneAlex, "2"), "for Harbour View?")
		w.say(phoneAlex, "yes")
		if got := w.plat.created[0]; got.SiteID != "site-harbour" || got.Opening.Text != "graffiti on the wall" {
			t.Errorf("ticket = %+v", got)
		}
	})
	t.Run("raise a ticket on an ambiguous flat", func(t *testing.T) {
		w := newWorld(t)
		amb := u(IntentRaiseTicket, EntPriority, "High")
		amb.Candidates = map[string][]Candidate{EntUnit: {{ID: "unit-riverside-1"}, {ID: "unit-harbour-1"}}}
		w.nlu.parse["no hot water in flat 1"] = amb
		wantContains(t, w.say(phoneAlex, "no hot water in flat 1"), "Which one?", "2) Flat 1, Harbour View")
		wantContains(t, w.press(phoneAlex, "choice:2"), "for Flat 1, Harbour View?")
		wantContains(t, w.press(phoneAlex, "confirm:yes"), "Raised TKT-2026-0501 (Maintenance, High priority)")
		if got := w.plat.created[0]; got.UnitID != "unit-harbour-1" || got.SiteID != "site-harbour" {
			t.Errorf("ticket = %+v", got)
		}
	})
	t.Run("a site-scoped user's understanding sees only their sites", func(t *testing.T) {
		w := newWorld(t)
		w.say(phoneSita, "hi")
		d := w.nlu.dirs[len(w.nlu.dirs)-1]
		for _, u := range d.Units {
			if u.SiteID != "site-harbour" {
				t.Errorf("unit %s of %s in the directory of a Harbour View user", u.ID, u.SiteID)
			}
		}
		if len(d.Sites) != 1 || len(d.Contacts) != 2 {
			t.Errorf("directory = %+v, want Harbour View, its units and its two contacts", d)
		}
	})
	t.Run("complete a work order with a photo", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["wo-2026-0042 done"] = u(IntentCompleteWorkOrder, EntWorkOrder, "WO-2026-0042")
		req := w.turn(phoneAlex, "WO-2026-0042 done")
		req.Type, req.AttachmentIDs = "image", []string{"att-1"}
		wantContains(t, w.only(w.send(req)), "Mark WO-2026-0042 (Leaking roof) complete with 1 photo?")
		wantContains(t, w.press(phoneAlex, "confirm:yes"), "Done: WO-2026-0042 is now Completed with 1 photo.")
		up := w.plat.updates[0]
		if up.Status != property.WorkOrderCompleted || !slices.Equal(up.AttachmentIDs, []string{"att-1"}) || up.IdempotencyKey != req.MessageID || up.By != "u-alex" || up.Note == "" {
			t.Errorf("update = %+v", up)
		}
	})
	t.Run("complete without a photo asks, then a photo joins", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["wo 42 finished"] = u(IntentCompleteWorkOrder, EntWorkOrder, "WO-2026-0042")
		req := w.turn(phoneAlex, "wo 42 finished")
		wantContains(t, w.only(w.send(req)), "There's no photo yet")
		photo := w.turn(phoneAlex, "")
		photo.Type, photo.AttachmentIDs = "image", []string{"att-9"}
		wantContains(t, w.only(w.send(photo)), "complete with 1 photo?")
		w.say(phoneAlex, "yes")
		if got := w.plat.updates; len(got) != 1 || !slices.Equal(got[0].AttachmentIDs, []string{"att-9"}) || got[0].IdempotencyKey != req.MessageID {
			t.Errorf("updates = %+v", got)
		}
	})
	t.Run("complete without a photo on yes", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["wo 42 finished"] = u(IntentCompleteWorkOrder, EntWorkOrder, "WO-2026-0042")
		w.say(phoneAlex, "wo 42 finished")
		wantContains(t, w.say(phoneAlex, "yes"), "is now Completed.")
	})
	t.Run("upload a photo onto a work order", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["wo-2026-0051 entry panel"] = u(IntentUploadPhoto, EntWorkOrder, "WO-2026-0051")
		req := w.turn(phoneSita, "WO-2026-0051 entry panel")
		req.AttachmentIDs = []string{"att-1", "att-2"}
		wantContains(t, w.only(w.send(req)), "Added 2 photos to WO-2026-0051.")
		if got := w.plat.updates; len(got) != 1 || got[0].Status != "" || len(got[0].AttachmentIDs) != 2 {
			t.Errorf("updates = %+v", got)
		}
	})
}
