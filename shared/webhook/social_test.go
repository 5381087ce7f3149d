package webhook

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
)

// The linked number and WABA of socialmessaging's event fixtures.
const (
	socialPhoneARN = "arn:aws:social-messaging:eu-west-1:123456789012:phone-number-id/976c72a700aac43eaf573ae050example"
	socialWABAARN  = "arn:aws:social-messaging:eu-west-1:123456789012:waba/fb2594b8a7974770b128a409e2example"
)

func socialEvent(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../whatsapp/socialmessaging/testdata/events/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDeliverSocial(t *testing.T) {
	for _, name := range []string{"received_text_sns.json", "received_text_raw.json"} {
		t.Run("routes by the number's ARN: "+name, func(t *testing.T) {
			r := newRig(t)
			r.phones.orgs[socialPhoneARN] = orgA
			body := socialEvent(t, name)
			if err := r.svc.DeliverSocial(context.Background(), body); err != nil {
				t.Fatalf("DeliverSocial: %v", err)
			}
			got := r.inbound()
			if len(got) != 1 {
				t.Fatalf("queued %d events, want 1", len(got))
			}
			in := got[0]
			if in.OrgID != orgA || in.Event.PhoneNumberID != socialPhoneARN || in.Event.Provider != messaging.ProviderAWSSocial ||
				in.Event.Message == nil || in.Event.Message.ID != "wamid.IN1" {
				t.Errorf("queued %+v, want org-a's text wamid.IN1 from the number's ARN, provider aws-social", in)
			}
			sent := r.queue.Sent()[0]
			if got, want := sent.GroupID, in.GroupKey(); got != want {
				t.Errorf("group = %q, want the person's %q", got, want)
			}
			if got, want := sent.DeduplicationID, DeduplicationID(in); got != want {
				t.Errorf("dedupe id = %q, want %q", got, want)
			}
			// A redelivery carries the same dedupe id, so SQS drops it.
			if err := r.svc.DeliverSocial(context.Background(), body); err != nil {
				t.Fatalf("DeliverSocial again: %v", err)
			}
			if got, want := r.queue.Sent()[1].DeduplicationID, sent.DeduplicationID; got != want {
				t.Errorf("redelivery dedupe id = %q, want %q", got, want)
			}
		})
	}
	t.Run("a number no organisation uses is dropped and counted", func(t *testing.T) {
		r := newRig(t)
		if err := r.svc.DeliverSocial(context.Background(), socialEvent(t, "received_text_sns.json")); err != nil {
			t.Fatalf("DeliverSocial: %v", err)
		}
		if n := len(r.inbound()); n != 0 {
			t.Errorf("queued %d events, want 0", n)
		}
		if diff := cmp.Diff(1.0, r.metrics.Counts()[MetricUnrouted]); diff != "" {
			t.Errorf("unrouted metric (-want +got):\n%s", diff)
		}
	})
	t.Run("a body that is not an event is unusable", func(t *testing.T) {
		r := newRig(t)
		if err := r.svc.DeliverSocial(context.Background(), []byte(`{"Type":"Notification","Message":"{}"}`)); !errors.Is(err, ErrUnusableEvent) {
			t.Errorf("error = %v, want ErrUnusableEvent", err)
		}
	})
	t.Run("a queue failure is retried, not dropped", func(t *testing.T) {
		r := newRig(t)
		r.phones.orgs[socialPhoneARN] = orgA
		r.queue.Err = errQueueDown
		err := r.svc.DeliverSocial(context.Background(), socialEvent(t, "received_text_sns.json"))
		if err == nil || errors.Is(err, ErrUnusableEvent) {
			t.Errorf("error = %v, want a retryable error", err)
		}
	})
}
