package platformhttp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/proplink/chat/shared/property"
)

// envelope is the contract's answer: {"success": true, "data": …}.
type envelope struct {
	Success *bool           `json:"success"`
	Data    json.RawMessage `json:"data"`
	Error   string          `json:"error"`
}

// Decode reads a successful answer's envelope and its data into out (a pointer to a record,
// a list of records, People, Directory or Spend) and checks what the assistant relies on:
// references well-formed, lists present. Fields it does not know are ignored.
func Decode(body []byte, out any) error {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("answer is not the JSON envelope: %w", err)
	}
	if env.Success == nil || !*env.Success {
		return errors.New("answer does not say success")
	}
	if len(env.Data) == 0 || bytes.Equal(env.Data, []byte("null")) {
		return errors.New("answer has no data")
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("answer's data: %w", err)
	}
	return check(out)
}

// check validates decoded data.
func check(v any) error {
	switch d := v.(type) {
	case *property.Ticket:
		if !property.ValidRef(property.RefTicket, d.Ref) {
			return fmt.Errorf("ticket reference %q is malformed", d.Ref)
		}
		if d.Messages == nil {
			d.Messages = []property.TicketMessage{}
		}
	case *property.WorkOrder:
		if !property.ValidRef(property.RefWorkOrder, d.Ref) {
			return fmt.Errorf("work order reference %q is malformed", d.Ref)
		}
	case *[]property.WorkOrder:
		for _, w := range *d {
			if err := check(&w); err != nil {
				return err
			}
		}
	case *[]property.Demand:
		for _, x := range *d {
			if !property.ValidRef(property.RefInvoice, x.Ref) {
				return fmt.Errorf("demand reference %q is malformed", x.Ref)
			}
		}
	case *property.People:
		if d.Contacts == nil || d.Vendors == nil {
			return errors.New("people without contacts or vendors")
		}
		for i := range d.Contacts {
			if d.Contacts[i].UnitIDs == nil {
				d.Contacts[i].UnitIDs = []string{}
			}
		}
	case *property.Directory:
		if d.Sites == nil || d.Units == nil || d.Contacts == nil {
			return errors.New("directory without sites, units or contacts")
		}
		for i := range d.Contacts {
			if d.Contacts[i].UnitIDs == nil {
				d.Contacts[i].UnitIDs = []string{}
			}
		}
	case *property.ArrearsCase:
		if d.Done == nil {
			d.Done = []property.ArrearsStep{}
		}
	}
	return nil
}
