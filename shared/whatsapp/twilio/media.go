package twilio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/whatsapp"
)

// MaxMediaSize is the largest media WhatsApp carries (a document, 100 MB): no download is read
// past it.
const MaxMediaSize = 100 << 20

// mediaCDNHost is where Twilio redirects an authenticated media URL: a signed URL, valid for
// four hours, that needs no credentials (Twilio's "Protect Media Access with HTTP Basic
// Authentication" article).
const mediaCDNHost = "mms.twiliocdn.com"

// MediaInfo describes the inbound media at id, the MediaUrl of Twilio's webhook: the URL itself,
// once checked to be a media resource of the account's own API host. Twilio announces neither
// a size nor a digest, so both stay empty and the caller's own caps and hash stand.
func (c *Client) MediaInfo(_ context.Context, acct whatsapp.Account, id string) (whatsapp.MediaInfo, error) {
	cred, err := ParseCredentials(acct.Token)
	if err != nil {
		return whatsapp.MediaInfo{}, fmt.Errorf("twilio: media info: %w", err)
	}
	if err := checkMediaURL(acct, cred, id); err != nil {
		return whatsapp.MediaInfo{}, fmt.Errorf("twilio: media info: %w", err)
	}
	return whatsapp.MediaInfo{ID: id, URL: id}, nil
}

// checkMediaURL accepts only https://<account's API host>/2010-04-01/Accounts/<SID>/Messages/…/Media/…,
// so the account's credentials never go anywhere a webhook field names.
func checkMediaURL(acct whatsapp.Account, cred Credentials, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return errors.New("media url is not an absolute URL")
	}
	base, err := url.Parse(apiBase(acct))
	if err != nil || base.Host == "" {
		return errors.New("base URL is not an absolute URL")
	}
	prefix := "/2010-04-01/Accounts/" + cred.AccountSID + "/Messages/"
	switch {
	case !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host):
		return fmt.Errorf("media url is not on the account's API host %s", base.Host)
	case u.User != nil || !strings.HasPrefix(u.Path, prefix) || !strings.Contains(u.Path[len(prefix):], "/Media/"):
		return errors.New("media url is not a media resource of the account")
	}
	return nil
}

// Download opens the media at info.URL with the account's Basic auth and returns its body as a
// stream the caller must close, and the length the server announced (-1 when unknown). Twilio
// answers with a redirect to its media CDN (mms.twiliocdn.com), which is followed without the
// credentials; a redirect anywhere else is refused (egress.ErrRefused). An unknown or not yet
// available media (Twilio's 404 right after the webhook) fails with a *whatsapp.Error that
// whatsapp.ExpiredURL recognises, so the caller asks again. The body is bounded by
// MaxMediaSize: a longer announced length fails here (a final *whatsapp.Error), and reading
// past it fails with an error wrapping egress.ErrTooLarge.
func (c *Client) Download(ctx context.Context, acct whatsapp.Account, info whatsapp.MediaInfo) (io.ReadCloser, int64, error) {
	cred, err := ParseCredentials(acct.Token)
	if err != nil {
		return nil, 0, fmt.Errorf("twilio: download media: %w", err)
	}
	if err := checkMediaURL(acct, cred, info.URL); err != nil {
		return nil, 0, fmt.Errorf("twilio: download media: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, "GET", info.URL, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("twilio: download media: %w", whatsapp.RedactErr(err, cred.AuthToken))
	}
	req.SetBasicAuth(cred.AccountSID, cred.AuthToken)
	resp, err := c.media.Do(req)
	if err != nil {
		if whatsapp.IsTimeout(err) {
			return nil, 0, &whatsapp.Error{Timeout: true}
		}
		return nil, 0, fmt.Errorf("twilio: download media %s: %w", whatsapp.StripQuery(info.URL), whatsapp.RedactErr(err, cred.AuthToken))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		data, _ := egress.ReadAll(resp.Body, 64<<10)
		e := ParseError(resp.StatusCode, resp.Header, data)
		e.Code = 0 // media hosts answer without Twilio's REST error codes: the HTTP status decides
		e.Message = strings.ReplaceAll(e.Message, cred.AuthToken, "[redacted]")
		return nil, 0, e
	}
	if resp.ContentLength > MaxMediaSize {
		resp.Body.Close()
		return nil, 0, &whatsapp.Error{HTTPStatus: http.StatusOK, Code: 131052,
			Message: fmt.Sprintf("media of %d bytes is larger than the %d bytes allowed", resp.ContentLength, MaxMediaSize)}
	}
	return egress.LimitBody(resp.Body, MaxMediaSize), resp.ContentLength, nil
}

// mediaRedirect is the redirect policy of media downloads: egress.CheckRedirect, except that
// one https hop to Twilio's media CDN host is allowed (Go drops the Authorization header on
// the way, as the host differs). No other host is ever reached.
func mediaRedirect(req *http.Request, via []*http.Request) error {
	if strings.EqualFold(req.URL.Scheme, "https") && strings.EqualFold(req.URL.Host, mediaCDNHost) && len(via) <= 5 {
		return nil
	}
	return egress.CheckRedirect(req, via)
}
