package simulator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// twilioMediaRoutes adds Twilio's media resources: the authenticated media URL, which redirects
// (as Twilio's redirects to its CDN) to a ticket URL on the same host serving the bytes without
// credentials.
func (s *Simulator) twilioMediaRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /2010-04-01/Accounts/{accountSID}/Messages/{messageSID}/Media/{mediaSID}", s.handleTwilioMedia)
	mux.HandleFunc("GET /_twilio_cdn/{ticket}", s.handleTwilioCDN)
}

// TwilioMediaPath registers bytes as inbound media of a Twilio account (a person's photo) and
// returns the path of its media URL on the simulator, for a webhook's MediaUrl0.
func (s *Simulator) TwilioMediaPath(accountSID string, data []byte, mime string) string {
	sum := sha256.Sum256(data)
	id := s.media.add(&mediaObject{mime: mime, size: int64(len(data)), sha256: hex.EncodeToString(sum[:]),
		data: append([]byte(nil), data...), phone: accountSID})
	return fmt.Sprintf("/2010-04-01/Accounts/%s/Messages/MM%s%s/Media/%s", accountSID, strings.Repeat("0", max(0, 32-len(id))), id, id)
}

// handleTwilioMedia is GET of a Twilio media URL: the account's Basic auth is required (401
// without it, 404 for another account's or unknown media); the answer is a 307 to a short-lived
// URL serving the bytes.
func (s *Simulator) handleTwilioMedia(w http.ResponseWriter, r *http.Request) {
	accts := s.twilioAccounts(r)
	if len(accts) == 0 || accts[0].Twilio.AccountSID != r.PathValue("accountSID") {
		twilioError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return
	}
	id := r.PathValue("mediaSID")
	s.media.mu.Lock()
	o, ok := s.media.objects[id]
	var tk string
	if ok && o.phone == r.PathValue("accountSID") {
		tk = randomText(32)
		s.media.tickets[tk] = ticket{mediaID: id, expires: s.now().Add(s.media.ttl)}
	}
	s.media.mu.Unlock()
	if tk == "" {
		twilioError(w, http.StatusNotFound, 20404, "The requested resource was not found")
		return
	}
	http.Redirect(w, r, "/_twilio_cdn/"+tk, http.StatusTemporaryRedirect)
}

// handleTwilioCDN serves the bytes of a media ticket without credentials; an unknown or expired
// ticket answers 404.
func (s *Simulator) handleTwilioCDN(w http.ResponseWriter, r *http.Request) {
	s.media.mu.Lock()
	tk, ok := s.media.tickets[r.PathValue("ticket")]
	var o *mediaObject
	if ok && s.now().Before(tk.expires) {
		o = s.media.objects[tk.mediaID]
	}
	s.media.mu.Unlock()
	if o == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", o.mime)
	w.Header().Set("Content-Length", strconv.FormatInt(o.size, 10))
	io.Copy(w, o.open())
}
