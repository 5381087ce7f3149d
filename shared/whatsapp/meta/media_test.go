package meta

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// mediaServer is a fake Graph API serving one media object at /v21.0/{id} and its bytes at
// /dl/{id}, answering the download with downloadStatus when set.
func mediaServer(t *testing.T, content []byte, downloadStatus int) (*httptest.Server, *[]string) {
	t.Helper()
	var seen []string
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
		switch {
		case r.URL.Path == "/v21.0/777":
			w.Write([]byte(`{"messaging_product":"whatsapp","url":"` + srv.URL + `/dl/777?sig=x","mime_type":"image/jpeg","sha256":"abc","file_size":` + itoa(len(content)) + `,"id":"777"}`))
		case r.URL.Path == "/dl/777" && downloadStatus != 0:
			w.WriteHeader(downloadStatus)
		case r.URL.Path == "/dl/777":
			w.Write(content)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &seen
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestMediaInfoAndDownload(t *testing.T) {
	content := []byte("12345")
	srv, seen := mediaServer(t, content, 0)
	c := New(srv.Client(), "v21.0")
	acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok", PhoneNumberID: "1"}
	mi, err := c.MediaInfo(context.Background(), acct, "777")
	if err != nil {
		t.Fatal(err)
	}
	if mi.MimeType != "image/jpeg" || mi.SHA256 != "abc" || mi.FileSize != 5 || mi.ID != "777" {
		t.Errorf("got %+v, want the answer's fields", mi)
	}
	body, n, err := c.Download(context.Background(), acct, mi)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(body)
	body.Close()
	if !bytes.Equal(got, content) || n != 5 {
		t.Errorf("got %q (%d), want %q (5)", got, n, content)
	}
	want := []string{"GET /v21.0/777 Bearer tok", "GET /dl/777 Bearer tok"}
	if strings.Join(*seen, "|") != strings.Join(want, "|") {
		t.Errorf("requests: got %q, want %q", *seen, want)
	}
}

func TestDownloadExpired(t *testing.T) {
	for _, status := range []int{401, 404} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			srv, _ := mediaServer(t, nil, status)
			c := New(srv.Client(), "v21.0")
			acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok"}
			_, _, err := c.Download(context.Background(), acct, whatsapp.MediaInfo{ID: "777", URL: srv.URL + "/dl/777"})
			if !whatsapp.ExpiredURL(err) {
				t.Errorf("got %v, want an expired-URL error", err)
			}
		})
	}
}

func TestDownloadRefusesForeignPlainHTTP(t *testing.T) {
	srv, seen := mediaServer(t, []byte("x"), 0)
	c := New(srv.Client(), "v21.0")
	acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok"}
	_, _, err := c.Download(context.Background(), acct, whatsapp.MediaInfo{ID: "777", URL: "http://evil.example/dl/777"})
	if err == nil || strings.Contains(err.Error(), "tok") {
		t.Errorf("got %v, want a refusal that does not carry the token", err)
	}
	if len(*seen) != 0 {
		t.Errorf("requests: got %q, want none", *seen)
	}
}

func TestMediaInfoError(t *testing.T) {
	_, srv := mustServe(t, 400, `{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100}}`)
	c := New(srv.Client(), "v21.0")
	_, err := c.MediaInfo(context.Background(), whatsapp.Account{BaseURL: srv.URL, Token: "t"}, "1")
	var e *whatsapp.Error
	if !errors.As(err, &e) || e.Code != 100 {
		t.Errorf("got %v, want the provider's code 100", err)
	}
}

func TestUploadMedia(t *testing.T) {
	var gotFields map[string]string
	var gotFile []byte
	var gotName, gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath = r.URL.Path
		mr, err := r.MultipartReader()
		if err != nil {
			t.Errorf("multipart: %v", err)
			return
		}
		gotFields = map[string]string{}
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			b, _ := io.ReadAll(p)
			if p.FormName() == "file" {
				gotFile, gotName = b, p.FileName()
				continue
			}
			gotFields[p.FormName()] = string(b)
		}
		w.Write([]byte(`{"id":"media-42"}`))
	}))
	defer srv.Close()
	acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "tok", PhoneNumberID: "106"}
	id, err := New(srv.Client(), "v21.0").UploadMedia(context.Background(), acct,
		whatsapp.MediaUpload{FileName: "contract.pdf", MimeType: "application/pdf", Body: strings.NewReader("%PDF-1.7 body")})
	if err != nil {
		t.Fatal(err)
	}
	if id != "media-42" || gotPath != "/v21.0/106/media" || gotName != "contract.pdf" || string(gotFile) != "%PDF-1.7 body" {
		t.Errorf("got id %q path %q name %q file %q", id, gotPath, gotName, gotFile)
	}
	if gotFields["messaging_product"] != "whatsapp" || gotFields["type"] != "application/pdf" {
		t.Errorf("fields: got %v", gotFields)
	}
}

func TestSendMediaBodies(t *testing.T) {
	tests := []struct {
		name     string
		provider string
		m        whatsapp.MediaSend
		path     string
	}{
		{"media_document", messaging.ProviderMeta, whatsapp.MediaSend{To: "+447700900123", Kind: "document", MediaID: "1013", Caption: "Contract", FileName: "contract.pdf"}, "/v21.0/106540352242922/messages"},
		{"media_image", messaging.ProviderMeta, whatsapp.MediaSend{To: "+447700900123", Kind: "image", MediaID: "1014", Caption: "Kitchen", FileName: "ignored.jpg"}, "/v21.0/106540352242922/messages"},
		{"media_audio", messaging.ProviderMeta, whatsapp.MediaSend{To: "+447700900123", Kind: "audio", MediaID: "1015", Caption: "ignored"}, "/v21.0/106540352242922/messages"},
		// 360dialog: the same JSON to POST /messages ("Media messages", docs.360dialog.com).
		{"media_document_dialog360", messaging.ProviderDialog360, whatsapp.MediaSend{To: "+447700900123", Kind: "document", MediaID: "1013", Caption: "Contract", FileName: "contract.pdf", CallbackData: "msg-1"}, "/messages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, srv := mustServe(t, 200, accepted)
			acct := whatsapp.Account{Provider: tt.provider, BaseURL: srv.URL, Token: "t", PhoneNumberID: "106540352242922"}
			if _, err := New(srv.Client(), "v21.0").SendMedia(context.Background(), acct, tt.m); err != nil {
				t.Fatal(err)
			}
			if got := rec.seen[0].Path; got != tt.path {
				t.Errorf("path: got %q, want %q", got, tt.path)
			}
			checkGolden(t, filepath.Join("testdata", "golden", tt.name+".json"), rec.seen[0].Body)
		})
	}
}

func TestSendMediaRefusesLinkless(t *testing.T) {
	_, err := New(nil, "").SendMedia(context.Background(), whatsapp.Account{}, whatsapp.MediaSend{Kind: "image"})
	if err == nil {
		t.Error("got nil, want an error for a send without a media id")
	}
}
