package webhook

import (
	"context"
	"errors"
	"fmt"

	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp/socialmessaging"
)

// ErrUnusableEvent wraps a social-messaging event that can never be delivered (not an event,
// or naming too many accounts): its consumer drops it rather than retry it.
var ErrUnusableEvent = errors.New("webhook: unusable End User Messaging Social event")

// DeliverSocial puts one AWS End User Messaging Social event (an SQS body from the events
// topic's subscription) on the inbound queue as the webhook path does: each event routed to the
// organisation whose settings name the linked phone number's ARN (or, for an event without a
// number, the WABA's ARN), carrying those ARNs as its number and account, grouped per person
// and deduplicated by the same ids. No signature is checked: only the topic may send to the
// queue. It returns nil once every routed event is on the queue, an error wrapping
// ErrUnusableEvent for a body to drop, and any other error for one to retry.
func (s *Service) DeliverSocial(ctx context.Context, body []byte) error {
	log := obs.Logger(ctx).With("provider", "aws-social", "bytes", len(body))
	ev, err := socialmessaging.ParseEvent(body)
	if err != nil {
		s.count(MetricProblems, 1, nil)
		return fmt.Errorf("%w: %w", ErrUnusableEvent, err)
	}
	if len(ev.PhoneNumbers)+len(ev.WABAs) > MaxRoutes {
		return fmt.Errorf("%w: %d numbers and accounts, over %d", ErrUnusableEvent, len(ev.PhoneNumbers)+len(ev.WABAs), MaxRoutes)
	}
	rt := routing{phones: map[string]string{}, wabas: map[string]string{}}
	phoneARN, wabaARN := map[string]string{}, map[string]string{}
	for _, n := range ev.PhoneNumbers {
		if err := s.resolve(ctx, &rt, rt.phones, s.phones, n.ARN, nil); err != nil {
			return fmt.Errorf("webhook: route of %s: %w", n.ARN, err)
		}
		phoneARN[n.MetaID] = n.ARN
	}
	if s.wabas != nil {
		for _, w := range ev.WABAs {
			if err := s.resolve(ctx, &rt, rt.wabas, s.wabas, w.ARN, nil); err != nil {
				return fmt.Errorf("webhook: route of %s: %w", w.ARN, err)
			}
			wabaARN[w.MetaID] = w.ARN
		}
	}
	events := ev.Parsed.Events
	for i := range events {
		// Settings and routes name the ARNs; the entry names Meta's ids.
		if arn, ok := phoneARN[events[i].PhoneNumberID]; ok {
			events[i].PhoneNumberID = arn
		}
		if arn, ok := wabaARN[events[i].WABAID]; ok {
			events[i].WABAID = arn
		}
	}
	msgs, kinds, unrouted, err := s.envelopes(rt, events)
	if err != nil {
		return err
	}
	s.logProblems(log, ev.Parsed)
	if unrouted > 0 {
		log.Warn("social-messaging events for numbers no organisation uses were dropped", "events", unrouted, "arns", rt.unknown)
		s.count(MetricUnrouted, float64(unrouted), nil)
	}
	if len(msgs) > 0 {
		if err := s.queue.SendBatch(ctx, msgs); err != nil {
			return fmt.Errorf("webhook: enqueue %d social-messaging events: %w", len(msgs), err)
		}
	}
	for kind, n := range kinds {
		s.count(obs.MetricWebhookEvents, float64(n), map[string]string{"Kind": kind})
	}
	log.Info("social-messaging event accepted", "event_id", ev.MessageID, "orgs", rt.orgs(), "events", len(msgs))
	return nil
}
