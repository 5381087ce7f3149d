// Twilio's callbacks to the product: status callbacks after a send, and inbound messages.

package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/proplink/chat/shared/whatsapp/twilio"
)

// afterTwilioSend reports a send's statuses to its StatusCallback in the background, as
// afterSend does for Meta: scripted statuses (sent, delivered, read by default), a failure as
// "undelivered" with the script's code.
func (s *Simulator) afterTwilioSend(acct Account, msg SentMessage, callback string) {
	s.hooks.mu.Lock()
	delay := s.hooks.statusDelay
	s.hooks.mu.Unlock()
	if callback == "" {
		return
	}
	sc, scripted := s.takeStatusScript(msg.To)
	if delay < 0 {
		if !scripted {
			return
		}
		delay = DefaultStatusDelay
	}
	s.hooks.wg.Add(1)
	go func() {
		defer s.hooks.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for _, st := range sc.plan() {
			time.Sleep(delay)
			form := twilioStatusForm(acct, msg, st, sc.Code)
			for range 1 + sc.Duplicates {
				_, _ = s.postTwilio(ctx, acct, callback, form, WebhookDelivery{Kind: "status", WAMID: msg.WAMID, Status: st}, sc.BadSignature)
			}
		}
	}()
}

// twilioStatusForm is a status callback as Twilio posts it; failed is reported as undelivered
// with the code (63016 by default).
func twilioStatusForm(acct Account, msg SentMessage, status string, code int) url.Values {
	if status == StatusFailed {
		status = "undelivered"
		if code == 0 {
			code = 63016
		}
	}
	form := url.Values{"MessageSid": {msg.WAMID}, "SmsSid": {msg.WAMID}, "MessageStatus": {status}, "SmsStatus": {status},
		"AccountSid": {acct.Twilio.AccountSID}, "From": {"whatsapp:+" + acct.PhoneNumberID}, "To": {"whatsapp:+" + msg.To},
		"ApiVersion": {"2010-04-01"}, "ChannelPrefix": {"whatsapp"}}
	if code != 0 {
		form.Set("ErrorCode", strconv.Itoa(code))
	}
	return form
}

// TwilioInbound is an inbound text (or photo, or quick-reply tap) Twilio posts to a sender's InboundURL.
type TwilioInbound struct {
	PhoneNumberID string // the business number
	From          string // the person (E.164)
	ProfileName   string
	Text          string
	MediaURL      string // a photo's URL, when set (MediaContentType image/jpeg)
	// ButtonPayload and ButtonText, when set, make it a tap on a quick-reply button (the
	// action's id and title) answering the message RepliedTo.
	ButtonPayload, ButtonText, RepliedTo string
	BadSignature                         bool
}

// InjectTwilio posts an inbound message to the account's InboundURL, signed as Twilio does (or
// mis-signed), and returns its Message SID and the receiver's answer.
func (s *Simulator) InjectTwilio(ctx context.Context, in TwilioInbound) (string, int, error) {
	acct, ok := s.accountByPhone(in.PhoneNumberID)
	if !ok || acct.Twilio == nil {
		return "", 0, fmt.Errorf("simulator: no Twilio account for number %s", in.PhoneNumberID)
	}
	s.mu.Lock()
	s.seq++
	sid := fmt.Sprintf("SM%032x", s.seq)
	s.mu.Unlock()
	form := url.Values{"MessageSid": {sid}, "SmsMessageSid": {sid}, "SmsSid": {sid}, "SmsStatus": {"received"},
		"AccountSid": {acct.Twilio.AccountSID}, "From": {twilio.Address(in.From)}, "To": {"whatsapp:+" + acct.PhoneNumberID},
		"Body": {in.Text}, "NumMedia": {"0"}, "ProfileName": {in.ProfileName}, "WaId": {strings.TrimPrefix(in.From, "+")},
		"MessageType": {"text"}, "ApiVersion": {"2010-04-01"}, "NumSegments": {"1"}}
	if in.MediaURL != "" {
		form.Set("NumMedia", "1")
		form.Set("MediaUrl0", in.MediaURL)
		form.Set("MediaContentType0", "image/jpeg")
		form.Set("MessageType", "image")
	}
	if in.ButtonPayload != "" || in.ButtonText != "" {
		form.Set("ButtonPayload", in.ButtonPayload)
		form.Set("ButtonText", in.ButtonText)
		form.Set("Body", in.ButtonText)
		form.Set("MessageType", "button")
		if in.RepliedTo != "" {
			form.Set("OriginalRepliedMessageSid", in.RepliedTo)
			form.Set("OriginalRepliedMessageSender", "whatsapp:+"+acct.PhoneNumberID)
		}
	}
	code, err := s.postTwilio(ctx, acct, acct.Twilio.InboundURL, form, WebhookDelivery{Kind: "message", WAMID: sid}, in.BadSignature)
	return sid, code, err
}

// postTwilio POSTs a form to a callback URL as Twilio does: form-encoded, signed over the
// callback URL as given (under a wrong token when bad), through the account's Deliver base
// when set; it records the delivery and returns the receiver's answer.
func (s *Simulator) postTwilio(ctx context.Context, acct Account, callback string, form url.Values, d WebhookDelivery, bad bool) (int, error) {
	u, err := url.Parse(callback)
	if err != nil || u.Host == "" {
		return 0, fmt.Errorf("simulator: Twilio callback URL %q is not absolute", callback)
	}
	target := callback
	if acct.Twilio.Deliver != "" {
		target = strings.TrimRight(acct.Twilio.Deliver, "/") + u.RequestURI()
	}
	token := acct.Twilio.AuthToken
	if bad {
		token = "wrong-" + token
	}
	body := form.Encode()
	d.Body, _ = json.Marshal(body)
	d.BadSignature, d.At = bad, s.now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader([]byte(body)))
	if err != nil {
		return 0, fmt.Errorf("simulator: Twilio callback: %w", err)
	}
	req.Host = u.Host
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "TwilioProxy/1.1")
	req.Header.Set(twilio.SignatureHeader, twilio.Signature(token, callback, form))
	resp, err := s.hooks.client.Do(req)
	if err == nil {
		resp.Body.Close()
		d.HTTPStatus = resp.StatusCode
	} else {
		d.Error = err.Error()
	}
	s.hooks.mu.Lock()
	s.hooks.deliveries = append(s.hooks.deliveries, d)
	s.hooks.mu.Unlock()
	return d.HTTPStatus, err
}

// mustJSON encodes v, which is always encodable.
func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}
