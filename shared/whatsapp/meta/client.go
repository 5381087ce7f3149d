package meta

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
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// DefaultTimeout bounds one provider call when New is given no *http.Client.
const DefaultTimeout = egress.DefaultTimeout

// DefaultAPIVersion is the Graph API version used when New is given none.
const DefaultAPIVersion = "v21.0"

// maxAnswerBody caps how much of a provider's JSON answer is read; a longer 2xx answer is an
// error wrapping egress.ErrTooLarge.
const maxAnswerBody = 4 << 20

// Client calls Meta's Cloud API or 360dialog's for any account it is handed.
type Client struct {
	http       *http.Client
	apiVersion string
}

var _ whatsapp.Provider = (*Client)(nil)

// New returns a Client using httpClient and the Graph API version apiVersion, e.g. "v21.0"
// (DefaultAPIVersion when empty). httpClient should come from egress.New; when nil, New uses
// egress.New's client for a deployed stage with DefaultTimeout. Whatever client it is given,
// New uses a copy whose redirects follow egress.CheckRedirect, so no redirect takes the
// account's credentials to another scheme, host or port.
func New(httpClient *http.Client, apiVersion string) *Client {
	if httpClient == nil {
		httpClient = egress.New(egress.Config{Timeout: DefaultTimeout})
	}
	if apiVersion == "" {
		apiVersion = DefaultAPIVersion
	}
	hc := *httpClient
	hc.CheckRedirect = egress.CheckRedirect
	return &Client{http: &hc, apiVersion: apiVersion}
}

// isDialog360 reports whether the account is reached through 360dialog.
func isDialog360(acct whatsapp.Account) bool { return acct.Provider == messaging.ProviderDialog360 }

// baseURL returns the account's base URL without a trailing slash.
func baseURL(acct whatsapp.Account) string { return strings.TrimRight(acct.BaseURL, "/") }

// authorize sets the account's credentials on req: a bearer token for Meta, D360-API-KEY for
// 360dialog.
func authorize(req *http.Request, acct whatsapp.Account) {
	if isDialog360(acct) {
		req.Header.Set("D360-API-KEY", acct.Token)
		return
	}
	req.Header.Set("Authorization", "Bearer "+acct.Token)
}

// do sends one request and returns the answer's body when the status is 2xx; otherwise the
// failure as a *whatsapp.Error (or a wrapped transport error).
func (c *Client) do(ctx context.Context, acct whatsapp.Account, method, url string, body []byte) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	var wrote atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) { wrote.Store(wrote.Load() || info.Err == nil) },
	})
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", whatsapp.RedactErr(err, acct.Token))
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	authorize(req, acct)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, whatsapp.TransportError(method, url, wrote.Load(), whatsapp.RedactErr(err, acct.Token))
	}
	defer resp.Body.Close()
	data, err := egress.ReadAll(resp.Body, maxAnswerBody)
	if err != nil && !errors.Is(err, egress.ErrTooLarge) {
		if whatsapp.IsTimeout(err) {
			return nil, &whatsapp.Error{Timeout: true}
		}
		return nil, fmt.Errorf("read answer of %s %s: %w", method, whatsapp.StripQuery(url), whatsapp.RedactErr(err, acct.Token))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := ParseError(resp.StatusCode, resp.Header, data) // the first maxAnswerBody bytes are enough
		redactError(e, acct.Token)
		return nil, e
	}
	if err != nil {
		return nil, fmt.Errorf("read answer of %s %s: %w", method, whatsapp.StripQuery(url), err)
	}
	return data, nil
}

// redactError hides token in the provider's own words, should it ever echo it.
func redactError(e *whatsapp.Error, token string) {
	if token == "" {
		return
	}
	e.Message = strings.ReplaceAll(e.Message, token, "[redacted]")
	e.Details = strings.ReplaceAll(e.Details, token, "[redacted]")
	e.Title = strings.ReplaceAll(e.Title, token, "[redacted]")
}
