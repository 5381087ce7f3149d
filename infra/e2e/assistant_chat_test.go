//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/property"
)

// chat is a person writing to the demo organisation's number.
type chat struct {
	t           *testing.T
	phone, name string
}

// send delivers in from the person, waits until the assistant has answered it (the session
// holds the turn with nothing left unsent), and returns the wamid and what the simulator
// received for the person since.
func (c *chat) send(in simulator.Inbound) (string, []simulator.SentMessage) {
	c.t.Helper()
	before := len(sentTo(c.phone))
	in.From, in.ProfileName = c.phone, c.name
	res, err := e.sim.Inject(context.Background(), in)
	if err != nil || fmt.Sprint(res.HTTPStatuses) != "[200]" {
		c.t.Fatalf("inject: %v %v", res.HTTPStatuses, err)
	}
	eventually(c.t, 30*time.Second, "the assistant's answer to "+res.WAMID, func() bool {
		s := sessionOf(c.t, c.phone)
		return s.LastMessageID == res.WAMID && len(s.Unsent) == 0
	})
	return res.WAMID, sentTo(c.phone)[before:]
}

// say sends text and returns the assistant's one reply.
func (c *chat) say(text string) simulator.SentMessage {
	c.t.Helper()
	_, got := c.send(simulator.Inbound{Text: text})
	return one(c.t, text, got)
}

// tap presses a reply button of a message the person received and returns the one reply.
func (c *chat) tap(m simulator.SentMessage, id string) simulator.SentMessage {
	c.t.Helper()
	for _, b := range m.Buttons() {
		if b.ID == id {
			_, got := c.send(simulator.Inbound{ReplyTo: m.WAMID, Interactive: &simulator.InboundInteractive{Type: "button_reply", ID: b.ID, Title: b.Title}})
			return one(c.t, "tap "+id, got)
		}
	}
	c.t.Fatalf("no button %q on %q (buttons %v)", id, m.Body(), m.Buttons())
	return simulator.SentMessage{}
}

// photo sends a photo with a caption and returns its attachment id and the one reply.
func (c *chat) photo(caption string) (string, simulator.SentMessage) {
	c.t.Helper()
	media := e.sim.AddMedia(photo, "image/jpeg")
	wamid, got := c.send(simulator.Inbound{Type: "image", Media: &simulator.InboundMedia{ID: media, MimeType: "image/jpeg", Caption: caption}})
	for _, m := range inboundOf(c.t, c.phone) {
		if m.ID == wamid && m.Media != nil && m.Media.AttachmentID != "" {
			return m.Media.AttachmentID, one(c.t, "photo "+caption, got)
		}
	}
	c.t.Fatalf("the photo %s has no attachment in the conversation", wamid)
	return "", simulator.SentMessage{}
}

// one returns the only message in got, failing the test when there are none or several.
func one(t *testing.T, said string, got []simulator.SentMessage) simulator.SentMessage {
	t.Helper()
	if len(got) != 1 {
		var bodies []string
		for _, m := range got {
			bodies = append(bodies, m.Body())
		}
		t.Fatalf("%q: got %d replies %q, want one", said, len(got), bodies)
	}
	return got[0]
}

// wantSaid fails the test unless the message says every one of parts.
func wantSaid(t *testing.T, m simulator.SentMessage, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(m.Body(), p) {
			t.Errorf("reply %q: want it to say %q", m.Body(), p)
		}
	}
}

// wantButtons fails the test unless the message has exactly these reply buttons' ids.
func wantButtons(t *testing.T, m simulator.SentMessage, ids ...string) {
	t.Helper()
	var got []string
	for _, b := range m.Buttons() {
		got = append(got, b.ID)
	}
	if strings.Join(got, ",") != strings.Join(ids, ",") {
		t.Errorf("reply %q: got buttons %v, want %v", m.Body(), got, ids)
	}
}

// refIn returns the first reference of the pattern in a reply.
func refIn(t *testing.T, m simulator.SentMessage, pattern string) string {
	t.Helper()
	ref := regexp.MustCompile(pattern).FindString(m.Body())
	if ref == "" {
		t.Fatalf("reply %q names no %s", m.Body(), pattern)
	}
	return ref
}

// linkedStaff links a new number to a new staff user of the demo organisation (all
// permissions, every site) through the API and the code sent from WhatsApp.
func linkedStaff(t *testing.T) *chat {
	t.Helper()
	token := mint(t, e.demo.OrgID, admin.AllPermissions...)
	r := call(t, "POST", "/api/me/whatsapp-link", token, "")
	code, _ := r.Body["data"].(map[string]any)["code"].(string)
	if r.Status != http.StatusOK || code == "" {
		t.Fatalf("start link: %d %s", r.Status, r.Raw)
	}
	c := &chat{t: t, phone: newPhone(), name: "Alex"}
	wantSaid(t, c.say(code), "Linked: you're Test User")
	return c
}

var recordSeq atomic.Int64

// seq is a number no other test's records use (9000-9999: references keep four digits).
func seq() int64 { return 9000 + recordSeq.Add(1) }

// resident is a new leaseholder of a new flat at Elm Gardens, with a balance and two open
// demands (the nearer one with a payment link), writing from a new number.
type resident struct {
	*chat
	contactID, unitID, demand, later string
}

func newResident(t *testing.T) resident {
	t.Helper()
	n := seq()
	r := resident{chat: &chat{t: t, phone: newPhone(), name: "Ola"}, contactID: fmt.Sprintf("c-e2e-%d", n), unitID: fmt.Sprintf("unit-e2e-%d", n),
		demand: fmt.Sprintf("INV-2026-%04d", n), later: fmt.Sprintf("INV-2027-%04d", n)}
	today := time.Now().Format(time.DateOnly)
	put(t, property.Unit{ID: r.unitID, SiteID: "site-elm", Label: fmt.Sprintf("Flat %d", n)},
		property.Contact{ID: r.contactID, Name: fmt.Sprintf("Ola Adeyemi%d", n), Phone: r.phone, UnitIDs: []string{r.unitID}},
		property.Balance{UnitID: r.unitID, Pence: 43210, AsAt: today},
		property.Demand{Ref: r.demand, UnitID: r.unitID, Kind: "Service charge", Pence: 43210, IssueDate: today,
			DueDate: time.Now().AddDate(0, 0, 12).Format(time.DateOnly), Status: property.DemandSent, PaymentURL: "https://portal.example/pay/" + r.demand},
		property.Demand{Ref: r.later, UnitID: r.unitID, Kind: "Ground rent", Pence: 15000, IssueDate: today,
			DueDate: time.Now().AddDate(0, 0, 90).Format(time.DateOnly), Status: property.DemandApproved})
	return r
}

// contractor is a new vendor writing from a new number, invited to one work order and awarded
// another (Approved), both at Riverside Court.
type contractor struct {
	*chat
	vendorID, invited, awarded string
}

func newContractor(t *testing.T) contractor {
	t.Helper()
	n := seq()
	c := contractor{chat: &chat{t: t, phone: newPhone(), name: "Reed"}, vendorID: fmt.Sprintf("v-e2e-%d", n),
		invited: fmt.Sprintf("WO-2026-%04d", n), awarded: fmt.Sprintf("WO-2027-%04d", n)}
	put(t, property.Vendor{ID: c.vendorID, Name: fmt.Sprintf("Drain Doctors %d", n), Phone: c.phone},
		property.WorkOrder{Ref: c.invited, SiteID: "site-riverside", Title: "Blocked drain", Status: property.WorkOrderSent,
			Deadline: time.Now().AddDate(0, 0, 5).Format(time.DateOnly), AccessNotes: "Bin store key in the key safe", InvitedIDs: []string{c.vendorID, "v-apex"}},
		property.WorkOrder{Ref: c.awarded, SiteID: "site-riverside", Title: "Replace stair lights", Status: property.WorkOrderApproved, VendorID: c.vendorID})
	return c
}

// put writes property records of the demo organisation to the built-in store.
func put(t *testing.T, rs ...property.Record) {
	t.Helper()
	for _, r := range rs {
		if err := e.store.PutRecord(context.Background(), e.demo.OrgID, r); err != nil {
			t.Fatal(err)
		}
	}
}

// workOrder reads a work order as the platform holds it.
func workOrder(t *testing.T, ref string) property.WorkOrder {
	t.Helper()
	w, err := e.store.WorkOrder(context.Background(), e.demo.OrgID, ref)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// ticket reads a ticket as the platform holds it.
func ticket(t *testing.T, ref string) property.Ticket {
	t.Helper()
	tk, err := e.store.Ticket(context.Background(), e.demo.OrgID, ref)
	if err != nil {
		t.Fatalf("ticket %s: %v", ref, err)
	}
	return tk
}

// conversation reads a person's conversation through the API.
func conversation(t *testing.T, phone string) map[string]any {
	t.Helper()
	r := callConv(t, "GET", convID(phone), "", "")
	if r.Status != http.StatusOK {
		t.Fatalf("conversation: %d %s", r.Status, r.Raw)
	}
	return r.Body["data"].(map[string]any)
}

// hasFlag reports whether the conversation carries flag.
func hasFlag(conv map[string]any, flag string) bool {
	flags, _ := conv["flags"].([]any)
	for _, f := range flags {
		if f == flag {
			return true
		}
	}
	return false
}
