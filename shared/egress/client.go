package egress

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/proplink/chat/shared/lambdaenv"
)

// DefaultTimeout bounds one call, redirects and reading the answer included, when Config sets
// no Timeout.
const DefaultTimeout = 10 * time.Second

// ErrRefused is wrapped by every request the guard stops: a forbidden address, a plain-http
// URL outside the local stage, or a redirect off the first request's origin.
var ErrRefused = errors.New("egress: request refused")

// Config is what the client needs to know: the stage it runs in and how long a call may take.
type Config struct {
	// Stage is the deployment stage (env STAGE); only lambdaenv.LocalStage relaxes the guard.
	Stage string
	// Timeout bounds one call (DefaultTimeout when zero).
	Timeout time.Duration
}

// New returns an HTTP client for calls to providers and platforms, guarded as the package doc
// describes.
func New(cfg Config) *http.Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	local := lambdaenv.IsLocal(cfg.Stage)
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second, Control: guard(local)}
	base := &http.Transport{
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           20,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    5 * time.Second,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
	return &http.Client{
		Transport:     &transport{base: base, local: local},
		CheckRedirect: CheckRedirect,
		Timeout:       cfg.Timeout,
	}
}

// transport refuses plain http outside the local stage before anything is dialled.
type transport struct {
	base  *http.Transport
	local bool
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "https" && !t.local {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("%w: %s is not https", ErrRefused, req.URL.Redacted())
	}
	return t.base.RoundTrip(req)
}
