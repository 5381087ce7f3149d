//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/s3store"
	"github.com/proplink/chat/shared/whatsapp"
)

var photo = append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"), bytes.Repeat([]byte("kitchen tap "), 4000)...)

// mediaMessage has a person (a new number, its conversation tied to the demo job) send an
// inbound media message carrying simulator media id, as Meta's signed webhook: webhook →
// InboundQueue → InboundFunction → MediaQueue → AttachmentsFunction. It returns the media job
// the processor queued, rebuilt from the stored message (its attachment id is deterministic).
func mediaMessage(t *testing.T, kind, mediaID, mime, name string) attachments.MediaJob {
	t.Helper()
	ctx := context.Background()
	phone := newPhone()
	if err := e.store.LinkJob(ctx, e.demo.OrgID, e.demo.PhoneNumberID, phone, e.demo.JobID, time.Now()); err != nil {
		t.Fatal(err)
	}
	in, err := e.sim.Inject(ctx, simulator.Inbound{From: phone, ProfileName: "Sam Tenant", Type: kind,
		Media: &simulator.InboundMedia{ID: mediaID, MimeType: mime, Filename: name}})
	if err != nil || fmt.Sprint(in.HTTPStatuses) != "[200]" {
		t.Fatalf("inject: %v %v", in.HTTPStatuses, err)
	}
	var msg messaging.ConversationMessage
	eventually(t, 20*time.Second, "the media message in its conversation", func() bool {
		for _, m := range inboundOf(t, phone) {
			if m.ID == in.WAMID {
				msg = m
				return true
			}
		}
		return false
	})
	j := attachments.MediaJob{OrgID: e.demo.OrgID, ConversationID: convID(phone), JobID: e.demo.JobID, MessageID: in.WAMID,
		Kind: kind, Media: whatsapp.Media{ID: mediaID, MimeType: mime, Filename: name}, From: messaging.WAID(phone), ReceivedAt: msg.At}
	if msg.Type != kind || msg.Media == nil || msg.Media.ID != mediaID || msg.Media.AttachmentID != j.AttachmentID() {
		t.Fatalf("stored message: got %+v, want %s media %s by reference with attachment %s", msg, kind, mediaID, j.AttachmentID())
	}
	return j
}

// settled waits for the job's attachment to be stored or finally refused.
func settled(t *testing.T, j attachments.MediaJob, timeout time.Duration) attachments.Attachment {
	t.Helper()
	var a attachments.Attachment
	eventually(t, timeout, "attachment "+j.AttachmentID(), func() bool {
		got, err := e.store.GetAttachment(context.Background(), j.OrgID, j.AttachmentID())
		a = got
		return err == nil && (got.Status == attachments.StatusStored || got.Attempts < 0)
	})
	return a
}

// s3SHA returns the sha256 of an object in the attachments bucket.
func s3SHA(t *testing.T, key string) string {
	t.Helper()
	body, _, err := blobs().Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	h := sha256.New()
	io.Copy(h, body)
	return hex.EncodeToString(h.Sum(nil))
}

func blobs() *s3store.Store {
	c := awss3.NewFromConfig(e.stack.AWSConfig(), func(o *awss3.Options) { o.UsePathStyle = true })
	return s3store.New(c, e.stack.Resource("AttachmentsBucket"))
}

func TestInboundPhotoLandsInS3AndOnTheCaseNote(t *testing.T) {
	id := e.sim.AddMedia(photo, "image/jpeg")
	e.stack.ResetCounts()
	j := mediaMessage(t, whatsapp.TypeImage, id, "image/jpeg", "")
	a := settled(t, j, 30*time.Second)
	sum := sha256.Sum256(photo)
	want := hex.EncodeToString(sum[:])
	if a.Status != attachments.StatusStored || a.SHA256 != want || a.ContentType != "image/jpeg" {
		t.Fatalf("got %+v, want stored with the photo's hash", a)
	}
	if a.MessageID != j.MessageID || a.ConversationID != j.ConversationID || a.JobID != e.demo.JobID || a.ProviderMediaID != id {
		t.Errorf("links: got message %s, conversation %s, job %d, media %s; want %s, %s, %d, %s",
			a.MessageID, a.ConversationID, a.JobID, a.ProviderMediaID, j.MessageID, j.ConversationID, e.demo.JobID, id)
	}
	if got := s3SHA(t, a.Key); got != want || !strings.HasPrefix(a.Key, "orgs/"+e.demo.OrgID+"/attachments/"+a.ID+"/") {
		t.Errorf("S3 %s: got sha %s, want %s under the organisation", a.Key, got, want)
	}
	n, ok := noteByID(t, e.demo.JobID, a.ID)
	if !ok || n.Text != "Photo received: image.jpg" || n.AttachmentCount != 1 || n.Kind != attachments.NoteKind || n.ProviderMessage != j.MessageID {
		t.Errorf("case note: got %+v, %v", n, ok)
	}
	if err := e.stack.Idle(context.Background()); err == nil {
		t.Logf("AWS requests for one inbound photo, webhook to S3 (incl. polling): %s", figures(e.stack.Counts()))
	}

	t.Run("same organisation reads it", func(t *testing.T) {
		r := getAttachment(t, a.ID, e.demo.StaffToken)
		data, _ := r.Body["data"].(map[string]any)
		u, _ := data["download_url"].(string)
		if r.Status != 200 || u == "" {
			t.Fatalf("got %d %s", r.Status, r.Raw)
		}
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !bytes.Equal(got, photo) {
			t.Errorf("download: got %d bytes, want the photo", len(got))
		}
		if !strings.Contains(u, "X-Amz-Expires=900") && !strings.Contains(u, "X-Amz-Expires=") {
			t.Errorf("url %q is not a presigned URL", u)
		}
	})
	t.Run("another organisation gets 404", func(t *testing.T) {
		other := mint(t, "other-org", messaging.PermWhatsAppSend)
		r := getAttachment(t, a.ID, other)
		missing := getAttachment(t, ulid.Make().String(), other)
		if r.Status != 404 || r.Raw != missing.Raw {
			t.Errorf("got %d %s, want 404 identical to a missing one (%s)", r.Status, r.Raw, missing.Raw)
		}
	})
}

func TestExpiredMediaURLIsRefetched(t *testing.T) {
	id := e.sim.AddMedia(photo, "image/jpeg")
	e.sim.Script(simulator.Fault{Path: simulator.PathMediaDownload, HTTPStatus: 404}) // the first URL is stale
	a := settled(t, mediaMessage(t, whatsapp.TypeImage, id, "image/jpeg", "tap.jpg"), 30*time.Second)
	if a.Status != attachments.StatusStored || a.Attempts != 1 {
		t.Errorf("got %+v, want stored on the first delivery after a re-fetch", a)
	}
}

func TestRefusedMediaKeepsTheMessage(t *testing.T) {
	pe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 2000)...)
	big, _ := e.sim.AddGeneratedMedia(6<<20, "image/jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"))
	tests := []struct {
		name, mediaID, want string
	}{
		{"disguised executable", e.sim.AddMedia(pe, "image/jpeg"), "file claims to be image/jpeg but its bytes are a Windows executable (PE)"},
		{"oversized photo", big, "larger than WhatsApp's image limit of 5 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := mediaMessage(t, whatsapp.TypeImage, tt.mediaID, "image/jpeg", "")
			a := settled(t, j, 30*time.Second)
			if a.Status != attachments.StatusFailed || !strings.Contains(a.Reason, tt.want) || a.MessageID != j.MessageID {
				t.Errorf("got %+v, want failed: %q, linked to its message", a, tt.want)
			}
			// The note is written just after the attachment's record.
			var n messaging.CaseNote
			var ok bool
			eventually(t, 10*time.Second, "the refusal's case note", func() bool {
				n, ok = noteByID(t, e.demo.JobID, a.ID)
				return ok
			})
			if !ok || !strings.Contains(n.Text, "Photo refused: ") || n.AttachmentCount != 0 {
				t.Errorf("case note: got %+v, %v", n, ok)
			}
			kept := false
			for _, m := range inboundOf(t, "+"+j.From) {
				kept = kept || m.ID == j.MessageID
			}
			if !kept {
				t.Errorf("conversation of +%s: message %s missing, want it kept although its media was refused", j.From, j.MessageID)
			}
			if _, _, err := blobs().Open(context.Background(), attachments.ObjectKey(e.demo.OrgID, a.ID, "image.jpg")); messaging.ErrorCode(err) != messaging.CodeNotFound {
				t.Errorf("S3: got %v, want nothing kept", err)
			}
		})
	}
}

// TestStaffPDFReplyReachesTheProviderByMediaID has staff upload a PDF (POST
// /api/whatsapp/attachments, then the presigned PUT) and reply with it in a conversation whose
// window a tenant's message opened: the simulator sees a document message by the media id it
// issued on upload, the conversation keeps it with its attachment, and the job's case note
// counts one attachment.
func TestStaffPDFReplyReachesTheProviderByMediaID(t *testing.T) {
	ctx := context.Background()
	phone := newPhone()
	if err := e.store.LinkJob(ctx, e.demo.OrgID, e.demo.PhoneNumberID, phone, e.demo.JobID, time.Now()); err != nil {
		t.Fatal(err)
	}
	asked, err := e.sim.InjectText(phone, "Sam Tenant", "Can you send me the contract?")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the tenant's message to open the window", func() bool { return len(inboundOf(t, phone)) == 1 })
	assistantHandled(t, phone, asked)

	pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	attID := uploadAttachment(t, "contract.pdf", "application/pdf", pdf)
	r := callConv(t, "POST", convID(phone), "/messages", fmt.Sprintf(`{"attachment_id": %q, "caption": "Signed tenancy agreement"}`, attID))
	data, _ := r.Body["data"].(map[string]any)
	wamid, _ := data["message_id"].(string)
	if r.Status != 200 || wamid == "" {
		t.Fatalf("reply: got %d %s, want 200", r.Status, r.Raw)
	}

	sent := notFromAssistant(t, phone, sentTo(phone))
	if len(sent) != 1 || sent[0].WAMID != wamid || sent[0].Request.Type != "document" || sent[0].Request.Document == nil {
		t.Fatalf("simulator saw %+v, want one document message %s", sent, wamid)
	}
	doc := *sent[0].Request.Document
	if doc.ID == "" || doc.Link != "" || doc.Filename != "contract.pdf" || doc.Caption != "Signed tenancy agreement" {
		t.Errorf("document: got %+v, want contract.pdf by media id with its caption", doc)
	}
	up, ok := e.sim.Media(doc.ID)
	sum := sha256.Sum256(pdf)
	if !ok || !up.Uploaded || up.SHA256 != hex.EncodeToString(sum[:]) || up.FileName != "contract.pdf" || up.MimeType != "application/pdf" {
		t.Errorf("simulator's record of media %s: got %+v (known %v), want the uploaded PDF", doc.ID, up, ok)
	}
	a, err := e.store.GetAttachment(ctx, e.demo.OrgID, attID)
	if err != nil || a.Status != attachments.StatusStored || a.ProviderMediaID != doc.ID || a.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("attachment: got %+v, %v; want stored with media id %s", a, err, doc.ID)
	}

	var kept *messaging.MediaRef
	for _, m := range messagesOf(t, phone) {
		if m.Direction == messaging.DirectionOutbound && m.ProviderMessage == wamid {
			kept = m.Media
		}
	}
	if kept == nil || kept.AttachmentID != attID || kept.ID != doc.ID || kept.Filename != "contract.pdf" {
		t.Errorf("conversation: got media %+v, want the document with attachment %s", kept, attID)
	}
	eventually(t, 20*time.Second, "the reply's case note", func() bool { _, ok := noteOf(t, wamid); return ok })
	n, _ := noteOf(t, wamid)
	if n.AttachmentCount != 1 || n.Text != "Document sent: contract.pdf - Signed tenancy agreement" || n.Direction != messaging.DirectionOutbound || n.AuthorName == "" {
		t.Errorf("case note: got %+v, want the document with attachment_count 1", n)
	}

	t.Run("outside the window is 422", func(t *testing.T) {
		other := newPhone()
		if err := e.store.LinkJob(ctx, e.demo.OrgID, e.demo.PhoneNumberID, other, e.demo.JobID, time.Now()); err != nil {
			t.Fatal(err)
		}
		r := callConv(t, "POST", convID(other), "/messages", fmt.Sprintf(`{"attachment_id": %q}`, attID))
		if r.Status != 422 || r.Body["error"] != messaging.MsgWindowClosed || len(sentTo(other)) != 0 {
			t.Errorf("got %d %s, want 422 %q and nothing sent", r.Status, r.Raw, messaging.MsgWindowClosed)
		}
	})
	t.Run("another organisation's attachment is 404", func(t *testing.T) {
		foreign := uploadAttachmentAs(t, mint(t, "other-org", messaging.PermWhatsAppSend), "theirs.pdf", "application/pdf", pdf)
		r := callConv(t, "POST", convID(phone), "/messages", fmt.Sprintf(`{"attachment_id": %q}`, foreign))
		missing := callConv(t, "POST", convID(phone), "/messages", fmt.Sprintf(`{"attachment_id": %q}`, ulid.Make().String()))
		if r.Status != 404 || r.Raw != missing.Raw || len(notFromAssistant(t, phone, sentTo(phone))) != 1 {
			t.Errorf("got %d %s, want 404 identical to a missing one (%s) and nothing more sent", r.Status, r.Raw, missing.Raw)
		}
	})
}

// TestStaffAttachmentPagesAreRefused: an upload named as a web page or SVG is a 400 before any
// URL is handed out, and bytes that turn out to be an SVG under a PDF's name and type are a
// 422 on reply, with nothing sent to the provider.
func TestStaffAttachmentPagesAreRefused(t *testing.T) {
	for _, name := range []string{"invoice.html", "invoice.HTM", "logo.svg", "page.xhtml"} {
		t.Run(name, func(t *testing.T) {
			r := call(t, "POST", "/api/whatsapp/attachments", e.demo.StaffToken,
				fmt.Sprintf(`{"file_name":%q,"content_type":"application/pdf","size":10}`, name))
			if r.Status != 422 || r.Body["success"] != false || !strings.Contains(fmt.Sprint(r.Body["error"]), "File not allowed: file name .") {
				t.Errorf("got %d %s, want 422 naming the file name", r.Status, r.Raw)
			}
		})
	}
	t.Run("svg bytes as a pdf", func(t *testing.T) {
		ctx := context.Background()
		phone := newPhone()
		if err := e.store.LinkJob(ctx, e.demo.OrgID, e.demo.PhoneNumberID, phone, e.demo.JobID, time.Now()); err != nil {
			t.Fatal(err)
		}
		asked, err := e.sim.InjectText(phone, "Sam Tenant", "Please send the floor plan")
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, 20*time.Second, "the tenant's message to open the window", func() bool { return len(inboundOf(t, phone)) == 1 })
		assistantHandled(t, phone, asked)
		svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>`)
		attID := uploadAttachment(t, "floor-plan.pdf", "application/pdf", svg)
		r := callConv(t, "POST", convID(phone), "/messages", fmt.Sprintf(`{"attachment_id": %q}`, attID))
		if r.Status != 422 || !strings.Contains(fmt.Sprint(r.Body["error"]), "its bytes are an SVG image") || len(notFromAssistant(t, phone, sentTo(phone))) != 0 {
			t.Errorf("got %d %s and %d sent, want 422 naming the SVG and nothing sent", r.Status, r.Raw, len(notFromAssistant(t, phone, sentTo(phone))))
		}
		if a, err := e.store.GetAttachment(ctx, e.demo.OrgID, attID); err != nil || a.Status != attachments.StatusFailed || a.ProviderMediaID != "" {
			t.Errorf("attachment: got %+v, %v; want failed, never uploaded to the provider", a, err)
		}
	})
}

// uploadAttachment creates an attachment as the demo staff user and PUTs its bytes to the
// presigned URL; it returns the attachment id.
func uploadAttachment(t *testing.T, name, contentType string, data []byte) string {
	t.Helper()
	return uploadAttachmentAs(t, e.demo.StaffToken, name, contentType, data)
}

// uploadAttachmentAs is uploadAttachment for the caller of token.
func uploadAttachmentAs(t *testing.T, token, name, contentType string, data []byte) string {
	t.Helper()
	r := call(t, "POST", "/api/whatsapp/attachments", token,
		fmt.Sprintf(`{"file_name":%q,"content_type":%q,"size":%d}`, name, contentType, len(data)))
	body, _ := r.Body["data"].(map[string]any)
	att, _ := body["attachment"].(map[string]any)
	url, _ := body["upload_url"].(string)
	id, _ := att["id"].(string)
	if r.Status != 200 || url == "" || id == "" {
		t.Fatalf("create upload: got %d %s", r.Status, r.Raw)
	}
	req, _ := http.NewRequest("PUT", url, bytes.NewReader(data))
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("presigned PUT: got %d", resp.StatusCode)
	}
	return id
}

// TestHundredMBDocumentMemory streams a 100 MB document through the running attachments
// function (its own process) and reads that process's peak RSS (VmHWM).
func TestHundredMBDocumentMemory(t *testing.T) {
	for _, size := range []int64{1 << 20, 16 << 20, 100 << 20} {
		t.Run(strconv.FormatInt(size>>20, 10)+"MB", func(t *testing.T) {
			id, sha := e.sim.AddGeneratedMedia(size, "application/pdf", []byte("%PDF-1.7\n"))
			start := time.Now()
			a := settled(t, mediaMessage(t, whatsapp.TypeDocument, id, "application/pdf", "big.pdf"), 3*time.Minute)
			took := time.Since(start)
			if a.Status != attachments.StatusStored || a.SHA256 != sha || a.Size != size {
				t.Fatalf("got %+v, want stored with sha %s", a, sha)
			}
			hwm := functionHWM(t, "AttachmentsFunction")
			t.Logf("%d MB document: %s webhook-to-stored; attachments processes' peak RSS (VmHWM) %s", size>>20, took.Round(time.Millisecond), hwm)
			for _, kb := range hwmKB(hwm) {
				if kb > 64<<10 {
					t.Errorf("peak RSS %d kB, want under 64 MB", kb)
				}
			}
		})
	}
}

// functionHWM lists VmHWM of every running process whose executable is the function's
// bootstrap.
func functionHWM(t *testing.T, logicalID string) string {
	t.Helper()
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	var out []string
	for _, d := range dirs {
		exe, err := os.Readlink(d + "/exe")
		if err != nil || !strings.Contains(exe, logicalID) {
			continue
		}
		status, err := os.ReadFile(d + "/status")
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(line, "VmHWM:") {
				out = append(out, strings.Join(strings.Fields(strings.TrimPrefix(line, "VmHWM:")), " "))
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no running process of %s", logicalID)
	}
	return strings.Join(out, ", ")
}

// hwmKB reads "12345 kB, 678 kB".
func hwmKB(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ", ") {
		n, _ := strconv.Atoi(strings.TrimSuffix(f, " kB"))
		out = append(out, n)
	}
	return out
}

// getAttachment calls GET /api/whatsapp/attachments/{id}; the request and the answer are
// checked against the OpenAPI document.
func getAttachment(t *testing.T, id, token string) reply {
	t.Helper()
	return call(t, "GET", "/api/whatsapp/attachments/"+id, token, "")
}
