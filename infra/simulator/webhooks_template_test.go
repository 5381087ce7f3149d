package simulator

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

func TestSendTemplateReview(t *testing.T) {
	s, rc := newHooked(t)
	codes, err := s.SendTemplateReview(context.Background(), TemplateReview{Name: "gas_safety_notice", Language: "en_GB", Event: "APPROVED"})
	if err != nil || len(codes) != 1 || codes[0] != 200 {
		t.Fatalf("SendTemplateReview = %v, %v; want one 200", codes, err)
	}
	evs := rc.events(t, testAppSecret)
	if len(evs) != 1 || evs[0].TemplateUpdate == nil {
		t.Fatalf("events = %+v, want one template update", evs)
	}
	tpl, _ := s.template("gas_safety_notice", "en_GB")
	want := whatsapp.TemplateStatusUpdate{TemplateID: tpl.ProviderID, Name: "gas_safety_notice", Language: "en_GB",
		Event: "APPROVED", Reason: "NONE", Category: tpl.Category, Timestamp: evs[0].TemplateUpdate.Timestamp}
	if diff := cmp.Diff(want, *evs[0].TemplateUpdate); diff != "" {
		t.Errorf("template update (-want +got):\n%s", diff)
	}
	if evs[0].WABAID != DefaultAccount.WABAID || evs[0].PhoneNumberID != "" {
		t.Errorf("event of WABA %q, number %q; want WABA %s and no number", evs[0].WABAID, evs[0].PhoneNumberID, DefaultAccount.WABAID)
	}
	rc.mu.Lock()
	body := rc.bodies[0]
	rc.mu.Unlock()
	if ids, err := meta.RoutingWABAIDs(body); err != nil || !cmp.Equal(ids, []string{DefaultAccount.WABAID}) {
		t.Errorf("RoutingWABAIDs = %v, %v; want the default account's", ids, err)
	}
	if tpl.Status != messaging.TemplateApproved {
		t.Errorf("the simulator's template is %s after approval, want APPROVED", tpl.Status)
	}
	if d := s.Webhooks(); len(d) != 1 || d[0].Kind != "template_status" || d[0].Status != "APPROVED" {
		t.Errorf("deliveries = %+v, want one template_status APPROVED", d)
	}
}

func TestSendTemplateReviewRefuses(t *testing.T) {
	s, rc := newHooked(t)
	tests := []struct {
		name string
		r    TemplateReview
	}{
		{"unknown template", TemplateReview{Name: "nope", Language: "en_GB", Event: "APPROVED"}},
		{"unknown account", TemplateReview{WABAID: "999", Name: "gas_safety_notice", Language: "en_GB", Event: "APPROVED"}},
		{"no event", TemplateReview{Name: "gas_safety_notice", Language: "en_GB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.SendTemplateReview(context.Background(), tt.r); err == nil {
				t.Error("got nil error")
			}
		})
	}
	if n := len(rc.events(t, testAppSecret)); n != 0 {
		t.Errorf("%d webhooks were sent for refused reviews", n)
	}
}
