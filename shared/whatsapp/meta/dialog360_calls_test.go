package meta

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// dialog360Call is one request a fake 360dialog received, as the golden file records it.
type dialog360Call struct {
	Method        string            `json:"method"`
	Path          string            `json:"path"`
	Query         string            `json:"query,omitempty"`
	D360APIKey    string            `json:"d360_api_key"`
	Authorization string            `json:"authorization,omitempty"`
	ContentType   string            `json:"content_type,omitempty"` // media type only
	Form          map[string]string `json:"form,omitempty"`         // multipart fields (the file by its name)
}

// TestDialog360Calls pins every call the client makes to 360dialog against its documentation
// (docs.360dialog.com: "Send And Receive Messages", "Upload, retrieve or delete media",
// "Create and manage Template Messages"): base URL without a Graph version or phone number id,
// POST /messages, POST /media (multipart), GET /<media id>, the media URL's path and query on
// 360dialog's host (never Meta's lookaside host), GET /v1/configs/templates, GET /health_status,
// each with D360-API-KEY and no bearer token.
func TestDialog360Calls(t *testing.T) {
	var mu sync.Mutex
	var calls []dialog360Call
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := dialog360Call{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			D360APIKey: r.Header.Get("D360-API-KEY"), Authorization: r.Header.Get("Authorization")}
		c.ContentType, _, _ = strings.Cut(r.Header.Get("Content-Type"), ";")
		if mr, err := r.MultipartReader(); err == nil {
			c.Form = map[string]string{}
			for p, err := mr.NextPart(); err == nil; p, err = mr.NextPart() {
				b, _ := io.ReadAll(p)
				if p.FileName() != "" {
					b = []byte("file " + p.FileName())
				}
				c.Form[p.FormName()] = string(b)
			}
		}
		mu.Lock()
		calls = append(calls, c)
		mu.Unlock()
		switch {
		case r.URL.Path == "/messages":
			io.WriteString(w, `{"messaging_product":"whatsapp","contacts":[{"input":"447700900123","wa_id":"447700900123"}],"messages":[{"id":"wamid.D360"}]}`)
		case r.URL.Path == "/media":
			io.WriteString(w, `{"id":"4490709327384033"}`)
		case r.URL.Path == "/4490709327384033":
			io.WriteString(w, `{"messaging_product":"whatsapp","url":"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=4490709327384033&ext=1732000000&hash=ATtr","mime_type":"image/jpeg","sha256":"abc","file_size":5,"id":"4490709327384033"}`)
		case r.URL.Path == "/whatsapp_business/attachments/":
			io.WriteString(w, "12345")
		case r.URL.Path == "/v1/configs/templates":
			b, _ := json.Marshal(map[string]any{"count": 0, "total": 0, "offset": 0, "limit": 100, "waba_templates": []any{}})
			w.Write(b)
		case r.URL.Path == "/health_status":
			io.WriteString(w, `{"health_status":{"can_send_message":"AVAILABLE","entities":[{"entity_type":"PHONE_NUMBER","id":"106540352242922","can_send_message":"AVAILABLE"},{"entity_type":"WABA","id":"102290129340398","can_send_message":"AVAILABLE"}]}}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	c := New(srv.Client(), "v21.0")
	acct := whatsapp.Account{Provider: messaging.ProviderDialog360, BaseURL: srv.URL + "/", Token: "d360-key",
		PhoneNumberID: "106540352242922", WABAID: "102290129340398"}

	if _, err := c.SendText(ctx, acct, "+447700900123", "Hello", ""); err != nil {
		t.Fatalf("SendText: %v", err)
	}
	if _, err := c.UploadMedia(ctx, acct, whatsapp.MediaUpload{FileName: "photo.jpg", MimeType: "image/jpeg", Body: strings.NewReader("12345")}); err != nil {
		t.Fatalf("UploadMedia: %v", err)
	}
	mi, err := c.MediaInfo(ctx, acct, "4490709327384033")
	if err != nil {
		t.Fatalf("MediaInfo: %v", err)
	}
	body, _, err := c.Download(ctx, acct, mi)
	if err != nil {
		t.Fatalf("Download: %v", err)
	}
	if b, _ := io.ReadAll(body); string(b) != "12345" {
		t.Errorf("downloaded %q, want 12345", b)
	}
	body.Close()
	if _, err := c.ListTemplates(ctx, acct); err != nil {
		t.Fatalf("ListTemplates: %v", err)
	}
	if err := c.VerifyNumber(ctx, acct); err != nil {
		t.Fatalf("VerifyNumber: %v", err)
	}
	got, err := json.Marshal(calls)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "golden", "dialog360_calls.json"), got)
}
