package platformhttp

import (
	"testing"

	"github.com/proplink/chat/shared/property"
)

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		out        any
		ok         bool
	}{
		{"a ticket", `{"success":true,"data":{"ref":"TKT-2026-0042","status":"Open","extra":1}}`, &property.Ticket{}, true},
		{"a malformed reference", `{"success":true,"data":{"ref":"TKT-42"}}`, &property.Ticket{}, false},
		{"a failure envelope", `{"success":false,"error":"nope"}`, &property.Ticket{}, false},
		{"no success", `{"data":{"ref":"TKT-2026-0042"}}`, &property.Ticket{}, false},
		{"no data", `{"success":true}`, &property.Balance{}, false},
		{"null data", `{"success":true,"data":null}`, &property.Balance{}, false},
		{"not JSON", `<html>`, &property.Balance{}, false},
		{"a wrong type", `{"success":true,"data":{"balance_pence":"12"}}`, &property.Balance{}, false},
		{"people without vendors", `{"success":true,"data":{"contacts":[]}}`, &property.People{}, false},
		{"demands", `{"success":true,"data":[{"ref":"INV-2026-0311"}],"count":1}`, &[]property.Demand{}, true},
		{"a bad demand", `{"success":true,"data":[{"ref":"X"}]}`, &[]property.Demand{}, false},
		{"work orders", `{"success":true,"data":[{"ref":"WO-2026-0042"},{"ref":"WO-2026-0051"}]}`, &[]property.WorkOrder{}, true},
		{"a bad work order", `{"success":true,"data":[{"ref":"WO-2026-0042"},{"ref":""}]}`, &[]property.WorkOrder{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Decode([]byte(tc.body), tc.out)
			if (err == nil) != tc.ok {
				t.Errorf("got %v, want ok %v", err, tc.ok)
			}
		})
	}
}

// FuzzDecode feeds the adapter's response decoding whatever a platform might answer: it never
// panics, and what it accepts carries well-formed references and the lists the assistant ranges
// over.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"success":true,"data":{"ref":"TKT-2026-0042","messages":[{"text":"hi"}]}}`,
		`{"success":true,"data":{"contacts":[{"id":"c","unit_ids":null}],"vendors":[]}}`,
		`{"success":true,"data":[{"ref":"WO-2026-0042","notes":[{"by":"v","text":"x","at":"2026-01-01T00:00:00Z"}]}]}`,
		`{"success":true,"data":{"unit_id":"u","done":null,"next":{"day":7,"name":"x"}}}`,
		`{"success":false,"error":"x"}`, `null`, `[]`, `{"success":true,"data":1e999}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var tk property.Ticket
		if Decode(body, &tk) == nil && (!property.ValidRef(property.RefTicket, tk.Ref) || tk.Messages == nil) {
			t.Errorf("accepted ticket %+v", tk)
		}
		var ws []property.WorkOrder
		if Decode(body, &ws) == nil {
			for _, w := range ws {
				if !property.ValidRef(property.RefWorkOrder, w.Ref) {
					t.Errorf("accepted work order %+v", w)
				}
			}
		}
		var p property.People
		if Decode(body, &p) == nil && (p.Contacts == nil || p.Vendors == nil) {
			t.Errorf("accepted people %+v", p)
		}
		var d property.Directory
		if Decode(body, &d) == nil && (d.Sites == nil || d.Units == nil || d.Contacts == nil) {
			t.Errorf("accepted directory %+v", d)
		}
		var a property.ArrearsCase
		if Decode(body, &a) == nil && a.Done == nil {
			t.Errorf("accepted arrears %+v", a)
		}
		var sp property.Spend
		_ = Decode(body, &sp)
		var ds []property.Demand
		_ = Decode(body, &ds)
	})
}
