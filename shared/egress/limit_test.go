package egress

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestReadAll(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		tooLong bool
	}{
		{"shorter", "abc", "abc", false},
		{"exactly the bound", "abcd", "abcd", false},
		{"one byte over", "abcde", "abcd", true},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadAll(strings.NewReader(tt.in), 4)
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if errors.Is(err, ErrTooLarge) != tt.tooLong {
				t.Errorf("got error %v, want too large: %v", err, tt.tooLong)
			}
		})
	}
}

// endless is a body that never ends.
type endless struct{ closed bool }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
func (e *endless) Close() error { e.closed = true; return nil }

func TestLimitBody(t *testing.T) {
	t.Run("endless body stops at the bound", func(t *testing.T) {
		src := &endless{}
		b := LimitBody(src, 1<<20+7)
		n, err := io.Copy(io.Discard, b)
		if !errors.Is(err, ErrTooLarge) || n != 1<<20+7 {
			t.Errorf("got %d bytes, %v; want %d bytes and ErrTooLarge", n, err, 1<<20+7)
		}
		if _, err := b.Read(make([]byte, 8)); !errors.Is(err, ErrTooLarge) {
			t.Errorf("read after the bound: got %v, want ErrTooLarge", err)
		}
		b.Close()
		if !src.closed {
			t.Error("Close did not close the body")
		}
	})
	t.Run("body of exactly the bound reads to EOF", func(t *testing.T) {
		got, err := io.ReadAll(LimitBody(io.NopCloser(bytes.NewReader(make([]byte, 1000))), 1000))
		if err != nil || len(got) != 1000 {
			t.Errorf("got %d bytes, %v; want 1000 bytes and no error", len(got), err)
		}
	})
	t.Run("one byte over", func(t *testing.T) {
		got, err := io.ReadAll(LimitBody(io.NopCloser(bytes.NewReader(make([]byte, 1001))), 1000))
		if !errors.Is(err, ErrTooLarge) || len(got) != 1000 {
			t.Errorf("got %d bytes, %v; want 1000 bytes and ErrTooLarge", len(got), err)
		}
	})
}
