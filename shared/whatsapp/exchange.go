package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"

	"github.com/proplink/chat/shared/egress"
)

// Call is one request to a provider's HTTP API.
type Call struct {
	Method, URL string
	// ContentType names Body's type; neither is sent when Body is nil.
	ContentType string
	Body        []byte
	// Authorize sets the account's credentials on the request.
	Authorize func(*http.Request)
	// Secret is hidden wherever an error might echo it.
	Secret string
	// MaxAnswer bounds how much of an answer is read.
	MaxAnswer int64
	// ParseError reads a non-2xx answer (its first MaxAnswer bytes) as the provider's error.
	ParseError func(status int, h http.Header, body []byte) *Error
}

// Exchange sends c and returns the body of a 2xx answer. A non-2xx answer is the provider's
// *Error with the secret redacted; no answer is TransportError's, which tells whether the
// request was written and the provider may have acted on it.
func Exchange(ctx context.Context, hc *http.Client, c Call) ([]byte, error) {
	var rd io.Reader
	if c.Body != nil {
		rd = bytes.NewReader(c.Body)
	}
	var wrote atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) { wrote.Store(wrote.Load() || info.Err == nil) },
	})
	req, err := http.NewRequestWithContext(ctx, c.Method, c.URL, rd)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", RedactErr(err, c.Secret))
	}
	if c.Body != nil {
		req.Header.Set("Content-Type", c.ContentType)
	}
	req.Header.Set("Accept", "application/json")
	c.Authorize(req)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, TransportError(c.Method, c.URL, wrote.Load(), RedactErr(err, c.Secret))
	}
	defer resp.Body.Close()
	data, err := egress.ReadAll(resp.Body, c.MaxAnswer)
	if err != nil && !errors.Is(err, egress.ErrTooLarge) {
		if IsTimeout(err) {
			return nil, &Error{Timeout: true}
		}
		return nil, fmt.Errorf("read answer of %s %s: %w", c.Method, StripQuery(c.URL), RedactErr(err, c.Secret))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := c.ParseError(resp.StatusCode, resp.Header, data) // the first MaxAnswer bytes are enough
		e.Redact(c.Secret)
		return nil, e
	}
	if err != nil {
		return nil, fmt.Errorf("read answer of %s %s: %w", c.Method, StripQuery(c.URL), err)
	}
	return data, nil
}

// Redact hides secret in the provider's own words, should they ever echo it.
func (e *Error) Redact(secret string) {
	if secret == "" {
		return
	}
	for _, s := range []*string{&e.Title, &e.Message, &e.Details} {
		*s = strings.ReplaceAll(*s, secret, "[redacted]")
	}
}
