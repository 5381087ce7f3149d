package property

import "testing"

func TestRefs(t *testing.T) {
	for _, tc := range []struct {
		kind, ref string
		want      bool
	}{
		{RefTicket, "TKT-2026-0042", true},
		{RefTicket, "WO-2026-0042", false},
		{RefWorkOrder, "WO-2026-0042", true},
		{RefInvoice, "INV-2026-0311", true},
		{RefTicket, "TKT-2026-42", false},
		{RefTicket, "tkt-2026-0042", false},
		{RefTicket, "TKT-2026-0042 ", false},
	} {
		if got := ValidRef(tc.kind, tc.ref); got != tc.want {
			t.Errorf("ValidRef(%q, %q) = %v, want %v", tc.kind, tc.ref, got, tc.want)
		}
	}
	if got, want := FormatRef(RefTicket, 2026, 42), "TKT-2026-0042"; got != want {
		t.Errorf("FormatRef: got %q, want %q", got, want)
	}
	if got := RefYear("WO-2031-0007"); got != 2031 {
		t.Errorf("RefYear: got %d, want 2031", got)
	}
}

func TestWorkOrderInvolves(t *testing.T) {
	w := WorkOrder{VendorID: "v1", InvitedIDs: []string{"v2"}}
	for id, want := range map[string]bool{"v1": true, "v2": true, "v3": false, "": false} {
		if got := w.Involves(id); got != want {
			t.Errorf("Involves(%q) = %v, want %v", id, got, want)
		}
	}
}
