package simulator

import "testing"

func TestReadReceipts(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		wantStatus int
		recorded   bool
	}{
		{"read receipt", `{"messaging_product":"whatsapp","status":"read","message_id":"wamid.ABC"}`, 200, true},
		{"not a wamid", `{"messaging_product":"whatsapp","status":"read","message_id":"123"}`, 400, false},
		{"another status", `{"messaging_product":"whatsapp","status":"delivered","message_id":"wamid.ABC"}`, 400, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newTestSim()
			got := call(t, sim.Handler(), "POST", sendPath, bearer, tt.body)
			if got.Status != tt.wantStatus {
				t.Fatalf("status %d %s, want %d", got.Status, got.Raw, tt.wantStatus)
			}
			if tt.recorded && got.Body["success"] != true {
				t.Errorf("answer %s, want {\"success\":true}", got.Raw)
			}
			reads := sim.ReadReceipts()
			if (len(reads) == 1) != tt.recorded || (tt.recorded && reads[0].MessageID != "wamid.ABC") {
				t.Errorf("receipts %+v, recorded want %v", reads, tt.recorded)
			}
			if len(sim.Sent()) != 0 {
				t.Errorf("a read receipt was recorded as a send")
			}
		})
	}
}
