package awsjson

import (
	"fmt"
	"hash/crc32"
	"net/http"
	"strconv"
)

// ChecksumError is an answer whose body's CRC32 is not the one its X-Amz-Crc32 header gives:
// altered on the way, so the retryer tries again.
type ChecksumError struct {
	// Header is the header's value, Got the body's CRC32.
	Header string
	Got    uint32
}

// Error says what was expected and what came.
func (e *ChecksumError) Error() string {
	return fmt.Sprintf("answer's CRC32 %d does not match X-Amz-Crc32 %q", e.Got, e.Header)
}

// RetryableError marks the error retryable for the SDK's retryer.
func (e *ChecksumError) RetryableError() bool { return true }

// checkCRC32 checks body against h's X-Amz-Crc32, when present.
func checkCRC32(h http.Header, body []byte) error {
	v := h.Get("X-Amz-Crc32")
	if v == "" {
		return nil
	}
	got := crc32.ChecksumIEEE(body)
	want, err := strconv.ParseUint(v, 10, 32)
	if err != nil || uint32(want) != got {
		return &ChecksumError{Header: v, Got: got}
	}
	return nil
}
