package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

// TwilioDelivery is one POST to /webhooks/twilio as API Gateway received it.
type TwilioDelivery struct {
	Body []byte
	// URL is the public URL Twilio called: scheme, Host (a custom domain included), path and
	// query, exactly as received; the signature covers it.
	URL       string
	Signature string // X-Twilio-Signature
}

// twilioURL rebuilds the public URL of a request: the forwarded scheme (https behind API
// Gateway), the Host header, the raw path and the raw query.
func twilioURL(r apigw.Request) string {
	scheme := strings.ToLower(apigw.Header(r, "X-Forwarded-Proto"))
	if scheme != "http" {
		scheme = "https"
	}
	host := apigw.Header(r, "Host")
	if host == "" {
		host = r.RequestContext.DomainName
	}
	path := r.RawPath
	if path == "" {
		path = r.RequestContext.HTTP.Path
	}
	u := scheme + "://" + host + path
	if r.RawQueryString != "" {
		u += "?" + r.RawQueryString
	}
	return u
}

// DeliverTwilio handles one Twilio webhook (a status callback or an inbound message, form
// encoded). It is routed by the business number it names and accepted only when its
// X-Twilio-Signature verifies with that organisation's auth token over the public URL and the form: otherwise 401 and nothing is enqueued. A form
// that is not a WhatsApp message webhook is answered 200 and dropped; the rest is as Deliver.
func (s *Service) DeliverTwilio(ctx context.Context, d TwilioDelivery) apigw.Response {
	log := obs.Logger(ctx).With("provider", messaging.ProviderTwilio, "bytes", len(d.Body))
	if d.Signature == "" {
		return s.reject(log, "missing", twilio.ErrMissingSignature)
	}
	form, err := twilio.ParseForm(d.Body)
	if err != nil {
		log.Warn("webhook refused: body is not a form", "error", err)
		return answerBadBody
	}
	number := twilio.BusinessNumber(form)
	if number == "" {
		log.Warn("webhook refused: no WhatsApp business address")
		return answerBadBody
	}
	r, err := s.phones.route(ctx, number)
	if err != nil {
		log.Error("webhook not accepted: route lookup failed", "error", err)
		return answerRetry
	}
	if r.OrgID == "" {
		// Unknown number: nothing can verify it, and nothing is enqueued.
		s.count(MetricUnrouted, 1, nil)
		return s.reject(log, "unrouted", errors.New("webhook: no organisation uses this number"))
	}
	if err := s.verifyTwilio(ctx, r, d, form); err != nil {
		var bad *signatureError
		if errors.As(err, &bad) {
			return s.reject(log.With("org_id", bad.org), bad.reason, bad.err)
		}
		log.Error("webhook not accepted: auth token unavailable", "error", err)
		return answerRetry
	}
	callbackData := ""
	if u, err := url.Parse(d.URL); err == nil {
		callbackData = u.Query().Get(twilio.CallbackParam)
	}
	ev, err := twilio.ParseWebhook(form, callbackData, s.now())
	if err != nil {
		log.Warn("webhook ignored: not a WhatsApp message webhook", "error", err, "org_id", r.OrgID)
		s.count(MetricProblems, 1, nil)
		return answerOK
	}
	msg, _, err := envelope(whatsapp.Inbound{OrgID: r.OrgID, ReceivedAt: s.now().UTC(), Event: ev}, nil)
	if err != nil {
		log.Error("webhook not accepted: the event does not encode", "error", err)
		return answerRetry
	}
	if err := s.queue.SendBatch(ctx, []messaging.QueueMessage{msg}); err != nil {
		log.Error("webhook not accepted: enqueue failed", "error", err)
		return answerRetry
	}
	s.count(obs.MetricWebhookEvents, 1, map[string]string{"Kind": ev.Kind()})
	log.Info("webhook accepted", "orgs", []string{r.OrgID}, "events", 1)
	return answerOK
}

// verifyTwilio checks the delivery's signature with the auth token of the route's organisation,
// in the secrets revision the route names: the settings API stores a Twilio organisation's auth
// token as its app secret (the secret that signs its webhooks), so this function never reads an
// API token.
func (s *Service) verifyTwilio(ctx context.Context, r messaging.Route, d TwilioDelivery, form url.Values) error {
	token, err := s.secrets.Get(ctx, messaging.OrgSecret(r.OrgID, r.SecretsRev, messaging.SecretAppSecret))
	if messaging.ErrorCode(err) == messaging.CodeNotConfigured {
		return &signatureError{reason: "no_app_secret", org: r.OrgID, err: err}
	}
	if err != nil {
		return fmt.Errorf("webhook: auth token of %s: %w", r.OrgID, err)
	}
	if err := twilio.VerifySignature(token, d.URL, form, d.Signature); err != nil {
		return &signatureError{reason: "mismatch", org: r.OrgID, err: err}
	}
	return nil
}
