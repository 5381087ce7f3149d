package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/proplink/chat/shared/webhook"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// DefaultStatusDelay is the pause before each automatic status webhook.
const DefaultStatusDelay = 100 * time.Millisecond

// DefaultDisplayPhoneNumber is the display number the simulator's webhooks carry in metadata.
const DefaultDisplayPhoneNumber = "447700900001"

// webhookAttempts is how often a webhook is POSTed while the receiver fails (5xx or no answer);
// Meta retries for days, the simulator briefly.
const webhookAttempts = 3

// webhookState is the simulator's webhook side: where webhooks go, how they are signed, and a
// record of every delivery.
type webhookState struct {
	mu          sync.Mutex
	url         string
	secret      string
	statusDelay time.Duration
	scripts     []StatusScript
	deliveries  []WebhookDelivery
	client      *http.Client
	wg          sync.WaitGroup
}

func (h *webhookState) init(o Options) {
	h.url, h.secret, h.statusDelay = o.WebhookURL, o.AppSecret, o.StatusDelay
	if h.statusDelay == 0 {
		h.statusDelay = DefaultStatusDelay
	}
	h.client = &http.Client{Timeout: 10 * time.Second}
}

// WebhookDelivery is one webhook POST the simulator made and how the receiver answered.
type WebhookDelivery struct {
	Kind         string          `json:"kind"` // "status", "message" or "template_status"
	WAMID        string          `json:"wamid"`
	Status       string          `json:"status,omitempty"` // the status reported, for kind "status"
	Body         json.RawMessage `json:"body"`
	BadSignature bool            `json:"bad_signature,omitempty"`
	HTTPStatus   int             `json:"http_status"` // the receiver's last answer; 0 when none
	Error        string          `json:"error,omitempty"`
	At           time.Time       `json:"at"`
}

// WebhookOptions changes how one webhook is delivered.
type WebhookOptions struct {
	// Times POSTs the same body this many times (duplicates, as Meta's retries); 1 when zero.
	Times int `json:"times,omitempty"`
	// BadSignature signs with a wrong secret.
	BadSignature bool `json:"bad_signature,omitempty"`
}

// SetWebhookURL sets where webhooks go (when the receiver starts after the simulator).
func (s *Simulator) SetWebhookURL(url string) {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	s.hooks.url = url
}

// Webhooks returns every webhook delivery made so far, in order.
func (s *Simulator) Webhooks() []WebhookDelivery {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	return append([]WebhookDelivery(nil), s.hooks.deliveries...)
}

// WaitWebhooks blocks until every automatic status webhook scheduled so far has been delivered.
func (s *Simulator) WaitWebhooks() { s.hooks.wg.Wait() }

// ErrNoWebhookURL is returned by webhook calls while no URL is set.
var ErrNoWebhookURL = errors.New("simulator: no webhook URL is set")

// appSecret returns the secret that signs an account's webhooks.
func (s *Simulator) appSecret(a Account) string {
	if a.AppSecret != "" {
		return a.AppSecret
	}
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	return s.hooks.secret
}

// post delivers body as the account's webhook (an End User Messaging Social account's as its
// SNS event, see publishSocial), signed (or mis-signed), opts.Times times, and
// records each delivery; it returns the receiver's answers.
func (s *Simulator) post(ctx context.Context, acct Account, d WebhookDelivery, opts WebhookOptions) ([]int, error) {
	if acct.Social != nil {
		return s.publishSocial(ctx, acct, d, opts)
	}
	s.hooks.mu.Lock()
	url := s.hooks.url
	s.hooks.mu.Unlock()
	if acct.Dialog360 != nil && acct.Dialog360.WebhookURL != "" {
		url = acct.Dialog360.WebhookURL
	}
	if url == "" {
		return nil, ErrNoWebhookURL
	}
	headers := s.signatureHeaders(acct, d.Body, opts.BadSignature)
	times := max(opts.Times, 1)
	codes := make([]int, 0, times)
	var firstErr error
	for range times {
		d.HTTPStatus, d.Error, d.At, d.BadSignature = 0, "", s.now(), opts.BadSignature
		code, err := s.postOnce(ctx, url, d.Body, headers)
		d.HTTPStatus = code
		if err != nil {
			d.Error = err.Error()
			if firstErr == nil {
				firstErr = err
			}
		}
		codes = append(codes, code)
		s.hooks.mu.Lock()
		s.hooks.deliveries = append(s.hooks.deliveries, d)
		s.hooks.mu.Unlock()
	}
	return codes, firstErr
}

// signatureHeaders are the headers that authenticate an account's webhook body: Meta's
// X-Hub-Signature-256 under the app secret or, for a 360dialog account, x-360dialog-signature
// under the partner secret and the custom header secret. bad spoils each of them.
func (s *Simulator) signatureHeaders(acct Account, body []byte, bad bool) map[string]string {
	spoil := func(secret string) string {
		if bad {
			return "wrong-" + secret
		}
		return secret
	}
	d := acct.Dialog360
	if d == nil {
		return map[string]string{meta.SignatureHeader: meta.Sign([]byte(spoil(s.appSecret(acct))), body)}
	}
	h := map[string]string{}
	if d.PartnerSecret != "" {
		h[meta.Dialog360SignatureHeader] = meta.SignDialog360([]byte(spoil(d.PartnerSecret)), body)
	}
	if d.HeaderSecret != "" {
		h[webhook.Dialog360HeaderSecretHeader] = spoil(d.HeaderSecret)
	}
	return h
}

// postOnce POSTs a signed body, retrying briefly while the receiver fails with 5xx or not at all.
func (s *Simulator) postOnce(ctx context.Context, url string, body []byte, headers map[string]string) (int, error) {
	var lastErr error
	for attempt := range webhookAttempts {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return 0, ctx.Err()
			case <-time.After(time.Duration(100<<attempt) * time.Millisecond):
			}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return 0, fmt.Errorf("simulator: webhook request: %w", err)
		}
		req.Header.Set("Content-Type", "application/json")
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		req.Header.Set("User-Agent", "facebookexternalua")
		resp, err := s.hooks.client.Do(req)
		if err != nil {
			lastErr = fmt.Errorf("simulator: webhook POST: %w", err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode < 500 {
			return resp.StatusCode, nil
		}
		lastErr = fmt.Errorf("simulator: webhook POST answered %d", resp.StatusCode)
		if attempt == webhookAttempts-1 {
			return resp.StatusCode, lastErr
		}
	}
	return 0, lastErr
}

// envelope wraps one change value as Meta's webhook body for an account.
func envelope(acct Account, value map[string]any) []byte {
	value["messaging_product"] = "whatsapp"
	value["metadata"] = map[string]string{"display_phone_number": DefaultDisplayPhoneNumber, "phone_number_id": acct.PhoneNumberID}
	body := map[string]any{
		"object": meta.ObjectWhatsApp,
		"entry": []any{map[string]any{
			"id":      acct.WABAID,
			"changes": []any{map[string]any{"value": value, "field": "messages"}},
		}},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(body)
	return bytes.TrimRight(b.Bytes(), "\n")
}
