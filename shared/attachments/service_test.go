package attachments

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

var jpeg = append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), bytes.Repeat([]byte{0x42}, 2000)...)

// job returns a media job for media id of kind.
func job(id, kind, mime, name string) MediaJob {
	return MediaJob{OrgID: "org-1", ConversationID: "conv-1", JobID: 1050, MessageID: "wamid." + id, Kind: kind,
		Media: whatsapp.Media{ID: id, MimeType: mime, Filename: name}, From: "+447700900123",
		ReceivedAt: time.Date(2026, 11, 24, 8, 59, 0, 0, time.UTC)}
}

func TestIngestStoresPhoto(t *testing.T) {
	s, src, blobs, store, _ := newTestService()
	src.data["m1"], src.mime["m1"] = jpeg, "image/jpeg"
	a, err := s.Ingest(context.Background(), job("m1", KindImage, "image/jpeg", ""))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(jpeg)
	if a.Status != StatusStored || a.SHA256 != hex.EncodeToString(sum[:]) || a.Size != int64(len(jpeg)) || a.ContentType != "image/jpeg" {
		t.Errorf("got %+v", a)
	}
	wantKey := "orgs/org-1/attachments/" + a.ID + "/image.jpg"
	if a.Key != wantKey || !bytes.Equal(blobs.objects[wantKey], jpeg) {
		t.Errorf("key: got %q, want %q holding the bytes", a.Key, wantKey)
	}
	if len(store.Notes("org-1")) != 1 || store.Notes("org-1")[0].Text != "Photo received: image.jpg" || store.Notes("org-1")[0].AttachmentCount != 1 || store.Notes("org-1")[0].ID != a.ID {
		t.Errorf("notes: got %+v", store.Notes("org-1"))
	}
	t.Run("redelivery does nothing", func(t *testing.T) {
		before := src.infos
		again, err := s.Ingest(context.Background(), job("m1", KindImage, "image/jpeg", ""))
		if err != nil || again.ID != a.ID || src.infos != before {
			t.Errorf("got %v, %d provider calls, want the same attachment and none", err, src.infos-before)
		}
	})
}

func TestIngestRefusals(t *testing.T) {
	pe := append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{0}, 600)...)
	tests := []struct {
		name, kind, mime, file string
		data                   []byte
		want                   string
	}{
		{"PE disguised as jpeg", KindImage, "image/jpeg", "", pe, "file claims to be image/jpeg but its bytes are a Windows executable (PE)"},
		{"oversized image", KindImage, "image/jpeg", "", append(jpeg, make([]byte, 5<<20)...), "larger than WhatsApp's image limit of 5 MB"},
		{"exe document", KindDocument, "application/pdf", "invoice.exe", []byte("%PDF-1.4 ..."), "file name .exe is an executable type"},
		{"pdf as image", KindImage, "image/jpeg", "", []byte("%PDF-1.4 ..."), "an image was announced but the bytes are application/pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, src, blobs, store, _ := newTestService()
			src.data["m"], src.mime["m"] = tt.data, tt.mime
			a, err := s.Ingest(context.Background(), job("m", tt.kind, tt.mime, tt.file))
			reason, final := IsRefusal(err)
			if !final || !strings.Contains(reason, tt.want) {
				t.Fatalf("got %v, want a refusal with %q", err, tt.want)
			}
			if len(blobs.objects) != 0 {
				t.Errorf("objects: got %d, want none kept", len(blobs.objects))
			}
			got := att(store, a.ID)
			if got.Status != StatusFailed || got.Reason != reason {
				t.Errorf("record: got %+v, want failed with the reason", got)
			}
			if len(store.Notes("org-1")) != 1 || !strings.Contains(store.Notes("org-1")[0].Text, "refused: ") {
				t.Errorf("notes: got %+v, want one refusal note", store.Notes("org-1"))
			}
			if _, err := s.Ingest(context.Background(), job("m", tt.kind, tt.mime, tt.file)); err != nil {
				t.Errorf("redelivery: got %v, want nil (refusals are final)", err)
			}
		})
	}
}

func TestIngestSHAMismatch(t *testing.T) {
	s, src, blobs, store, _ := newTestService()
	src.data["m1"], src.mime["m1"] = jpeg, "image/jpeg"
	src.sha["m1"] = strings.Repeat("ab", 32)
	a, err := s.Ingest(context.Background(), job("m1", KindImage, "image/jpeg", ""))
	if err == nil || !strings.Contains(err.Error(), "sha256 mismatch") {
		t.Fatalf("got %v, want a sha256 mismatch", err)
	}
	if _, final := IsRefusal(err); final {
		t.Error("a mismatch must be retried, not refused")
	}
	if len(blobs.objects) != 0 || att(store, a.ID).Status != StatusFailed || len(store.Notes("org-1")) != 0 {
		t.Errorf("got objects %d, record %+v, notes %d; want none, failed, none", len(blobs.objects), att(store, a.ID), len(store.Notes("org-1")))
	}
	delete(src.sha, "m1")
	if a, err := s.Ingest(context.Background(), job("m1", KindImage, "image/jpeg", "")); err != nil || a.Status != StatusStored || a.Attempts != 2 {
		t.Errorf("retry: got %+v, %v; want stored on attempt 2", a, err)
	}
}

func TestIngestRefetchesExpiredURL(t *testing.T) {
	s, src, _, _, _ := newTestService()
	src.data["m1"], src.mime["m1"] = jpeg, "image/jpeg"
	src.expireFirst = 1
	if a, err := s.Ingest(context.Background(), job("m1", KindImage, "image/jpeg", "")); err != nil || a.Status != StatusStored {
		t.Fatalf("got %+v, %v", a, err)
	}
	if src.infos != 2 {
		t.Errorf("media info calls: got %d, want 2 (one re-fetch)", src.infos)
	}
}

func TestGetIsTenantScoped(t *testing.T) {
	s, src, _, _, _ := newTestService()
	src.data["m1"], src.mime["m1"] = jpeg, "image/jpeg"
	a, _ := s.Ingest(context.Background(), job("m1", KindImage, "image/jpeg", ""))
	got, url, exp, err := s.Get(context.Background(), "org-1", a.ID)
	if err != nil || got.ID != a.ID || !strings.Contains(url, "ttl=15m0s") || exp.IsZero() {
		t.Errorf("own org: got %+v %q %v", got, url, err)
	}
	for _, tc := range []struct{ org, id string }{{"org-2", a.ID}, {"org-1", "01JZZZZZZZZZZZZZZZZZZZZZZZ"}, {"org-1", "../x"}} {
		_, _, _, err := s.Get(context.Background(), tc.org, tc.id)
		if messaging.ErrorCode(err) != messaging.CodeNotFound || messaging.ErrorMessage(err) != "Attachment not found" {
			t.Errorf("%s/%s: got %v, want the one not-found answer", tc.org, tc.id, err)
		}
	}
}

func TestOutbound(t *testing.T) {
	s, _, blobs, _, up := newTestService()
	ctx := context.Background()
	pdf := []byte("%PDF-1.7\ncontract")
	u, err := s.CreateUpload(ctx, "org-1", "user-1", UploadRequest{FileName: "contract.pdf", ContentType: "application/pdf", Size: int64(len(pdf))})
	if err != nil {
		t.Fatal(err)
	}
	if u.Method != "PUT" || u.Attachment.Kind != KindDocument || u.Attachment.Status != StatusPending {
		t.Errorf("upload: got %+v", u)
	}
	if _, _, err := s.PrepareOutbound(ctx, "org-1", u.Attachment.ID); messaging.ErrorCode(err) != messaging.CodeUnprocessable {
		t.Errorf("before the upload: got %v, want unprocessable", err)
	}
	blobs.objects[u.Attachment.Key] = pdf
	id, kind, err := s.PrepareOutbound(ctx, "org-1", u.Attachment.ID)
	if err != nil || id != "media-1" || kind != KindDocument || !bytes.Equal(up.got[0], pdf) {
		t.Fatalf("got %q %q %v", id, kind, err)
	}
	if id2, _, _ := s.PrepareOutbound(ctx, "org-1", u.Attachment.ID); id2 != id || len(up.got) != 1 {
		t.Errorf("second prepare: got %q after %d uploads, want the same id and one upload", id2, len(up.got))
	}
	if _, _, err := s.PrepareOutbound(ctx, "org-2", u.Attachment.ID); messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Errorf("other org: got %v, want not found", err)
	}
	t.Run("disguised upload", func(t *testing.T) {
		u, _ := s.CreateUpload(ctx, "org-1", "user-1", UploadRequest{FileName: "photo.jpg", ContentType: "image/jpeg", Size: 8})
		blobs.objects[u.Attachment.Key] = []byte("MZ\x90\x00\x03\x00\x00\x00")
		_, _, err := s.PrepareOutbound(ctx, "org-1", u.Attachment.ID)
		if !strings.Contains(messaging.ErrorMessage(err), "Windows executable") {
			t.Errorf("got %v, want a refusal naming the executable", err)
		}
	})
	t.Run("bad requests", func(t *testing.T) {
		for name, req := range map[string]UploadRequest{
			"exe":       {FileName: "setup.exe", ContentType: "application/pdf", Size: 10},
			"type":      {FileName: "a.zip", ContentType: "application/zip", Size: 10},
			"too large": {FileName: "a.jpg", ContentType: "image/jpeg", Size: 5<<20 + 1},
			"empty":     {FileName: "a.pdf", ContentType: "application/pdf", Size: 0},
			"no name":   {ContentType: "application/pdf", Size: 10},
		} {
			if _, err := s.CreateUpload(ctx, "org-1", "u", req); messaging.ErrorCode(err) != messaging.CodeInvalid {
				t.Errorf("%s: got %v, want invalid", name, err)
			}
		}
	})
}

func TestNewMediaJob(t *testing.T) {
	msg := whatsapp.InboundMessage{ID: "wamid.1", From: "447700900123", Type: whatsapp.TypeDocument, Media: &whatsapp.Media{ID: "9", Filename: "a.pdf"}}
	j, ok := NewMediaJob("org-1", "conv", 0, msg, time.Now())
	again, _ := NewMediaJob("org-1", "conv", 0, msg, j.ReceivedAt)
	if !ok || j.Validate() != nil || again.AttachmentID() != j.AttachmentID() || len(j.AttachmentID()) != 26 {
		t.Errorf("got %+v %v", j, ok)
	}
	if _, ok := NewMediaJob("org-1", "conv", 0, whatsapp.InboundMessage{ID: "x", Type: whatsapp.TypeText}, time.Now()); ok {
		t.Error("a text message has no media job")
	}
}

// att returns org-1's attachment id as the store holds it.
func att(s *memstore.Store, id string) Attachment {
	a, _ := s.GetAttachment(context.Background(), "org-1", id)
	return a
}
