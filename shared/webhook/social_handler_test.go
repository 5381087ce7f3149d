package webhook

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/fakes"
)

func TestSocialHandler(t *testing.T) {
	tests := []struct {
		name       string
		body       func(t *testing.T) string
		queueDown  bool
		wantFailed bool
		wantQueued int
		// wantVisible says the record was made visible at once (to reach the DLQ promptly).
		wantVisible bool
	}{
		{"raw event onto the inbound queue", func(t *testing.T) string { return string(socialEvent(t, "received_text_raw.json")) }, false, false, 1, false},
		{"SNS envelope onto the inbound queue", func(t *testing.T) string { return string(socialEvent(t, "received_text_sns.json")) }, false, false, 1, false},
		{"unusable body made visible for the dead-letter queue", func(*testing.T) string { return `{"context":{}}` }, false, true, 0, true},
		{"queue failure retried after the visibility timeout", func(t *testing.T) string { return string(socialEvent(t, "received_text_raw.json")) }, true, true, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			r.phones.orgs[socialPhoneARN] = orgA
			if tt.queueDown {
				r.queue.Err = errQueueDown
			}
			vis := &fakes.Visibility{}
			h := &SocialHandler{Service: r.svc, Visibility: vis}
			resp, err := h.Handle(context.Background(), events.SQSEvent{Records: []events.SQSMessage{{MessageId: "m1", ReceiptHandle: "rh1", Body: tt.body(t)}}})
			if err != nil {
				t.Fatalf("Handle: %v", err)
			}
			if got := len(resp.BatchItemFailures) == 1; got != tt.wantFailed {
				t.Errorf("record failed: got %v, want %v (%+v)", got, tt.wantFailed, resp)
			}
			if got := len(r.inbound()); got != tt.wantQueued {
				t.Errorf("queued: got %d, want %d", got, tt.wantQueued)
			}
			d, changed := vis.Of("rh1")
			if got := changed && d == 0; got != tt.wantVisible {
				t.Errorf("made visible at once: got %v (changed %v to %v), want %v", got, changed, d, tt.wantVisible)
			}
		})
	}
}
