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
		{"html name", KindDocument, "application/pdf", "invoice.html", []byte("%PDF-1.4 ..."), "file name .html is a web page"},
		{"svg name", KindDocument, "image/svg+xml", "logo.SVG", []byte("%PDF-1.4 ..."), "file name .svg is a web page"},
		{"svg bytes", KindDocument, "image/svg+xml", "", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>`),
			"file is an SVG image (it can carry script)"},
		{"xhtml bytes", KindDocument, "application/xml", "page.xml", []byte(`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`),
			"its bytes are an XHTML page"},
		{"iframe in text", KindDocument, "text/plain", "notes.txt", []byte("Dear tenant,\n<iframe src=\"https://evil.example\"></iframe>"), "its bytes are a script"},
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

// TestIngestUnknownTypeIsOctetStream: bytes the sniff cannot name are kept, in S3 and on the
// record, as application/octet-stream, whatever type the sender declared.
func TestIngestUnknownTypeIsOctetStream(t *testing.T) {
	unknown := append([]byte("\x00\x01\x02\x03\xfe\x10\x99"), bytes.Repeat([]byte{0x00, 0x9c}, 300)...)
	for _, declared := range []string{"text/html", "application/pdf", "image/svg+xml"} {
		t.Run(declared, func(t *testing.T) {
			s, src, blobs, store, _ := newTestService()
			src.data["m"], src.mime["m"] = unknown, declared
			a, err := s.Ingest(context.Background(), job("m", KindDocument, declared, "notes.bin"))
			if err != nil {
				t.Fatal(err)
			}
			if got := att(store, a.ID); got.Status != StatusStored || got.ContentType != TypeUnknown || got.DeclaredType != declared {
				t.Errorf("record: got status %s, content type %q, declared %q; want stored as %q, declared %q", got.Status, got.ContentType, got.DeclaredType, TypeUnknown, declared)
			}
			if got := blobs.types[a.Key]; got != TypeUnknown {
				t.Errorf("S3 object content type: got %q, want %q", got, TypeUnknown)
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
		// Against the OpenAPI document's shape: invalid (400); what the file is: unprocessable (422).
		for name, tt := range map[string]struct {
			req  UploadRequest
			want messaging.Code
		}{
			"exe":                      {UploadRequest{FileName: "setup.exe", ContentType: "application/pdf", Size: 10}, messaging.CodeUnprocessable},
			"type":                     {UploadRequest{FileName: "a.zip", ContentType: "application/zip", Size: 10}, messaging.CodeInvalid},
			"type with a parameter":    {UploadRequest{FileName: "a.pdf", ContentType: "application/pdf; q=1", Size: 10}, messaging.CodeInvalid},
			"too large for the kind":   {UploadRequest{FileName: "a.jpg", ContentType: "image/jpeg", Size: 5<<20 + 1}, messaging.CodeUnprocessable},
			"too large for any kind":   {UploadRequest{FileName: "a.pdf", ContentType: "application/pdf", Size: 100<<20 + 1}, messaging.CodeInvalid},
			"empty":                    {UploadRequest{FileName: "a.pdf", ContentType: "application/pdf", Size: 0}, messaging.CodeInvalid},
			"no name":                  {UploadRequest{ContentType: "application/pdf", Size: 10}, messaging.CodeInvalid},
			"a name of 255 characters": {UploadRequest{FileName: strings.Repeat("é", 251) + ".pdf", ContentType: "application/pdf", Size: 10}, ""},
			"html":                     {UploadRequest{FileName: "invoice.html", ContentType: "application/pdf", Size: 10}, messaging.CodeUnprocessable},
			"htm":                      {UploadRequest{FileName: "invoice.htm", ContentType: "text/plain", Size: 10}, messaging.CodeUnprocessable},
			"svg":                      {UploadRequest{FileName: "logo.svg", ContentType: "image/png", Size: 10}, messaging.CodeUnprocessable},
			"xhtml":                    {UploadRequest{FileName: "page.xhtml", ContentType: "text/plain", Size: 10}, messaging.CodeUnprocessable},
			"html type":                {UploadRequest{FileName: "invoice.txt", ContentType: "text/html", Size: 10}, messaging.CodeInvalid},
		} {
			_, err := s.CreateUpload(ctx, "org-1", "u", tt.req)
			if got := messaging.ErrorCode(err); tt.want != "" && got != tt.want || tt.want == "" && err != nil {
				t.Errorf("%s: got %v, want %q", name, err, tt.want)
			}
		}
	})
}

// TestOutboundSendsTheSniffedType: a staff upload goes to the provider, and is recorded, as
// the type its bytes are; bytes that are a page or script, or that the sniff cannot name as a
// type WhatsApp takes for the kind, are refused and never sent under the declared type.
func TestOutboundSendsTheSniffedType(t *testing.T) {
	xlsx := zipOf(t, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml")
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
	unknown := append([]byte("\x00\x01\x02\x03\xfe\x10\x99"), bytes.Repeat([]byte{0x00, 0x9c}, 300)...)
	tests := []struct {
		name, file, declared string
		data                 []byte
		wantType, wantErr    string
	}{
		{"xlsx declared as docx", "budget.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", xlsx,
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ""},
		{"text declared as pdf", "notes.pdf", "application/pdf", []byte("Meter reading 4411, taken 24 November."), "text/plain", ""},
		{"svg declared as pdf", "contract.pdf", "application/pdf", svg, "", "but its bytes are an SVG image"},
		{"unknown declared as pdf", "contract.pdf", "application/pdf", unknown, "", "the bytes are application/octet-stream, which WhatsApp does not take as a document"},
		{"unknown declared as audio", "memo.ogg", "audio/ogg", unknown, "", "the bytes are application/octet-stream, which WhatsApp does not take as audio"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, blobs, store, up := newTestService()
			ctx := context.Background()
			u, err := s.CreateUpload(ctx, "org-1", "user-1", UploadRequest{FileName: tt.file, ContentType: tt.declared, Size: int64(len(tt.data))})
			if err != nil {
				t.Fatal(err)
			}
			blobs.objects[u.Attachment.Key] = tt.data
			_, _, err = s.PrepareOutbound(ctx, "org-1", u.Attachment.ID)
			got := att(store, u.Attachment.ID)
			if tt.wantErr != "" {
				if messaging.ErrorCode(err) != messaging.CodeUnprocessable || !strings.Contains(messaging.ErrorMessage(err), tt.wantErr) {
					t.Errorf("got %v, want unprocessable naming %q", err, tt.wantErr)
				}
				if len(up.got) != 0 || got.Status != StatusFailed {
					t.Errorf("got %d provider uploads and status %s, want none and failed", len(up.got), got.Status)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(up.mimes) != 1 || up.mimes[0] != tt.wantType || got.ContentType != tt.wantType {
				t.Errorf("got provider types %q and record type %q, want %q", up.mimes, got.ContentType, tt.wantType)
			}
		})
	}
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

// TestOutboundByLink: for a Twilio organisation the checked attachment is not uploaded to the
// provider; the media id is a presigned GET URL of the stored object, and a disguised file is
// still refused.
func TestOutboundByLink(t *testing.T) {
	s, _, blobs, store, up := newTestService()
	ctx := context.Background()
	_ = store.PutSettings(ctx, messaging.Settings{OrgID: "org-1", Provider: messaging.ProviderTwilio, APIURL: "https://api.twilio.com",
		PhoneNumberID: "+14155550100", TokenProvider: messaging.ProviderTwilio, TokenURL: "https://api.twilio.com"})
	pdf := []byte("%PDF-1.7\ncontract")
	u, err := s.CreateUpload(ctx, "org-1", "user-1", UploadRequest{FileName: "contract.pdf", ContentType: "application/pdf", Size: int64(len(pdf))})
	if err != nil {
		t.Fatal(err)
	}
	blobs.objects[u.Attachment.Key] = pdf
	link, kind, err := s.PrepareOutbound(ctx, "org-1", u.Attachment.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://s3.example/" + u.Attachment.Key + "?ttl=" + MaxURLTTL.String(); link != want || kind != KindDocument {
		t.Errorf("got %q %q, want %q %q", link, kind, want, KindDocument)
	}
	if len(up.got) != 0 {
		t.Errorf("got %d uploads to the provider, want 0", len(up.got))
	}
	if a, _ := store.GetAttachment(ctx, "org-1", u.Attachment.ID); a.Status != StatusStored || a.ProviderMediaID != "" {
		t.Errorf("recorded %+v, want stored without a provider media id", a)
	}
	t.Run("disguised upload", func(t *testing.T) {
		u, _ := s.CreateUpload(ctx, "org-1", "user-1", UploadRequest{FileName: "photo.jpg", ContentType: "image/jpeg", Size: 8})
		blobs.objects[u.Attachment.Key] = []byte("MZ\x90\x00\x03\x00\x00\x00")
		if _, _, err := s.PrepareOutbound(ctx, "org-1", u.Attachment.ID); messaging.ErrorCode(err) != messaging.CodeUnprocessable {
			t.Errorf("got %v, want unprocessable", err)
		}
	})
}

func TestOutboundFromBucket(t *testing.T) {
	s, _, blobs, store, up := newTestService()
	ctx := context.Background()
	_ = store.PutSettings(ctx, messaging.Settings{OrgID: "org-1", Provider: messaging.ProviderAWSSocial,
		PhoneNumberID: "arn:aws:social-messaging:eu-west-1:123456789012:phone-number-id/abc", WABAID: "arn:aws:social-messaging:eu-west-1:123456789012:waba/def"})
	u, err := s.CreateUpload(ctx, "org-1", "user-1", UploadRequest{FileName: "boiler.jpg", ContentType: "image/jpeg", Size: int64(len(jpeg))})
	if err != nil {
		t.Fatal(err)
	}
	blobs.objects[u.Attachment.Key] = jpeg
	id, kind, err := s.PrepareOutbound(ctx, "org-1", u.Attachment.ID)
	if err != nil || id != "media-1" || kind != KindImage {
		t.Fatalf("got %q %q %v, want media-1 image", id, kind, err)
	}
	if len(up.keys) != 1 || up.keys[0] != u.Attachment.Key {
		t.Errorf("uploaded from %v, want the attachment's object %s", up.keys, u.Attachment.Key)
	}
	a, _ := store.GetAttachment(ctx, "org-1", u.Attachment.ID)
	if empty := sha256.Sum256(nil); a.SHA256 == hex.EncodeToString(empty[:]) {
		t.Errorf("recorded the digest of the bytes the uploader did not read: %s", a.SHA256)
	}
	if a.Status != StatusStored || a.ProviderMediaID != "media-1" {
		t.Errorf("recorded %+v, want stored with media-1", a)
	}
}
