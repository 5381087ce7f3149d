package simulator

import "testing"

func FuzzSend(f *testing.F) {
	f.Add(reminderBody("447700900123"))
	f.Add(photoBody(`{"type":"image","image":{"id":"1"}}`))
	f.Add(`{"messaging_product":"whatsapp","to":"1","type":"template","template":{"name":"job_photo","language":{"code":"en_GB"},"components":[{"type":"button","index":{}}]}}`)
	f.Add(`[]`)
	sim := newTestSim()
	h := sim.Handler()
	f.Fuzz(func(t *testing.T, body string) {
		a := call(t, h, "POST", sendPath, bearer, body)
		switch {
		case a.Status == 200:
			if _, ok := a.Body["messages"]; !ok {
				t.Errorf("200 without messages: %s", a.Raw)
			}
		case a.Status >= 400 && a.Status < 600:
			if a.errorCode() == 0 {
				t.Errorf("%d without a Meta error code: %s", a.Status, a.Raw)
			}
		default:
			t.Errorf("status %d", a.Status)
		}
	})
}
