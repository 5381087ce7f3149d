package meta

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/whatsapp"
)

// MediaInfo asks the provider for media id's download URL, type, digest and size: Meta's
// GET {BaseURL}/{version}/{media-id}, 360dialog's GET {BaseURL}/{media-id}.
func (c *Client) MediaInfo(ctx context.Context, acct whatsapp.Account, id string) (whatsapp.MediaInfo, error) {
	if id == "" || strings.ContainsAny(id, "/?#") {
		return whatsapp.MediaInfo{}, fmt.Errorf("meta: media info: invalid media id %q", id)
	}
	u := baseURL(acct) + "/" + c.apiVersion + "/" + url.PathEscape(id)
	if isDialog360(acct) {
		u = baseURL(acct) + "/" + url.PathEscape(id)
	}
	data, err := c.do(ctx, acct, "GET", u, nil)
	if err != nil {
		return whatsapp.MediaInfo{}, mediaErr("media info "+id, err)
	}
	var mi whatsapp.MediaInfo
	if err := json.Unmarshal(data, &mi); err != nil || mi.URL == "" {
		return whatsapp.MediaInfo{}, &whatsapp.Error{HTTPStatus: 200, Code: 131052, Message: "media info without a download url"}
	}
	if mi.ID == "" {
		mi.ID = id
	}
	return mi, nil
}

// MaxMediaSize is the largest media WhatsApp carries (a document, 100 MB): no download is read
// past it.
const MaxMediaSize = 100 << 20

// Download opens the media at info.URL with the account's credentials and returns its body as
// a stream the caller must close, and the length the server announced (-1 when unknown). The
// token is sent only over https, or to the account's own base URL's host (a local simulator).
// For 360dialog the URL's host is replaced by the account's base URL, as 360dialog requires. An
// expired or unknown URL fails with a *whatsapp.Error of HTTP status 401, 403 or 404: ask
// MediaInfo again for a fresh URL (see ExpiredURL). The body is bounded by info.FileSize when
// the provider declared one, and by MaxMediaSize: a longer declared or announced length fails
// here (a final *whatsapp.Error, code 131052), and reading past the bound fails with an error
// wrapping egress.ErrTooLarge.
func (c *Client) Download(ctx context.Context, acct whatsapp.Account, info whatsapp.MediaInfo) (io.ReadCloser, int64, error) {
	limit := int64(MaxMediaSize)
	if info.FileSize > 0 && info.FileSize < limit {
		limit = info.FileSize
	}
	if info.FileSize > MaxMediaSize {
		return nil, 0, tooLargeMedia(info.FileSize, limit)
	}
	u, err := downloadURL(acct, info.URL)
	if err != nil {
		return nil, 0, fmt.Errorf("meta: download media %s: %w", info.ID, err)
	}
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("meta: download media %s: %w", info.ID, whatsapp.RedactErr(err, acct.Token))
	}
	authorize(req, acct)
	resp, err := c.http.Do(req)
	if err != nil {
		if whatsapp.IsTimeout(err) {
			return nil, 0, &whatsapp.Error{Timeout: true}
		}
		return nil, 0, fmt.Errorf("meta: download media %s: %w", info.ID, whatsapp.RedactErr(err, acct.Token))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		e := ParseError(resp.StatusCode, resp.Header, data)
		e.Redact(acct.Token)
		return nil, 0, e
	}
	if resp.ContentLength > limit {
		resp.Body.Close()
		return nil, 0, tooLargeMedia(resp.ContentLength, limit)
	}
	return egress.LimitBody(resp.Body, limit), resp.ContentLength, nil
}

// tooLargeMedia is the failure of a download announced larger than its bound: final, as the
// same media will be as large next time.
func tooLargeMedia(size, limit int64) error {
	return &whatsapp.Error{HTTPStatus: http.StatusOK, Code: 131052,
		Message: fmt.Sprintf("media of %d bytes is larger than the %d bytes allowed", size, limit)}
}

// downloadURL checks raw and, for 360dialog, points it at the account's base URL.
func downloadURL(acct whatsapp.Account, raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("download url is not an absolute URL")
	}
	base, err := url.Parse(baseURL(acct))
	if err != nil || base.Host == "" {
		return "", fmt.Errorf("base URL is not an absolute URL")
	}
	if isDialog360(acct) {
		u.Scheme, u.Host = base.Scheme, base.Host
		return u.String(), nil
	}
	if u.Scheme != "https" && !(u.Scheme == base.Scheme && u.Host == base.Host) {
		return "", fmt.Errorf("download url must be https or on the account's host")
	}
	return u.String(), nil
}

// mediaErr keeps provider errors as they are and wraps anything else with context.
func mediaErr(what string, err error) error {
	if _, ok := err.(*whatsapp.Error); ok {
		return err
	}
	return fmt.Errorf("meta: %s: %w", what, err)
}
