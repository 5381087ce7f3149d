package simulator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// mediaProviders are the providers whose media dialect the simulator speaks to meta.Client.
var mediaProviders = []string{messaging.ProviderMeta, messaging.ProviderDialog360}

// mediaSim starts a simulator with a clock the test moves, and an adapter account of provider
// for it.
func mediaSim(t *testing.T, provider string) (*Simulator, *meta.Client, whatsapp.Account, *time.Time) {
	t.Helper()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	sim := New(Options{Now: func() time.Time { return now }, MediaURLTTL: time.Minute})
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	acct := whatsapp.Account{Provider: provider, BaseURL: srv.URL, Token: DefaultAccount.Token,
		PhoneNumberID: DefaultAccount.PhoneNumberID, WABAID: DefaultAccount.WABAID}
	return sim, meta.New(srv.Client(), "v21.0"), acct, &now
}

func TestMediaDownload(t *testing.T) {
	for _, p := range mediaProviders {
		t.Run(p, func(t *testing.T) { testMediaDownload(t, p) })
	}
}

// testMediaDownload: inbound media is described and served in provider's dialect (360dialog:
// GET /{media-id} answers a URL on Meta's lookaside host, fetched from 360dialog's host).
func testMediaDownload(t *testing.T, provider string) {
	sim, c, acct, now := mediaSim(t, provider)
	ctx := context.Background()
	data := []byte("\xff\xd8\xff\xe0 a jpeg")
	id := sim.AddMedia(data, "image/jpeg")
	info, err := c.MediaInfo(ctx, acct, id)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if info.SHA256 != hex.EncodeToString(sum[:]) || info.FileSize != int64(len(data)) || info.MimeType != "image/jpeg" {
		t.Errorf("info: got %+v", info)
	}
	if provider == messaging.ProviderDialog360 && !strings.HasPrefix(info.URL, "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid="+id+"&") {
		t.Errorf("360dialog media url: got %q, want Meta's lookaside URL", info.URL)
	}
	body, _, err := c.Download(ctx, acct, info)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(body)
	body.Close()
	if string(got) != string(data) {
		t.Errorf("bytes: got %q, want %q", got, data)
	}
	t.Run("expired by time", func(t *testing.T) {
		*now = now.Add(2 * time.Minute)
		if _, _, err := c.Download(ctx, acct, info); !whatsapp.ExpiredURL(err) {
			t.Errorf("got %v, want an expired URL", err)
		}
	})
	t.Run("expired on demand", func(t *testing.T) {
		fresh, _ := c.MediaInfo(ctx, acct, id)
		sim.ExpireMediaURLs()
		if _, _, err := c.Download(ctx, acct, fresh); !whatsapp.ExpiredURL(err) {
			t.Errorf("got %v, want an expired URL", err)
		}
	})
	t.Run("wrong token", func(t *testing.T) {
		fresh, _ := c.MediaInfo(ctx, acct, id)
		bad := acct
		bad.Token = "nope"
		if _, _, err := c.Download(ctx, bad, fresh); err == nil {
			t.Error("got nil, want 401")
		}
	})
	t.Run("unknown id", func(t *testing.T) {
		_, err := c.MediaInfo(ctx, acct, "999")
		if whatsapp.Classify(err) != whatsapp.Permanent {
			t.Errorf("got %v, want a permanent error", err)
		}
	})
	t.Run("download fault", func(t *testing.T) {
		sim.Script(Fault{Path: PathMediaDownload, HTTPStatus: 404})
		fresh, _ := c.MediaInfo(ctx, acct, id)
		if _, _, err := c.Download(ctx, acct, fresh); !whatsapp.ExpiredURL(err) {
			t.Errorf("got %v, want the scripted 404", err)
		}
		if _, _, err := c.Download(ctx, acct, fresh); err != nil {
			t.Errorf("after the fault: got %v, want the bytes", err)
		}
	})
	t.Run("info fault", func(t *testing.T) {
		sim.Script(Fault{Path: PathMediaInfo, HTTPStatus: 503})
		if _, err := c.MediaInfo(ctx, acct, id); whatsapp.Classify(err) != whatsapp.Retry {
			t.Errorf("got %v, want a retryable error", err)
		}
	})
}

func TestGeneratedMedia(t *testing.T) {
	sim, c, acct, _ := mediaSim(t, messaging.ProviderMeta)
	ctx := context.Background()
	id, sha := sim.AddGeneratedMedia(3<<20+17, "application/pdf", []byte("%PDF-1.7\n"))
	info, err := c.MediaInfo(ctx, acct, id)
	if err != nil {
		t.Fatal(err)
	}
	body, _, err := c.Download(ctx, acct, info)
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	h := sha256.New()
	head := make([]byte, 9)
	io.ReadFull(body, head)
	h.Write(head)
	n, _ := io.Copy(h, body)
	if got := hex.EncodeToString(h.Sum(nil)); got != sha || info.SHA256 != sha || n+9 != 3<<20+17 || string(head) != "%PDF-1.7\n" {
		t.Errorf("got sha %s size %d head %q, want sha %s size %d", got, n+9, head, sha, 3<<20+17)
	}
}

func TestMediaUploadAndSend(t *testing.T) {
	for _, p := range mediaProviders {
		t.Run(p, func(t *testing.T) { testMediaUploadAndSend(t, p) })
	}
}

// testMediaUploadAndSend: outbound media is uploaded and sent by id in provider's dialect
// (360dialog: POST /media and POST /messages with D360-API-KEY).
func testMediaUploadAndSend(t *testing.T, provider string) {
	sim, c, acct, _ := mediaSim(t, provider)
	ctx := context.Background()
	id, err := c.UploadMedia(ctx, acct, whatsapp.MediaUpload{FileName: "contract.pdf", MimeType: "application/pdf", Body: strings.NewReader("%PDF-1.7 contract")})
	if err != nil {
		t.Fatal(err)
	}
	up := sim.Uploads()
	if len(up) != 1 || up[0].ID != id || up[0].FileName != "contract.pdf" || up[0].Size != 17 || up[0].MimeType != "application/pdf" {
		t.Errorf("uploads: got %+v", up)
	}
	if _, err := c.SendMedia(ctx, acct, whatsapp.MediaSend{To: "+447700900123", Kind: "document", MediaID: id, FileName: "contract.pdf"}); err != nil {
		t.Fatalf("send by id: %v", err)
	}
	sent := sim.Sent()
	if len(sent) != 1 || sent[0].Request.Document == nil || sent[0].Request.Document.ID != id {
		t.Errorf("sent: got %+v", sent)
	}
	t.Run("unknown id", func(t *testing.T) {
		_, err := c.SendMedia(ctx, acct, whatsapp.MediaSend{To: "+447700900123", Kind: "image", MediaID: "42"})
		var e *whatsapp.Error
		if !asErr(err, &e) || e.Code != 131053 {
			t.Errorf("got %v, want 131053", err)
		}
	})
	t.Run("upload fault", func(t *testing.T) {
		sim.Script(Fault{Path: PathMediaUpload, Code: 131053})
		_, err := c.UploadMedia(ctx, acct, whatsapp.MediaUpload{FileName: "a.pdf", MimeType: "application/pdf", Body: strings.NewReader("%PDF")})
		var e *whatsapp.Error
		if !asErr(err, &e) || e.Code != 131053 {
			t.Errorf("got %v, want 131053", err)
		}
	})
}

// TestDialog360UploadAsDocumented: 360dialog's documented upload (messaging_product and a file
// whose part carries its type, no type field) is accepted; without a key it is refused in
// 360dialog's envelope.
func TestDialog360UploadAsDocumented(t *testing.T) {
	sim := New(Options{})
	h := sim.Handler()
	body := "--b\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n" +
		"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n--b--\r\n"
	ct := map[string]string{"Content-Type": "multipart/form-data; boundary=b"}
	if a := call(t, h, "POST", "/media", ct, body); a.Status != 401 || !strings.Contains(a.Raw, "developer_message") {
		t.Errorf("without a key: got %d %s, want 401 in 360dialog's envelope", a.Status, a.Raw)
	}
	ct["D360-API-KEY"] = DefaultAccount.Token
	a := call(t, h, "POST", "/media", ct, body)
	up := sim.Uploads()
	if a.Status != 200 || len(up) != 1 || up[0].MimeType != "image/jpeg" || up[0].Size != 3 || up[0].PhoneNumberID != DefaultAccount.PhoneNumberID {
		t.Errorf("upload: got %d %s, uploads %+v", a.Status, a.Raw, up)
	}
}

func asErr(err error, target **whatsapp.Error) bool {
	e, ok := err.(*whatsapp.Error)
	*target = e
	return ok
}
