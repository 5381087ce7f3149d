package assistant

import (
	"slices"
	"strings"
	"testing"
)

func TestResident(t *testing.T) {
	tests := []struct {
		name  string
		phone string
		text  string
		u     Understanding
		want  []string
	}{
		{name: "next demand", text: "when is my next bill", u: u(IntentNextDemand), want: []string{"Your next demand is INV-2026-0311: £1,250.00 service charge for Flat 1, Riverside Court, due Tue 31 Mar 2026."}},
		{name: "no open demand", phone: phoneBR, text: "when is my next bill", u: u(IntentNextDemand), want: []string{"You have no demands due."}},
		{name: "pay the next demand", text: "how do i pay", u: u(IntentPayInvoice), want: []string{"To pay INV-2026-0311 (£1,250.00, due Tue 31 Mar 2026), use this secure link:\nhttps://portal.example/pay/INV-2026-0311", "never ask for card details"}},
		{name: "pay a named demand", text: "pay inv-2026-0311", u: u(IntentPayInvoice, EntInvoice, "INV-2026-0311"), want: []string{"https://portal.example/pay/INV-2026-0311"}},
		{name: "pay a paid demand", text: "pay inv-2026-0200", u: u(IntentPayInvoice, EntInvoice, "INV-2026-0200"), want: []string{"INV-2026-0200 has nothing to pay (Paid)."}},
		{name: "pay without a link", phone: phoneTom, text: "how do i pay", u: u(IntentPayInvoice), want: []string{"INV-2026-0320 (£640.00, due Wed 1 Apr 2026) can't be paid online yet."}},
		{name: "own ticket", text: "news on tkt 42", u: u(IntentTicketStatus, EntTicket, "TKT-2026-0042"), want: []string{"TKT-2026-0042: Leak in bathroom ceiling. Status In progress", "A plumber is booked"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.nlu.parse[tt.text] = tt.u
			phone := tt.phone
			if phone == "" {
				phone = phoneJane
			}
			wantContains(t, w.say(phone, tt.text), tt.want...)
			if got := w.plat.writes(); got != 0 {
				t.Errorf("writes = %d, want 0", got)
			}
		})
	}
	t.Run("raise a request with photos on their unit", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["the hallway light is broken"] = u(IntentRaiseTicket)
		req := w.turn(phoneJane, "the hallway light is broken")
		req.AttachmentIDs = []string{"att-5"}
		wantContains(t, w.only(w.send(req)), "Raise a Maintenance ticket (Medium priority) for Flat 1, Riverside Court with 1 photo?")
		wantContains(t, w.say(phoneJane, "yes"), "Raised TKT-2026-0501", "with 1 photo")
		nt := w.plat.created[0]
		if nt.UnitID != "unit-riverside-1" || nt.SiteID != "site-riverside" || nt.ReporterID != "c-jane" || !slices.Equal(nt.Opening.AttachmentIDs, []string{"att-5"}) || nt.Opening.AuthorKind != "resident" {
			t.Errorf("ticket = %+v", nt)
		}
	})
	t.Run("talk to staff flags the conversation", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["speak to a person"] = u(IntentTalkToStaff)
		wantContains(t, w.say(phoneJane, "speak to a person"), "asked the team")
		if got, want := w.flags.flags, []string{"conv-" + phoneJane + "|" + FlagTalkToStaff}; !slices.Equal(got, want) {
			t.Errorf("flags = %q, want %q", got, want)
		}
	})
	t.Run("understanding sees only their own records", func(t *testing.T) {
		w := newWorld(t)
		w.say(phoneJane, "hi")
		d := w.nlu.dirs[len(w.nlu.dirs)-1]
		if len(d.Units) != 1 || d.Units[0].ID != "unit-riverside-1" || len(d.Contacts) != 1 || d.Contacts[0].ID != "c-jane" || len(d.Sites) != 1 {
			t.Errorf("directory given to understanding = %+v, want Jane's unit, site and herself", d)
		}
	})
}

func TestContractor(t *testing.T) {
	t.Run("a button naming no work order reference is not an invitation", func(t *testing.T) {
		w := newWorld(t)
		if got := w.press(phoneBob, "wo:accept:../WO-2026-0060"); strings.Contains(got, "Accept WO") {
			t.Errorf("reply = %q, want no invitation read from a malformed reference", got)
		}
		w.press(phoneBob, "confirm:yes")
		if got := w.plat.writes(); got != 0 {
			t.Errorf("writes = %d, want none", got)
		}
	})
	t.Run("accept an invitation by button", func(t *testing.T) {
		w := newWorld(t)
		wantContains(t, w.press(phoneBob, "wo:accept:WO-2026-0060"), "Accept WO-2026-0060: Gutter clearing at Riverside Court, by Fri 3 Apr 2026?")
		if got := w.plat.writes(); got != 0 {
			t.Fatalf("writes before yes = %d", got)
		}
		wantContains(t, w.press(phoneBob, "confirm:yes"), "Accepted WO-2026-0060.")
		up := w.plat.updates[0]
		if up.VendorID != "v-bob" || up.Status != "Approved" || up.By != "v-bob" {
			t.Errorf("update = %+v", up)
		}
	})
	t.Run("decline an invitation typed", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["no thanks, can't do the gutters"] = u(IntentDeclineWorkOrder)
		wantContains(t, w.say(phoneBob, "no thanks, can't do the gutters"), "Decline WO-2026-0060")
		wantContains(t, w.say(phoneBob, "yes"), "Declined WO-2026-0060.")
		if up := w.plat.updates[0]; up.VendorID != "" || up.Status != "" {
			t.Errorf("decline changed the award: %+v", up)
		}
	})
	t.Run("started moves Approved to In progress", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["on site now"] = u(IntentWorkOrderUpdate, EntStatusHint, StatusStarted)
		wantContains(t, w.say(phoneBob, "on site now"), "Noted on WO-2026-0042. Status: In progress.")
		if up := w.plat.updates[0]; up.Status != "In progress" || up.Note != "on site now" {
			t.Errorf("update = %+v", up)
		}
	})
	t.Run("progress note", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["waiting for parts"] = u(IntentWorkOrderUpdate)
		wantContains(t, w.say(phoneBob, "waiting for parts"), "Noted on WO-2026-0042.")
		if up := w.plat.updates[0]; up.Status != "" {
			t.Errorf("status changed: %+v", up)
		}
	})
	t.Run("photo without words lands on their work order", func(t *testing.T) {
		w := newWorld(t)
		req := w.turn(phoneBob, "")
		req.Type, req.AttachmentIDs = "image", []string{"att-7"}
		wantContains(t, w.only(w.send(req)), "Added 1 photo to WO-2026-0042.")
		if up := w.plat.updates[0]; !slices.Equal(up.AttachmentIDs, []string{"att-7"}) || up.IdempotencyKey != req.MessageID {
			t.Errorf("update = %+v", up)
		}
	})
	t.Run("complete their own work order", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["job done"] = u(IntentCompleteWorkOrder)
		wantContains(t, w.say(phoneBob, "job done"), "Mark WO-2026-0042 (Leaking roof) complete?")
		wantContains(t, w.say(phoneBob, "yes"), "Done: WO-2026-0042 is now Completed.")
	})
	t.Run("list work orders", func(t *testing.T) {
		w := newWorld(t)
		w.nlu.parse["my jobs"] = u(IntentListWorkOrders)
		wantContains(t, w.say(phoneBob, "my jobs"), "WO-2026-0042 Leaking roof, Riverside Court (Approved)", "WO-2026-0060 Gutter clearing, Riverside Court (invitation)")
	})
	t.Run("understanding sees no names", func(t *testing.T) {
		w := newWorld(t)
		w.say(phoneBob, "hi")
		if d := w.nlu.dirs[len(w.nlu.dirs)-1]; len(d.Sites)+len(d.Units)+len(d.Contacts) != 0 {
			t.Errorf("directory given to understanding = %+v, want empty", d)
		}
	})
}

func TestHelpAndUnknown(t *testing.T) {
	for phone, want := range map[string]string{phoneAlex: "a leaseholder's balance", phoneJane: "your next demand", phoneBob: "your jobs"} {
		w := newWorld(t)
		wantContains(t, w.say(phone, "help"), "Here's what I can do", want)
	}
	t.Run("unknown passed on as a Query ticket for a resident", func(t *testing.T) {
		w := newWorld(t)
		req := w.turn(phoneJane, "the neighbours' parrot")
		wantContains(t, w.only(w.send(req)), "Sorry, I didn't understand that. Shall I pass your message to the team?")
		wantContains(t, w.press(phoneJane, "confirm:yes"), "Raised TKT-2026-0501 (Query")
		if nt := w.plat.created[0]; nt.Category != "Query" || nt.Opening.Text != "the neighbours' parrot" || nt.IdempotencyKey != req.MessageID || nt.UnitID != "unit-riverside-1" {
			t.Errorf("ticket = %+v", nt)
		}
	})
	t.Run("unknown passed on as a flag for a contractor", func(t *testing.T) {
		w := newWorld(t)
		w.say(phoneBob, "blah blah")
		wantContains(t, w.say(phoneBob, "yes"), "passed it to the team")
		if got, want := w.flags.flags, []string{"conv-" + phoneBob + "|" + FlagNotUnderstood}; !slices.Equal(got, want) {
			t.Errorf("flags = %q, want %q", got, want)
		}
	})
	t.Run("unknown not passed on when no", func(t *testing.T) {
		w := newWorld(t)
		w.say(phoneBob, "blah blah")
		w.say(phoneBob, "no")
		if len(w.flags.flags) != 0 || w.plat.writes() != 0 {
			t.Errorf("flags %q writes %d, want none", w.flags.flags, w.plat.writes())
		}
	})
}
