package property

import (
	"errors"
	"testing"

	"github.com/proplink/chat/shared/messaging"
)

func TestCheck(t *testing.T) {
	parse := func(s string) (string, error) {
		if s == "+447700900123" {
			return s, nil
		}
		return "", errors.New("not E.164")
	}
	for _, tc := range []struct {
		name string
		r    Record
		ok   bool
	}{
		{"a site", Site{ID: "site-a", Name: "A"}, true},
		{"an id with a slash", Site{ID: "a/b", Name: "A"}, false},
		{"a site without a name", Site{ID: "a"}, false},
		{"a contact", Contact{ID: "c", Name: "C", Phone: "+447700900123"}, true},
		{"a contact with a bad phone", Contact{ID: "c", Name: "C", Phone: "0770"}, false},
		{"a credit balance", Balance{UnitID: "u", Pence: -1, AsAt: "2026-02-28"}, true},
		{"a balance on 30 February", Balance{UnitID: "u", AsAt: "2026-02-30"}, false},
		{"a demand", Demand{Ref: "INV-2026-0001", UnitID: "u", Kind: "k", Pence: 1, IssueDate: "2026-01-01", DueDate: "2026-01-31", Status: "Sent"}, true},
		{"a demand with a negative amount", Demand{Ref: "INV-2026-0001", UnitID: "u", Kind: "k", Pence: -1, IssueDate: "2026-01-01", DueDate: "2026-01-31", Status: "Sent"}, false},
		{"a demand with a work order reference", Demand{Ref: "WO-2026-0001", UnitID: "u", Kind: "k", IssueDate: "2026-01-01", DueDate: "2026-01-31", Status: "Sent"}, false},
		{"an arrears step with a bad date", ArrearsCase{UnitID: "u", Next: &ArrearsStep{Day: 7, Name: "x", Date: "soon"}}, false},
		{"a work order costed without a date", WorkOrder{Ref: "WO-2026-0001", SiteID: "s", Title: "t", Status: "Approved", CostPence: 5}, false},
		{"a budget for month 13", Budget{ID: "b", SiteID: "s", Month: "2026-13"}, false},
		{"a bill", Bill{ID: "b", SiteID: "s", Supplier: "x", Pence: 0, Date: "2026-03-01"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Check(tc.r, parse)
			if (err == nil) != tc.ok {
				t.Fatalf("got %v, want ok %v", err, tc.ok)
			}
			if err != nil && messaging.ErrorCode(err) != messaging.CodeInvalid {
				t.Errorf("code %s, want invalid", messaging.ErrorCode(err))
			}
		})
	}
	c, _ := Check(Contact{ID: "c", Name: "C"}, parse)
	if c.(Contact).UnitIDs == nil {
		t.Error("a contact without units keeps a nil list, want an empty one")
	}
}
