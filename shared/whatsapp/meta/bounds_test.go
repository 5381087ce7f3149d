package meta

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// streamServer answers every request with status and a body of JSON-ish filler written in
// 64 KiB chunks until the client stops reading or max bytes are out; it counts what it wrote.
func streamServer(t *testing.T, status int, max int64) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var written atomic.Int64
	chunk := []byte(strings.Repeat(`{"name":"x"},`, 64<<10/13))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(`{"data":[`))
		for written.Load() < max {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &written
}

// TestAnswerTooLarge: a 2xx JSON answer longer than maxAnswerBody is a clear error wrapping
// egress.ErrTooLarge (not a parse error of a silently cut answer), and the client stops
// reading at the bound.
func TestAnswerTooLarge(t *testing.T) {
	calls := map[string]func(*Client, whatsapp.Account) error{
		"media info": func(c *Client, a whatsapp.Account) error {
			_, err := c.MediaInfo(context.Background(), a, "777")
			return err
		},
		"list templates": func(c *Client, a whatsapp.Account) error {
			_, err := c.ListTemplates(context.Background(), a)
			return err
		},
		"send text": func(c *Client, a whatsapp.Account) error {
			_, err := c.SendText(context.Background(), a, "+447700900123", "hi", "")
			return err
		},
		"upload media": func(c *Client, a whatsapp.Account) error {
			_, err := c.UploadMedia(context.Background(), a, whatsapp.MediaUpload{FileName: "a.pdf", MimeType: "application/pdf", Body: strings.NewReader("%PDF")})
			return err
		},
	}
	const sent = 64 << 20
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			srv, written := streamServer(t, http.StatusOK, sent)
			acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok", PhoneNumberID: "1", WABAID: "2"}
			err := call(New(srv.Client(), "v21.0"), acct)
			if !errors.Is(err, egress.ErrTooLarge) {
				t.Fatalf("got %v, want an error wrapping egress.ErrTooLarge", err)
			}
			if !strings.Contains(err.Error(), "more than "+strconv.Itoa(maxAnswerBody)+" bytes") {
				t.Errorf("got %q, want it to name the bound", err)
			}
			srv.Close() // waits for the handler: the client hung up long before sent bytes
			if n := written.Load(); n >= sent {
				t.Errorf("server wrote %d bytes, want the client to stop reading near %d", n, maxAnswerBody)
			}
		})
	}
	t.Run("an oversized error answer is still the provider's error", func(t *testing.T) {
		srv, _ := streamServer(t, http.StatusInternalServerError, sent)
		acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok", PhoneNumberID: "1"}
		_, err := New(srv.Client(), "v21.0").SendText(context.Background(), acct, "+447700900123", "hi", "")
		var e *whatsapp.Error
		if !errors.As(err, &e) || e.HTTPStatus != 500 || e.Class() != whatsapp.Retry {
			t.Errorf("got %v, want the provider's retryable 500", err)
		}
	})
}

// TestDownloadBounded: a media download is read no further than the size the provider declared
// for it, nor than MaxMediaSize; an announced length over the bound fails before any byte is
// read, as a final provider error.
func TestDownloadBounded(t *testing.T) {
	tests := []struct {
		name        string
		declared    int64  // whatsapp.MediaInfo.FileSize
		length      string // Content-Length the server announces ("" streams chunked)
		body        int64  // bytes the server sends at most
		wantRead    int64
		wantOpenErr bool // Download itself fails (131052); otherwise reading fails
	}{
		{"chunked body past the declared size", 1000, "", 8 << 20, 1000, false},
		{"chunked body past 100 MB with no declared size", 0, "", MaxMediaSize + 8<<20, MaxMediaSize, false},
		{"announced length past the declared size", 1000, "5000", 5000, 0, true},
		{"announced length past 100 MB", 0, strconv.Itoa(200 << 20), 1 << 20, 0, true},
		{"declared size past 100 MB", 150 << 20, "", 1 << 20, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var written atomic.Int64
			chunk := make([]byte, 64<<10)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.length != "" {
					w.Header().Set("Content-Length", tt.length)
				}
				for written.Load() < tt.body {
					n, err := w.Write(chunk[:min(int64(len(chunk)), tt.body-written.Load())])
					written.Add(int64(n))
					if err != nil {
						return
					}
				}
			}))
			defer srv.Close()
			acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok"}
			body, _, err := New(srv.Client(), "v21.0").Download(context.Background(), acct,
				whatsapp.MediaInfo{ID: "777", URL: srv.URL + "/dl/777", FileSize: tt.declared})
			if tt.wantOpenErr {
				var e *whatsapp.Error
				if !errors.As(err, &e) || e.Code != 131052 || e.Class() != whatsapp.Permanent || !strings.Contains(e.Message, "larger than") {
					t.Fatalf("got %v, want a permanent 131052 naming the size", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer body.Close()
			n, err := io.Copy(io.Discard, body)
			if !errors.Is(err, egress.ErrTooLarge) {
				t.Errorf("got %v, want an error wrapping egress.ErrTooLarge", err)
			}
			if n != tt.wantRead {
				t.Errorf("read %d bytes, want %d", n, tt.wantRead)
			}
		})
	}
}
