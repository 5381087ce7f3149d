// Package simulator is a local fake of the WhatsApp providers' HTTP APIs as this product uses
// them: Meta's Graph API (template sends, template listing), 360dialog's Cloud API, Twilio, and
// AWS End User Messaging Social (social.go: its REST API, media through S3 and events on SNS),
// with Meta's validation rules, each provider's error shape and scripted faults. `make dev` and the e2e tests
// run it; tests in other processes drive it through its control API under /_sim/.
package simulator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// Account is one business number the simulator knows, with the token that may use it (the
// bearer token for Graph calls, the D360-API-KEY for 360dialog calls).
type Account struct {
	PhoneNumberID string `json:"phone_number_id"`
	WABAID        string `json:"waba_id"`
	Token         string `json:"-"`
	// AppSecret signs this account's webhooks; Options.AppSecret when empty.
	AppSecret string `json:"-"`
	// Dialog360 sends this account's webhooks as 360dialog does: to its WebhookURL, without
	// X-Hub-Signature-256, signed with x-360dialog-signature under PartnerSecret (when set) and
	// carrying HeaderSecret in the partner's custom header (when set).
	Dialog360 *Dialog360Webhooks `json:"-"`
	// Twilio makes this a Twilio WhatsApp sender: reached through Twilio's Messages, Content
	// and Senders APIs with Basic auth, its webhooks form-encoded and signed with
	// X-Twilio-Signature (see twilio.go).
	Twilio *TwilioAccount `json:"-"`
	// Social makes this an AWS End User Messaging Social linked number (see social.go).
	Social *SocialAccount `json:"-"`
}

// Dialog360Webhooks is how a 360dialog account's webhooks are delivered and signed.
type Dialog360Webhooks struct {
	// WebhookURL is where they go (the product's /webhooks/360dialog); the simulator's webhook
	// URL when empty.
	WebhookURL string
	// PartnerSecret is the partner's platform secret, which signs x-360dialog-signature; the
	// header is left out when empty.
	PartnerSecret string
	// HeaderSecret is the value of the custom header the partner set on the webhook URL
	// (webhook.Dialog360HeaderSecretHeader); left out when empty.
	HeaderSecret string
}

// DefaultAccount is the account used when Options.Accounts is empty.
var DefaultAccount = Account{PhoneNumberID: "106540352242922", WABAID: "102290129340398", Token: "sim-token"}

// Options configures a Simulator.
type Options struct {
	// Accounts are the known numbers; DefaultAccount when empty.
	Accounts []Account
	// Templates are every account's templates; SeedTemplates() when nil.
	Templates []messaging.Template
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// MediaURLTTL is how long media download URLs live; DefaultMediaURLTTL when zero.
	MediaURLTTL time.Duration
	// WebhookURL is where signed webhooks go (the product's /webhooks/meta); none are sent
	// while it is empty (see SetWebhookURL).
	WebhookURL string
	// AppSecret signs webhooks of accounts without their own AppSecret.
	AppSecret string
	// StatusDelay is the pause before each automatic status webhook after an accepted send
	// (sent, delivered, read); DefaultStatusDelay when zero. When negative, only sends a
	// StatusScript matches get statuses.
	StatusDelay time.Duration
}

// Simulator is a fake provider. It is safe for concurrent use.
type Simulator struct {
	accounts []Account
	now      func() time.Time

	mu        sync.Mutex
	templates []messaging.Template
	sent      []SentMessage
	reads     []ReadReceipt // read receipts, in order (receipt.go)
	faults    []Fault
	seq       uint64
	server    *http.Server
	media     mediaState

	hooks    webhookState
	social   socialState
	converse converseState
	contents twilioContents // Twilio Content items created through the Content API
}

// New returns a Simulator configured by o.
func New(o Options) *Simulator {
	s := &Simulator{accounts: o.Accounts, now: o.Now}
	if len(s.accounts) == 0 {
		s.accounts = []Account{DefaultAccount}
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.media.init(o.MediaURLTTL)
	s.hooks.init(o)
	tpls := o.Templates
	if tpls == nil {
		tpls = SeedTemplates()
	}
	for _, t := range tpls {
		s.putTemplate(t)
	}
	return s
}

// Handler returns the simulator's HTTP API: the provider endpoints and the control API.
func (s *Simulator) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /{version}/{phoneNumberID}/messages", s.handleGraphSend)
	mux.HandleFunc("GET /{version}/{mediaID}", s.handleMediaInfo)
	mux.HandleFunc("POST /{version}/{phoneNumberID}/media", s.handleMediaUpload)
	mux.HandleFunc("GET /_media/{ticket}", s.handleMediaDownload)
	mux.HandleFunc("GET /{version}/{wabaID}/message_templates", s.handleGraphTemplates)
	mux.HandleFunc("GET /{version}/{wabaID}/phone_numbers", s.handleGraphNumbers)
	mux.HandleFunc("GET /health_status", s.handleDialogHealth)
	mux.HandleFunc("POST /messages", s.handleDialogSend)
	mux.HandleFunc("GET /v1/configs/templates", s.handleDialogTemplates)
	s.dialog360MediaRoutes(mux)
	s.twilioRoutes(mux)
	s.socialRoutes(mux)
	mux.HandleFunc("POST /model/{modelId}/converse", s.handleConverse)
	s.controlRoutes(mux)
	s.converseControlRoutes(mux)
	return mux
}

// Start serves the Handler on addr ("127.0.0.1:0" picks a free port) and returns its base URL.
func (s *Simulator) Start(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("simulator: listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	s.mu.Lock()
	if s.server != nil {
		s.mu.Unlock()
		ln.Close()
		return "", errors.New("simulator: already started")
	}
	s.server = srv
	s.mu.Unlock()
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), nil
}

// Close stops a started simulator, waiting briefly for requests in flight.
func (s *Simulator) Close() error {
	s.mu.Lock()
	srv := s.server
	s.server = nil
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		srv.Close()
		return fmt.Errorf("simulator: shut down: %w", err)
	}
	return nil
}

// SentMessage is one accepted send: who sent what to whom, as the provider saw it. It is the
// record later status webhooks (sent → delivered → read) would be built from.
type SentMessage struct {
	WAMID         string          `json:"wamid"`
	Provider      string          `json:"provider"` // messaging.ProviderMeta, ProviderDialog360, ProviderTwilio or ProviderAWSSocial
	PhoneNumberID string          `json:"phone_number_id"`
	WABAID        string          `json:"waba_id"`
	To            string          `json:"to"`
	Template      string          `json:"template"`
	Language      string          `json:"language"`
	CallbackData  string          `json:"biz_opaque_callback_data,omitempty"`
	Request       SendRequest     `json:"request"`
	Raw           json.RawMessage `json:"raw"`
	At            time.Time       `json:"at"`
}

// Sent returns every accepted send, in order.
func (s *Simulator) Sent() []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SentMessage(nil), s.sent...)
}

// ClearSent forgets the accepted sends.
func (s *Simulator) ClearSent() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = nil
}

// accountByPhone finds the account of a phone number id.
func (s *Simulator) accountByPhone(id string) (Account, bool) {
	for _, a := range s.accounts {
		if a.PhoneNumberID == id {
			return a, true
		}
	}
	return Account{}, false
}

// accountByWABA finds the account of a WABA id.
func (s *Simulator) accountByWABA(id string) (Account, bool) {
	for _, a := range s.accounts {
		if a.WABAID == id {
			return a, true
		}
	}
	return Account{}, false
}

// accountByToken finds the account a token (or 360dialog key) belongs to.
func (s *Simulator) accountByToken(tok string) (Account, bool) {
	for _, a := range s.accounts {
		if tok != "" && a.Token == tok {
			return a, true
		}
	}
	return Account{}, false
}
