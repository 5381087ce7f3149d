// Command eventreceiver is a runnable example of an organisation's platform receiving PropLink
// Chat's platform events: it checks each delivery's signature and age, drops a delivery whose
// event id it has seen (deliveries are at least once), and prints the event.
//
//	PROPLINK_SIGNING_SECRET=whsec_... go run ./infra/cmd/eventreceiver -addr 127.0.0.1:8089
//
// It uses only the standard library, so its verify function can be copied into any Go
// receiver: HMAC-SHA256, keyed by the endpoint's signing secret, over the X-PropLink-Timestamp
// header, a ".", and the raw body, compared in constant time with each "sha256=<hex>" entry of
// X-PropLink-Signature (two entries while a rotated secret overlaps the new one).
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// tolerance is how old (or how far ahead) a delivery's timestamp may be.
const tolerance = 5 * time.Minute

func main() {
	addr := flag.String("addr", "127.0.0.1:8089", "address to listen on")
	flag.Parse()
	secret := os.Getenv("PROPLINK_SIGNING_SECRET")
	if secret == "" {
		log.Fatal("eventreceiver: set PROPLINK_SIGNING_SECRET to the endpoint's signing secret")
	}
	h := &handler{secret: secret, seen: map[string]bool{}, out: os.Stdout}
	log.Printf("eventreceiver: listening on http://%s", *addr)
	log.Fatal(http.ListenAndServe(*addr, h))
}

// handler verifies and dedupes deliveries, printing each new event's id, type and data.
type handler struct {
	secret string
	mu     sync.Mutex
	seen   map[string]bool // event ids already handled (keep them in your database)
	out    io.Writer
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	if err := verify(h.secret, r.Header.Get("X-PropLink-Signature"), r.Header.Get("X-PropLink-Timestamp"), body, time.Now()); err != nil {
		// 401 is final for PropLink Chat: the delivery goes to its dead-letter queue.
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var ev struct {
		ID   string          `json:"id"`
		Type string          `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &ev); err != nil || ev.ID == "" {
		http.Error(w, "not an event", http.StatusBadRequest)
		return
	}
	h.mu.Lock()
	dup := h.seen[ev.ID]
	h.seen[ev.ID] = true
	h.mu.Unlock()
	if !dup {
		fmt.Fprintf(h.out, "%s %s %s\n", ev.ID, ev.Type, ev.Data)
	}
	w.WriteHeader(http.StatusNoContent) // a 2xx, also for a repeat: it was handled
}

// verify checks a delivery: its timestamp within tolerance of now, and one of its signatures
// the HMAC-SHA256 of timestamp + "." + body under secret.
func verify(secret, signatures, timestamp string, body []byte, now time.Time) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return errors.New("no X-PropLink-Timestamp")
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return errors.New("stale X-PropLink-Timestamp")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "."))
	mac.Write(body)
	want := mac.Sum(nil)
	for _, entry := range strings.Split(signatures, ",") {
		hexSig, ok := strings.CutPrefix(strings.TrimSpace(entry), "sha256=")
		if !ok {
			continue
		}
		if got, err := hex.DecodeString(hexSig); err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return errors.New("no valid X-PropLink-Signature")
}
