package twilio

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/whatsapp"
)

// DefaultTimeout bounds one provider call when New is given no *http.Client.
const DefaultTimeout = egress.DefaultTimeout

// maxAnswerBody caps how much of Twilio's JSON answer is read.
const maxAnswerBody = 4 << 20

// apiHost is Twilio's REST API host; its Content API lives on contentHost.
const (
	apiHost     = "api.twilio.com"
	contentHost = "content.twilio.com"
)

// ErrBadCredentials says the account's token is not "<AccountSid>:<AuthToken>".
var ErrBadCredentials = errors.New("twilio: the token is not <AccountSid>:<AuthToken>")

// Client calls Twilio's Messages and Content APIs for any account it is handed.
type Client struct {
	http           *http.Client
	media          *http.Client // http, following redirects to Twilio's media CDN too
	statusCallback string
	quickReplies   sync.Map // account SID + "/" + friendly name → Content SID of a quick-reply set
}

var _ whatsapp.Provider = (*Client)(nil)

// New returns a Client using httpClient, which should come from egress.New; when nil, New uses
// egress.New's client for a deployed stage with DefaultTimeout. Redirects follow
// egress.CheckRedirect, so no redirect takes the account's credentials elsewhere (media
// downloads may also go on to Twilio's media CDN, without them: see Download). statusCallback
// is the public URL of our /webhooks/twilio route, sent as every message's StatusCallback; empty
// sends none (Twilio then uses the sender's configured callback).
func New(httpClient *http.Client, statusCallback string) *Client {
	if httpClient == nil {
		httpClient = egress.New(egress.Config{Timeout: DefaultTimeout})
	}
	hc := *httpClient
	hc.CheckRedirect = egress.CheckRedirect
	mc := *httpClient
	mc.CheckRedirect = mediaRedirect
	return &Client{http: &hc, media: &mc, statusCallback: statusCallback}
}

// Credentials are a Twilio account's SID and auth token.
type Credentials struct {
	AccountSID string
	AuthToken  string
}

// ParseCredentials reads the settings' token "<AccountSid>:<AuthToken>".
func ParseCredentials(token string) (Credentials, error) {
	sid, secret, ok := strings.Cut(strings.TrimSpace(token), ":")
	if !ok || !strings.HasPrefix(sid, "AC") || len(sid) < 3 || secret == "" || strings.ContainsAny(sid, "/?#") {
		return Credentials{}, ErrBadCredentials
	}
	return Credentials{AccountSID: sid, AuthToken: secret}, nil
}

// apiBase is the account's API base URL without a trailing slash (https://api.twilio.com).
func apiBase(acct whatsapp.Account) string { return strings.TrimRight(acct.BaseURL, "/") }

// contentBase is where the Content API answers: content.twilio.com beside api.twilio.com, and
// the account's own base URL anywhere else (the local stage's simulator plays both).
func contentBase(acct whatsapp.Account) string {
	u, err := url.Parse(apiBase(acct))
	if err == nil && u.Hostname() == apiHost {
		return "https://" + contentHost
	}
	return apiBase(acct)
}

// do sends one request with Basic auth and returns the body of a 2xx answer; otherwise a
// *whatsapp.Error (or a wrapped transport error).
func (c *Client) do(ctx context.Context, cred Credentials, method, u string, form url.Values) ([]byte, error) {
	if form == nil {
		return c.doBody(ctx, cred, method, u, "", nil)
	}
	return c.doBody(ctx, cred, method, u, "application/x-www-form-urlencoded", []byte(form.Encode()))
}

// doBody is do with a body of contentType (none when body is nil): the Content API takes JSON.
func (c *Client) doBody(ctx context.Context, cred Credentials, method, u, contentType string, body []byte) ([]byte, error) {
	return whatsapp.Exchange(ctx, c.http, whatsapp.Call{
		Method: method, URL: u, ContentType: contentType, Body: body,
		Authorize: func(req *http.Request) { req.SetBasicAuth(cred.AccountSID, cred.AuthToken) },
		Secret:    cred.AuthToken, MaxAnswer: maxAnswerBody, ParseError: ParseError,
	})
}
