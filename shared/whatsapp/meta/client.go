package meta

import (
	"context"
	"net/http"
	"strings"

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
	return whatsapp.Exchange(ctx, c.http, whatsapp.Call{
		Method: method, URL: url, ContentType: "application/json", Body: body,
		Authorize: func(req *http.Request) { authorize(req, acct) },
		Secret:    acct.Token, MaxAnswer: maxAnswerBody, ParseError: ParseError,
	})
}
