package whatsapp

import "time"

// Inbound is what the webhook function puts on the inbound queue for each webhook event: the
// event with the organisation its signature was verified for.
type Inbound struct {
	OrgID      string    `json:"org_id"`
	ReceivedAt time.Time `json:"received_at"`
	Event      Event     `json:"event"`
}

// GroupKey is the inbound queue's FIFO message group of an event: one organisation's business
// number and one person, so a person's messages and their messages' statuses keep their order.
func (in Inbound) GroupKey() string {
	who := ""
	switch {
	case in.Event.Message != nil:
		who = in.Event.Message.From
	case in.Event.Status != nil:
		who = in.Event.Status.RecipientID
	case in.Event.Preference != nil:
		who = in.Event.Preference.WAID
	}
	if who == "" {
		who = "account"
	}
	return in.OrgID + "#" + in.Event.PhoneNumberID + "#" + who
}
