package webhook

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp/meta"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

// providers maps the routes' last path segment to the provider whose JSON they carry (360dialog
// forwards Meta's webhooks unchanged, but signs them its own way: see DeliverDialog360).
var providers = map[string]string{
	"meta":      messaging.ProviderMeta,
	"360dialog": messaging.ProviderDialog360,
	"twilio":    messaging.ProviderTwilio,
}

// Handle answers one API Gateway request to /webhooks/{provider}: GET is the subscription
// challenge, POST a webhook delivery.
func (s *Service) Handle(ctx context.Context, r apigw.Request) apigw.Response {
	path := strings.TrimRight(r.RawPath, "/")
	if path == "" {
		path = strings.TrimRight(r.RequestContext.HTTP.Path, "/")
	}
	provider, ok := providers[path[strings.LastIndexByte(path, '/')+1:]]
	if !ok {
		return apigw.Error(messaging.Errorf(messaging.CodeNotFound, "No such webhook"))
	}
	switch apigw.Method(r) {
	case http.MethodGet:
		if provider == messaging.ProviderTwilio { // Twilio never calls a webhook with GET
			h, err := apigw.RequireMethod(r, http.MethodPost)
			return apigw.WithHeaders(apigw.Error(err), h)
		}
		return s.challenge(ctx, r)
	case http.MethodPost:
		body, resp, ok := rawBody(r)
		if !ok {
			return resp
		}
		if provider == messaging.ProviderTwilio {
			return s.DeliverTwilio(ctx, TwilioDelivery{Body: body, URL: twilioURL(r), Signature: apigw.Header(r, twilio.SignatureHeader)})
		}
		if provider == messaging.ProviderDialog360 {
			return s.DeliverDialog360(ctx, body, Dialog360Credentials{
				Signature:    apigw.Header(r, meta.Dialog360SignatureHeader),
				HeaderSecret: apigw.Header(r, Dialog360HeaderSecretHeader),
			})
		}
		return s.Deliver(ctx, provider, body, apigw.Header(r, meta.SignatureHeader))
	}
	h, err := apigw.RequireMethod(r, http.MethodGet, http.MethodPost)
	return apigw.WithHeaders(apigw.Error(err), h)
}

// rawBody returns the exact bytes Meta signed, bounded by meta.MaxWebhookBody.
func rawBody(r apigw.Request) ([]byte, apigw.Response, bool) {
	tooLarge := func() apigw.Response {
		return apigw.JSON(http.StatusRequestEntityTooLarge, failure("Webhook body is too large"), nil)
	}
	if !r.IsBase64Encoded {
		if len(r.Body) > meta.MaxWebhookBody {
			return nil, tooLarge(), false
		}
		return []byte(r.Body), apigw.Response{}, true
	}
	if base64.StdEncoding.DecodedLen(len(r.Body)) > meta.MaxWebhookBody+2 {
		return nil, tooLarge(), false
	}
	b, err := base64.StdEncoding.DecodeString(r.Body)
	if err != nil {
		return nil, apigw.JSON(http.StatusBadRequest, failure("Webhook body is not valid base64"), nil), false
	}
	if len(b) > meta.MaxWebhookBody {
		return nil, tooLarge(), false
	}
	return b, apigw.Response{}, true
}

// challenge answers Meta's subscription check with the stage's verify token.
func (s *Service) challenge(ctx context.Context, r apigw.Request) apigw.Response {
	q := url.Values{}
	if r.RawQueryString != "" {
		q, _ = url.ParseQuery(r.RawQueryString)
	} else {
		for k, v := range r.QueryStringParameters {
			q.Set(k, v)
		}
	}
	token, err := s.secrets.Get(ctx, VerifyTokenName)
	if err != nil && messaging.ErrorCode(err) != messaging.CodeNotConfigured {
		obs.Logger(ctx).Error("webhook challenge: read verify token", "error", err)
		return apigw.JSON(http.StatusInternalServerError, failure("Verify token unavailable"), nil)
	}
	if err != nil {
		obs.Logger(ctx).Warn("webhook challenge: no verify token is configured", "name", VerifyTokenName)
	}
	c, ok := meta.VerifyChallenge(q, token)
	if !ok {
		return apigw.Response{StatusCode: http.StatusForbidden, Headers: textHeaders(), Body: "Forbidden"}
	}
	return apigw.Response{StatusCode: http.StatusOK, Headers: textHeaders(), Body: c}
}

func textHeaders() map[string]string {
	return map[string]string{"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
}

// reply is the webhook routes' JSON answer.
type reply struct {
	Success bool   `json:"success"`
	Error   string `json:"error,omitempty"`
}

func failure(msg string) reply { return reply{Error: msg} }
