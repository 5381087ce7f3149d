package simulator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The request paths media faults can match (Fault.Path).
const (
	PathMediaInfo     = "media_info"     // GET /{version}/{media-id} (360dialog: GET /{media-id})
	PathMediaDownload = "media_download" // GET of the download URL
	PathMediaUpload   = "media_upload"   // POST /{version}/{phone-number-id}/media (360dialog: POST /media)
)

// DefaultMediaURLTTL is how long a media download URL lives (Meta's last about five minutes).
const DefaultMediaURLTTL = 5 * time.Minute

// maxKeptUpload is how much of an uploaded file the simulator keeps; beyond it only the size
// and digest are recorded.
const maxKeptUpload = 16 << 20

// mediaObject is one media the simulator serves: bytes in memory, or a deterministic generator.
type mediaObject struct {
	id       string
	mime     string
	fileName string
	size     int64
	sha256   string // hex
	data     []byte // nil for generated media
	head     []byte // generated media start with these bytes
	seed     uint64
	uploaded bool
	phone    string
}

// open returns a reader of the object's bytes.
func (m *mediaObject) open() io.Reader {
	if m.data != nil {
		return strings.NewReader(string(m.data))
	}
	return &generator{head: m.head, rng: rand.NewChaCha8(seedBytes(m.seed)), left: m.size}
}

// generator yields head and then pseudo-random bytes, size in all, without holding them.
type generator struct {
	head []byte
	rng  *rand.ChaCha8
	left int64
	off  int
}

func (g *generator) Read(p []byte) (int, error) {
	if g.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > g.left {
		p = p[:g.left]
	}
	n := 0
	if g.off < len(g.head) {
		n = copy(p, g.head[g.off:])
		g.off += n
	}
	if n < len(p) {
		g.rng.Read(p[n:])
		n = len(p)
	}
	g.left -= int64(n)
	return n, nil
}

func seedBytes(seed uint64) [32]byte {
	var b [32]byte
	copy(b[:], strconv.FormatUint(seed, 16))
	return b
}

// mediaState is the simulator's media: objects by id and the download tickets handed out.
type mediaState struct {
	mu      sync.Mutex
	ttl     time.Duration
	objects map[string]*mediaObject
	tickets map[string]ticket
	seq     uint64
}

// ticket is one issued download URL.
type ticket struct {
	mediaID string
	expires time.Time
}

// MediaInfo is what the simulator reports about one media object.
type MediaInfo struct {
	ID            string `json:"id"`
	MimeType      string `json:"mime_type"`
	FileName      string `json:"file_name,omitempty"`
	Size          int64  `json:"file_size"`
	SHA256        string `json:"sha256"`
	Uploaded      bool   `json:"uploaded"`
	PhoneNumberID string `json:"phone_number_id,omitempty"`
}

func (m *mediaState) init(ttl time.Duration) {
	if ttl <= 0 {
		ttl = DefaultMediaURLTTL
	}
	m.ttl, m.objects, m.tickets = ttl, map[string]*mediaObject{}, map[string]ticket{}
}

// add registers an object under a new id.
func (m *mediaState) add(o *mediaObject) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq++
	o.id = strconv.FormatUint(1_000_000_000_000_000+m.seq*7919, 10)
	m.objects[o.id] = o
	return o.id
}

// AddMedia registers bytes as inbound media (as a person's photo or file would be) and returns
// its media id, for a webhook to carry.
func (s *Simulator) AddMedia(data []byte, mime string) string {
	sum := sha256.Sum256(data)
	return s.media.add(&mediaObject{mime: mime, size: int64(len(data)), sha256: hex.EncodeToString(sum[:]),
		data: append([]byte(nil), data...)})
}

// AddGeneratedMedia registers size bytes of deterministic content starting with head (say a
// PDF header) without holding them, and returns the media id and the content's sha256 (hex).
// Registration reads the content once to digest it.
func (s *Simulator) AddGeneratedMedia(size int64, mime string, head []byte) (id, sha string) {
	o := &mediaObject{mime: mime, size: size, head: append([]byte(nil), head...), seed: uint64(time.Now().UnixNano())}
	h := sha256.New()
	io.Copy(h, o.open())
	o.sha256 = hex.EncodeToString(h.Sum(nil))
	return s.media.add(o), o.sha256
}

// SetMediaSHA256 makes the simulator announce a wrong digest for a media id (a corrupted
// download, as far as the client can tell).
func (s *Simulator) SetMediaSHA256(id, sha string) {
	s.media.mu.Lock()
	defer s.media.mu.Unlock()
	if o, ok := s.media.objects[id]; ok {
		o.sha256 = sha
	}
}

// ExpireMediaURLs makes every download URL handed out so far stale.
func (s *Simulator) ExpireMediaURLs() {
	s.media.mu.Lock()
	defer s.media.mu.Unlock()
	clear(s.media.tickets)
}

// Media describes a media object (registered or uploaded), and false when unknown.
func (s *Simulator) Media(id string) (MediaInfo, bool) {
	s.media.mu.Lock()
	defer s.media.mu.Unlock()
	o, ok := s.media.objects[id]
	if !ok {
		return MediaInfo{}, false
	}
	return MediaInfo{ID: o.id, MimeType: o.mime, FileName: o.fileName, Size: o.size, SHA256: o.sha256, Uploaded: o.uploaded, PhoneNumberID: o.phone}, true
}

// Uploads lists the media uploaded through the media endpoint, in order.
func (s *Simulator) Uploads() []MediaInfo {
	s.media.mu.Lock()
	var ids []string
	for id, o := range s.media.objects {
		if o.uploaded {
			ids = append(ids, id)
		}
	}
	s.media.mu.Unlock()
	out := make([]MediaInfo, 0, len(ids))
	for _, id := range ids {
		mi, _ := s.Media(id)
		out = append(out, mi)
	}
	sortMedia(out)
	return out
}

// sortMedia orders media by id (ids grow with registration).
func sortMedia(ms []MediaInfo) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && len(ms[j].ID) <= len(ms[j-1].ID) && ms[j].ID < ms[j-1].ID; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// bearer returns the account whose bearer token the request carries.
func (s *Simulator) bearer(r *http.Request) (Account, bool) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return Account{}, false
	}
	return s.accountByToken(tok)
}

// writeAuthError answers a missing or bad bearer token as Meta does.
func writeAuthError(w http.ResponseWriter) {
	e := errorFor(190, "")
	e.Message = "Invalid OAuth access token - Cannot parse access token"
	writeError(w, e)
}

// baseOf is the scheme and host the request came to.
func baseOf(r *http.Request) string { return "http://" + r.Host }

// handleMediaInfo is GET /{version}/{mediaID}: the media's details and a fresh download URL.
func (s *Simulator) handleMediaInfo(w http.ResponseWriter, r *http.Request) {
	caller, ok := s.bearer(r)
	if !ok {
		writeAuthError(w)
		return
	}
	if a, ok := s.accountByPhone(r.PathValue("mediaID")); ok { // a phone number read, not media
		s.answerNumber(w, caller.Token, a)
		return
	}
	s.answerMediaInfo(w, r, func(id, tk string, expires int64) string {
		return baseOf(r) + "/_media/" + tk + "?mid=" + id + "&ext=" + strconv.FormatInt(expires, 10)
	})
}

// answerMediaInfo answers a media info request (faults first) with the media's details and a
// fresh download ticket, its URL made by urlOf; unknown media is Meta's error 100/33.
func (s *Simulator) answerMediaInfo(w http.ResponseWriter, r *http.Request, urlOf func(id, ticket string, expires int64) string) {
	if f, ok := s.takeFault(PathMediaInfo, ""); ok && !s.applyFault(w, r, f) {
		return
	}
	id := r.PathValue("mediaID")
	expires := s.now().Add(s.media.ttl)
	s.media.mu.Lock()
	o, ok := s.media.objects[id]
	var tk string
	if ok {
		tk = randomText(32)
		s.media.tickets[tk] = ticket{mediaID: id, expires: expires}
	}
	s.media.mu.Unlock()
	if !ok {
		e := errorFor(100, "")
		e.Subcode, e.Type = 33, "GraphMethodException"
		e.Message = fmt.Sprintf("Unsupported get request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", id)
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"messaging_product": "whatsapp", "id": o.id, "mime_type": o.mime, "sha256": o.sha256, "file_size": o.size,
		"url": urlOf(o.id, tk, expires.Unix()),
	})
}

// handleMediaDownload serves a download URL's bytes to a bearer of a known token; an expired
// or unknown URL answers 404 (an absent token 401), as Meta's lookaside host does.
func (s *Simulator) handleMediaDownload(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.bearer(r); !ok {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	s.serveTicket(w, r, r.PathValue("ticket"), "")
}

// serveTicket serves the bytes of download ticket tk (of media mid, when not empty) after the
// faults; an expired or unknown ticket answers 404.
func (s *Simulator) serveTicket(w http.ResponseWriter, r *http.Request, tkID, mid string) {
	if f, ok := s.takeFault(PathMediaDownload, ""); ok {
		if f.Code == 0 && f.HTTPStatus >= 400 && f.HTTPStatus < 500 {
			w.WriteHeader(f.HTTPStatus)
			return
		}
		if !s.applyFault(w, r, f) {
			return
		}
	}
	s.media.mu.Lock()
	tk, ok := s.media.tickets[tkID]
	var o *mediaObject
	if ok && s.now().Before(tk.expires) && (mid == "" || mid == tk.mediaID) {
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
