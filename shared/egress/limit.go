package egress

import (
	"errors"
	"fmt"
	"io"
)

// ErrTooLarge is wrapped by ReadAll and LimitBody when an answer is longer than its bound.
var ErrTooLarge = errors.New("egress: answer too large")

// ReadAll reads r to the end, keeping at most limit bytes: a longer answer returns its first
// limit bytes and an error wrapping ErrTooLarge.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return data, err
	}
	if int64(len(data)) > limit {
		return data[:limit], tooLarge(limit)
	}
	return data, nil
}

// LimitBody returns body with a bound: reading past limit bytes fails with an error wrapping
// ErrTooLarge (never a silent truncation). Closing it closes body.
func LimitBody(body io.ReadCloser, limit int64) io.ReadCloser {
	return &limitedBody{body: body, left: limit, limit: limit}
}

// limitedBody is LimitBody's reader.
type limitedBody struct {
	body  io.ReadCloser
	left  int64
	limit int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, tooLarge(b.limit)
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1] // one byte past the bound tells a long body from an exact one
	}
	n, err := b.body.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n + int(b.left), tooLarge(b.limit)
	}
	return n, err
}

func (b *limitedBody) Close() error { return b.body.Close() }

func tooLarge(limit int64) error {
	return fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
}
