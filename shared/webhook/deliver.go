package webhook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// The answers of a webhook POST.
var (
	answerOK           = apigw.JSON(http.StatusOK, reply{Success: true}, nil)
	answerBadSignature = apigw.JSON(http.StatusUnauthorized, failure("Invalid signature"), nil)
	answerBadBody      = apigw.JSON(http.StatusBadRequest, failure("Invalid webhook body"), nil)
	answerRetry        = apigw.JSON(http.StatusInternalServerError, failure("Webhook not accepted; please retry"), nil)
)

// Deliver handles one webhook POST of provider (messaging.ProviderMeta or ProviderDialog360):
// the raw body and its X-Hub-Signature-256 header. It answers 401 unless the body verifies for
// every organisation it names (checked as each is found), 500 when a lookup, a secret or the
// queue failed (the provider retries), and
// 200 once every routed event is on the queue.
func (s *Service) Deliver(ctx context.Context, provider string, body []byte, signature string) apigw.Response {
	l := deliveryLog{base: obs.Logger(ctx), provider: provider, bytes: len(body)}
	if signature == "" {
		return s.reject(l.tagged(), "missing", meta.ErrMissingSignature)
	}
	return s.deliver(ctx, l, provider, body, s.appSignature(body, signature))
}

// deliveryLog writes one delivery's log lines, each naming the provider and the body's size;
// the line of every accepted delivery is written without building a derived logger.
type deliveryLog struct {
	base     *slog.Logger
	provider string
	bytes    int
}

// tagged is the logger for the delivery's other lines.
func (l deliveryLog) tagged() *slog.Logger {
	return l.base.With("provider", l.provider, "bytes", l.bytes)
}

// accepted logs a delivery whose events are on the queue.
func (l deliveryLog) accepted(ctx context.Context, orgs []string, events, problems int) {
	l.base.LogAttrs(ctx, slog.LevelInfo, "webhook accepted", slog.String("provider", l.provider),
		slog.Int("bytes", l.bytes), slog.Any("orgs", orgs), slog.Int("events", events), slog.Int("problems", problems))
}

// deliver routes a body whose credentials check verifies for each organisation it names (nil:
// verified for all at once) and enqueues its events.
func (s *Service) deliver(ctx context.Context, l deliveryLog, provider string, body []byte, check verifier) apigw.Response {
	// One pass finds the numbers to route and verify by and the events, which are trusted only
	// once the signature verified for every organisation the body names.
	parsed, perr := meta.ParseWebhook(body)
	var rt routing
	var err error
	if perr == nil {
		rt, err = s.routeIDs(ctx, parsed.PhoneNumberIDs, parsed.WABAIDs, check)
	} else {
		rt, err = s.route(ctx, body, check)
	}
	var bad *signatureError
	switch {
	case errors.As(err, &bad):
		return s.reject(l.tagged().With("org_id", bad.org), bad.reason, bad.err)
	case errors.Is(err, errBadBody):
		l.tagged().Warn("webhook refused: body is not a routable webhook", "error", err)
		return answerBadBody
	case err != nil:
		l.tagged().Error("webhook not accepted: route lookup or secret failed", "error", err)
		return answerRetry
	}
	if perr != nil {
		l.tagged().Warn("webhook ignored: not a WhatsApp webhook", "error", perr, "signed", len(rt.orgs()) > 0)
		s.count(MetricProblems, 1, nil)
		return answerOK
	}
	parsed.SetProvider(provider)
	msgs, kinds, unrouted, err := s.envelopes(rt, parsed.Events)
	if err != nil {
		l.tagged().Error("webhook not accepted: an event does not encode", "error", err)
		return answerRetry
	}
	if len(parsed.Problems) > 0 || parsed.Truncated {
		s.logProblems(l.tagged(), parsed)
	}
	if unrouted > 0 {
		l.tagged().Warn("webhook events for numbers no organisation uses were dropped",
			"events", unrouted, "phone_number_ids", rt.unknown)
		s.count(MetricUnrouted, float64(unrouted), nil)
	}
	if len(msgs) > 0 {
		if err := s.queue.SendBatch(ctx, msgs); err != nil {
			l.tagged().Error("webhook not accepted: enqueue failed", "events", len(msgs), "error", err)
			return answerRetry
		}
	}
	for kind, n := range kinds {
		s.count(obs.MetricWebhookEvents, float64(n), map[string]string{"Kind": kind})
	}
	l.accepted(ctx, rt.orgs(), len(msgs), len(parsed.Problems))
	return answerOK
}

// reject answers 401 for a signature that did not verify, with a log line and a metric.
func (s *Service) reject(log *slog.Logger, reason string, err error) apigw.Response {
	log.Warn("webhook refused: signature", "reason", reason, "error", err)
	s.count(MetricRejected, 1, map[string]string{"Reason": reason})
	return answerBadSignature
}

// envelopes wraps each routed event for the inbound queue and counts events by kind; events of
// numbers (or accounts) no organisation uses are only counted. The error is an event that does
// not encode.
func (s *Service) envelopes(rt routing, events []whatsapp.Event) (msgs []messaging.QueueMessage, kinds map[string]int, unrouted int, err error) {
	at := s.now().UTC()
	kinds = map[string]int{}
	msgs = make([]messaging.QueueMessage, 0, len(events))
	// One buffer for every body, each message keeping its own slice of it, with room for a
	// typical envelope per event (a text's is about 800 bytes, a status's 450).
	buf := make([]byte, 0, 1024*len(events))
	for _, ev := range events {
		org := rt.orgOf(ev)
		if org == "" {
			unrouted++
			continue
		}
		var m messaging.QueueMessage
		if m, buf, err = envelope(whatsapp.Inbound{OrgID: org, ReceivedAt: at, Event: ev}, buf); err != nil {
			return nil, nil, 0, err
		}
		msgs = append(msgs, m)
		kinds[ev.Kind()]++
	}
	return msgs, kinds, unrouted, nil
}

// envelope is in as an inbound queue message, its body encoded by appending to buf (which it
// returns grown): whatsapp.Inbound.AppendJSON keeps a message's raw JSON as received and costs
// a fraction of json.Marshal.
func envelope(in whatsapp.Inbound, buf []byte) (messaging.QueueMessage, []byte, error) {
	start := len(buf)
	buf, err := in.AppendJSON(buf)
	if err != nil {
		return messaging.QueueMessage{}, buf[:start], fmt.Errorf("webhook: encode %s event: %w", in.Event.Kind(), err)
	}
	body := json.RawMessage(buf[start:len(buf):len(buf)])
	return messaging.QueueMessage{Body: body, GroupID: in.GroupKey(), DeduplicationID: DeduplicationID(in)}, buf, nil
}

// DeduplicationID is the inbound queue's deduplication id of an envelope: a hex SHA-256 of the
// organisation and the event's DedupeKey (64 characters, within SQS's 128), so a redelivered
// webhook item is dropped by SQS within its 5-minute window.
func DeduplicationID(in whatsapp.Inbound) string {
	sum := sha256.Sum256([]byte(in.OrgID + "\n" + in.Event.DedupeKey()))
	return hex.EncodeToString(sum[:])
}

// logProblems logs each item that did not parse, by position only (never its content).
func (s *Service) logProblems(log *slog.Logger, p meta.Parsed) {
	for _, pr := range p.Problems {
		log.Warn("webhook item skipped", "entry", pr.Entry, "change", pr.Change, "field", pr.Field,
			"kind", pr.Kind, "item", pr.Item, "item_id", pr.ID, "reason", pr.Reason)
	}
	if p.Truncated {
		log.Warn("webhook truncated", "max_items", meta.MaxWebhookItems)
	}
	s.count(MetricProblems, float64(len(p.Problems)), nil)
}
