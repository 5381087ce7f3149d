package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/idempotency"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/phone"
	"github.com/proplink/chat/shared/sending"
)

// sendBody is POST /api/whatsapp/send's body as the caller wrote it.
type sendBody struct {
	JobID       json.RawMessage   `json:"job_id"`
	PhoneNumber json.RawMessage   `json:"phone_number"`
	TemplateID  json.RawMessage   `json:"template_id"`
	Variables   map[string]string `json:"variables"`
	apigw.CSRF
}

// ParseSendRequest validates a send body, field by field in the contract's order, with the
// contract's error texts; an unknown field or data after the body is refused first.
func ParseSendRequest(body []byte) (sending.Request, error) {
	var b sendBody
	if err := apigw.Decode(body, &b); err != nil {
		return sending.Request{}, err
	}
	jobID, err := positiveInt(b.JobID, messaging.MsgJobIDRequired, "job_id", MaxJobID)
	if err != nil {
		return sending.Request{}, err
	}
	// The phone is read raw so that a number or other non-string answers with the contract's
	// phone text, not a complaint about the whole body.
	var rawPhone string
	if raw := strings.TrimSpace(string(b.PhoneNumber)); raw != "" && raw != "null" && json.Unmarshal(b.PhoneNumber, &rawPhone) != nil {
		return sending.Request{}, messaging.Errorf(messaging.CodeInvalid, messaging.MsgInvalidPhone)
	}
	if strings.TrimSpace(rawPhone) == "" {
		return sending.Request{}, messaging.Errorf(messaging.CodeInvalid, messaging.MsgPhoneRequired)
	}
	phone, err := phone.Parse(rawPhone)
	if err != nil {
		return sending.Request{}, err
	}
	templateID, err := positiveInt(b.TemplateID, messaging.MsgTemplateIDRequired, "template_id", MaxTemplateID)
	if err != nil {
		return sending.Request{}, err
	}
	if err := checkVariables(b.Variables); err != nil {
		return sending.Request{}, err
	}
	return sending.Request{JobID: jobID, PhoneNumber: phone, TemplateID: int(templateID), Variables: b.Variables}, nil
}

// MaxTemplateID is the largest template id the API takes (9 digits).
const MaxTemplateID = 999_999_999

// checkVariables checks template variables: values of at most 1024 characters (400, the
// document says so), names of 1 to 64 characters (422: OpenAPI 3.0 cannot say it).
func checkVariables(vars map[string]string) error {
	for k, v := range vars {
		if utf8.RuneCountInString(v) > 1024 {
			return messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: variables (values up to 1024 characters)")
		}
		if k == "" || utf8.RuneCountInString(k) > 64 {
			return messaging.Errorf(messaging.CodeUnprocessable, "Invalid parameter: variables (names of 1 to 64 characters)")
		}
	}
	return nil
}

// decimalID is an id written as a string: digits, no sign, no leading zero.
var decimalID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[1-9][0-9]*$`) })

// positiveInt reads a required id of 1 to maxID: a JSON integer written plainly (1050), or its
// digits in a string ("1050").
func positiveInt(raw json.RawMessage, missing, name string, maxID int64) (int64, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" || s == `""` || s == "0" {
		return 0, &messaging.Error{Code: messaging.CodeInvalid, Message: missing}
	}
	bad := messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: %s", name)
	var n int64
	if str, ok := strings.CutPrefix(s, `"`); ok {
		str = strings.TrimSuffix(str, `"`)
		if !decimalID().MatchString(str) || len(str) > 18 {
			return 0, bad
		}
		n, _ = strconv.ParseInt(str, 10, 64)
	} else {
		var err error
		if n, err = strconv.ParseInt(s, 10, 64); err != nil {
			return 0, bad
		}
	}
	if n < 1 || n > maxID {
		return 0, bad
	}
	return n, nil
}

// send is POST /api/whatsapp/send.
func (a *API) send(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	body, err := apigw.Body(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	key := apigw.Header(r, "Idempotency-Key")
	if key == "" {
		resp, _ := a.doSend(ctx, p, body)
		return resp
	}
	if len(key) > 255 {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInvalid, "Idempotency-Key must be at most 255 characters"))
	}
	return a.idempotent(ctx, "ORG#"+p.OrgID+"#IDEM#"+p.UserID+"#"+key, body, func() (apigw.Response, error) {
		return a.doSend(ctx, p, body)
	})
}

// doSend answers a send, and returns the failure behind an error answer.
func (a *API) doSend(ctx context.Context, p messaging.Principal, body []byte) (apigw.Response, error) {
	req, err := ParseSendRequest(body)
	if err != nil {
		return a.fail(ctx, err), err
	}
	res, err := a.Send.Send(ctx, p, req)
	headers := rateHeaders(res)
	if err != nil {
		return apigw.WithHeaders(a.fail(ctx, err), headers), err
	}
	if res.Queued() {
		return apigw.WithHeaders(apigw.Accepted(res, "WhatsApp message queued for sending"), headers), nil
	}
	return apigw.WithHeaders(apigw.OK(res, "WhatsApp message sent successfully"), headers), nil
}

// rateHeaders are the X-RateLimit-* headers of a send.
func rateHeaders(res sending.Result) map[string]string {
	d := res.RateLimit
	if d == nil {
		return nil
	}
	return map[string]string{
		"X-RateLimit-Limit":     strconv.Itoa(d.Limit),
		"X-RateLimit-Remaining": strconv.Itoa(max(d.Remaining, 0)),
		"X-RateLimit-Reset":     strconv.FormatInt(d.Reset.Unix(), 10),
	}
}

// idempotent runs do once per key: the same key and body replay the first answer; the same key
// with another body is refused; a failure that did nothing (5xx, 429) frees the key. A failure
// after which the message may still go out (sending.ErrMaybeSent: the provider did not
// confirm, and the check could not be queued) keeps the key and replays its answer, so a retry
// never sends a second copy.
func (a *API) idempotent(ctx context.Context, key string, body []byte, do func() (apigw.Response, error)) apigw.Response {
	sum := sha256.Sum256(body)
	out, err := a.Idempotency.Claim(ctx, key, hex.EncodeToString(sum[:]), a.Now())
	if err != nil {
		return a.fail(ctx, err)
	}
	switch out.State {
	case idempotency.Replay:
		h := map[string]string{"Idempotent-Replayed": "true"}
		for k, v := range out.Headers {
			h[k] = v
		}
		return apigw.Response{StatusCode: out.StatusCode, Headers: h, Body: string(out.Body)}
	case idempotency.InProgress:
		return a.fail(ctx, messaging.Errorf(messaging.CodeConflict, "A request with this Idempotency-Key is still in progress"))
	case idempotency.Mismatch:
		return a.fail(ctx, messaging.Errorf(messaging.CodeUnprocessable, "This Idempotency-Key was already used with a different request body"))
	}
	resp, err := do()
	if (resp.StatusCode >= 500 || resp.StatusCode == 429) && !errors.Is(err, sending.ErrMaybeSent) {
		if err := a.Idempotency.Release(ctx, key); err != nil {
			return a.fail(ctx, err)
		}
		return resp
	}
	if err := a.Idempotency.Complete(ctx, key, idempotency.Outcome{StatusCode: resp.StatusCode, Headers: resp.Headers, Body: []byte(resp.Body)}); err != nil {
		// The work is done and this answer is right; only the replay record is missing, so a
		// retry with the key sees "in progress" until the claim's lease ends.
		return resp
	}
	return resp
}
