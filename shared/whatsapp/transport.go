package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
)

// TransportError describes a provider call that got no answer. Once the request was written
// the provider may have acted on it: a timeout or a lost connection is then an *Error that
// MaybeSent recognises. Before that (a refused connection, a failed dial or TLS handshake)
// nothing reached the provider and the error is the plain transport error, named by method and
// the URL without its query.
func TransportError(method, url string, wrote bool, err error) error {
	switch {
	case wrote && IsTimeout(err):
		return &Error{Timeout: true}
	case wrote:
		return &Error{Unconfirmed: true, Message: "the connection was lost after the request was sent"}
	}
	return fmt.Errorf("%s %s: %w", method, StripQuery(url), err)
}

// IsTimeout reports whether err means no answer came in time.
func IsTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// StripQuery drops the query of a URL, for error messages (a query may carry credentials).
func StripQuery(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[:i]
	}
	return u
}

// RedactErr hides secret in err's text, should a transport error ever echo it.
func RedactErr(err error, secret string) error {
	if secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), secret, "[redacted]"))
}
