package platformevent

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The headers of every delivery.
const (
	HeaderID        = "X-PropLink-Event-Id"
	HeaderType      = "X-PropLink-Event-Type"
	HeaderTimestamp = "X-PropLink-Timestamp" // Unix seconds of this attempt
	// HeaderSignature holds one "sha256=<hex>" per signing secret in force, comma-separated:
	// one, or two (new first) while a rotated secret overlaps its predecessor.
	HeaderSignature = "X-PropLink-Signature"
)

// DefaultTolerance is how far a delivery's timestamp may be from the receiver's clock before
// Verify refuses it as a replay.
const DefaultTolerance = 5 * time.Minute

// maxSignatures bounds how many signatures a header may carry.
const maxSignatures = 8

// The errors Verify returns.
var (
	ErrMalformed = errors.New("platformevent: malformed signature header")
	ErrStale     = errors.New("platformevent: timestamp outside the tolerance")
	ErrMismatch  = errors.New("platformevent: no signature matches")
)

// Sign returns the hex HMAC-SHA256, keyed by secret, of timestamp + "." + body.
func Sign(secret string, timestamp int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(timestamp, 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// SignatureHeader returns HeaderSignature's value for the secrets in force (new first).
func SignatureHeader(secrets []string, timestamp int64, body []byte) string {
	parts := make([]string, len(secrets))
	for i, s := range secrets {
		parts[i] = "sha256=" + Sign(s, timestamp, body)
	}
	return strings.Join(parts, ", ")
}

// ParseSignatures reads HeaderSignature's value: one to eight "sha256=<64 hex digits>"
// separated by commas (spaces around them ignored). Entries of another scheme are skipped, so
// a later scheme can be added beside sha256; a header with no sha256 entry is malformed.
func ParseSignatures(header string) ([][]byte, error) {
	entries := strings.Split(header, ",")
	if len(entries) > maxSignatures {
		return nil, fmt.Errorf("%w: more than %d entries", ErrMalformed, maxSignatures)
	}
	var out [][]byte
	for _, e := range entries {
		scheme, value, ok := strings.Cut(strings.TrimSpace(e), "=")
		if !ok {
			return nil, fmt.Errorf("%w: an entry without scheme=value", ErrMalformed)
		}
		if scheme != "sha256" {
			continue
		}
		if len(value) != 2*sha256.Size {
			return nil, fmt.Errorf("%w: a sha256 signature of %d characters", ErrMalformed, len(value))
		}
		sig, err := hex.DecodeString(value)
		if err != nil {
			return nil, fmt.Errorf("%w: a sha256 signature that is not hex", ErrMalformed)
		}
		out = append(out, sig)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no sha256 signature", ErrMalformed)
	}
	return out, nil
}

// Verify checks a delivery as a receiver does: the timestamp header within tolerance of now,
// then any of the header's signatures equal (in constant time) to the HMAC of timestamp + "."
// + body under secret.
func Verify(secret, signatureHeader, timestampHeader string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, err := strconv.ParseInt(strings.TrimSpace(timestampHeader), 10, 64)
	if err != nil {
		return fmt.Errorf("%w: timestamp is not Unix seconds", ErrMalformed)
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return ErrStale
	}
	sigs, err := ParseSignatures(signatureHeader)
	if err != nil {
		return err
	}
	want, _ := hex.DecodeString(Sign(secret, ts, body))
	for _, s := range sigs {
		if hmac.Equal(s, want) {
			return nil
		}
	}
	return ErrMismatch
}
