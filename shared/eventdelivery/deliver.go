package eventdelivery

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/proplink/chat/shared/consume"
	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

// maxAnswer bounds how much of an endpoint's answer is read (and thrown away).
const maxAnswer = 64 << 10

// deliver makes one attempt at a delivery record and logs it. A record whose endpoint was
// deleted since is done without a call.
func (s *Service) deliver(ctx context.Context, r platformevent.Record, d consume.Delivery) consume.Outcome {
	ev := r.Event
	ep, err := s.Endpoints.GetEndpoint(ctx, ev.OrgID, r.EndpointID)
	if messaging.ErrorCode(err) == messaging.CodeNotFound {
		return consume.Outcome{Action: consume.Done, Reason: "endpoint deleted"}
	}
	if err != nil {
		return consume.Of(fmt.Errorf("eventdelivery: endpoint %s: %w", r.EndpointID, err))
	}
	now := s.Now()
	var secrets []string
	for _, rev := range ep.SecretRevs(now) {
		v, err := s.Secrets.Get(ctx, platformevent.SecretName(ev.OrgID, ep.ID, rev))
		if err != nil {
			return consume.Of(fmt.Errorf("eventdelivery: signing secret of endpoint %s: %w", ep.ID, err))
		}
		secrets = append(secrets, v)
	}
	body, err := json.Marshal(ev)
	if err != nil {
		return consume.Of(consume.Permanent(fmt.Errorf("eventdelivery: encode %s: %w", ev.ID, err)))
	}
	a := platformevent.Attempt{EndpointID: ep.ID, EventID: ev.ID, EventType: ev.Type, Attempt: max(d.Receives, 1), At: now.UTC()}
	a.StatusCode, err = s.post(ctx, ep.URL, ev, secrets, body, now)
	a.LatencyMS = s.Now().Sub(now).Milliseconds()
	a.Outcome = platformevent.Classify(a.StatusCode)
	// The egress guard refusing the address (a name that resolves to a private or metadata
	// address) is as final as the endpoint refusing the event.
	permanent := a.Outcome == platformevent.DeadLettered || errors.Is(err, egress.ErrRefused)
	if err != nil {
		a.Error = err.Error()
	}
	if permanent || (a.Outcome == platformevent.Retrying && d.Last) {
		a.Outcome = platformevent.DeadLettered
	}
	s.Metrics.Count(MetricDeliveries, 1, map[string]string{"Outcome": string(a.Outcome)})
	out := s.outcome(ctx, r, a, permanent)
	if err := s.Log.RecordAttempt(ctx, ev.OrgID, a); err != nil && out.Action == consume.Done {
		// The delivery stands; only its log line is missing. Say so without sending it again.
		out.Reason += "; delivery log not written: " + err.Error()
	}
	return out
}

// outcome turns an attempt into the record's fate: done when delivered, retried after a
// backoff, or put on the dead-letter queue at once for a permanent refusal.
func (s *Service) outcome(ctx context.Context, r platformevent.Record, a platformevent.Attempt, permanent bool) consume.Outcome {
	reason := "endpoint answered " + strconv.Itoa(a.StatusCode)
	if a.StatusCode == 0 {
		reason = "no answer: " + a.Error
	}
	switch {
	case a.Outcome == platformevent.Delivered:
		return consume.Outcome{Action: consume.Done, Reason: "delivered"}
	case permanent:
		m := messaging.QueueMessage{Body: r, GroupID: platformevent.DeliveryGroup(r.EndpointID, r.Event), DeduplicationID: platformevent.DeliveryDedupe(r.EndpointID, r.Event)}
		if err := s.DeadLetters.Send(ctx, m); err != nil {
			return consume.Of(fmt.Errorf("eventdelivery: dead-letter %s: %w", r.Event.ID, err))
		}
		return consume.Outcome{Action: consume.Done, Reason: reason + "; refused for good, put on the dead-letter queue"}
	}
	base := s.RetryBase
	if base <= 0 {
		base = DefaultRetryBase
	}
	// SQS counts visibility in whole seconds: a shorter delay would retry at once.
	delay := max(platformevent.Backoff(a.Attempt, base), time.Second)
	return consume.Outcome{Action: consume.Retry, Delay: delay, Reason: reason,
		Err: fmt.Errorf("eventdelivery: %s to endpoint %s: %s", r.Event.ID, r.EndpointID, reason)}
}

// post sends the signed event and returns the endpoint's status (0 with the error when no
// answer came). The error never carries the URL's path or a secret.
func (s *Service) post(ctx context.Context, url string, ev platformevent.Event, secrets []string, body []byte, now time.Time) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("build the request: %w", err)
	}
	ts := now.Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", s.UserAgent)
	req.Header.Set(platformevent.HeaderID, ev.ID)
	req.Header.Set(platformevent.HeaderType, string(ev.Type))
	req.Header.Set(platformevent.HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(platformevent.HeaderSignature, platformevent.SignatureHeader(secrets, ts, body))
	resp, err := s.HTTP.Do(req)
	if err != nil {
		return 0, redact(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswer))
	return resp.StatusCode, nil
}
