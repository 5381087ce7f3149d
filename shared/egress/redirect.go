package egress

import (
	"fmt"
	"net/http"
	"strings"
)

// maxRedirects is how many redirects one call follows.
const maxRedirects = 5

// CheckRedirect is the redirect policy of every egress client (and of any *http.Client the
// provider adapters are handed): a redirect is followed only to the scheme, host and port of
// the chain's first request, at most maxRedirects times. So a redirect never carries
// credentials to another host, never downgrades https to http, and a download URL checked
// before the first hop stays checked for the whole chain.
func CheckRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	switch {
	case !strings.EqualFold(req.URL.Scheme, first.Scheme):
		return fmt.Errorf("%w: redirect from %s to %s changes the scheme", ErrRefused, first.Scheme, req.URL.Scheme)
	case !strings.EqualFold(req.URL.Host, first.Host):
		return fmt.Errorf("%w: redirect from %s to another host (%s)", ErrRefused, first.Host, req.URL.Host)
	case len(via) > maxRedirects:
		return fmt.Errorf("%w: more than %d redirects", ErrRefused, maxRedirects)
	}
	return nil
}
