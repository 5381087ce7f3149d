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
	"testing"
	"time"

	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/messaging"
)

// TestTwilioMedia: a Twilio organisation's inbound photo (MediaUrl0, behind the account's Basic
// auth and a redirect) lands in S3 and on its conversation, and a staff reply with a PDF reaches
// Twilio as a MediaUrl (a presigned S3 URL) serving the PDF's bytes, nothing uploaded.
func TestTwilioMedia(t *testing.T) {
	ctx := context.Background()
	watch("provider token", twilioAuthToken)
	org, admin := newSettingsAdmin(t, "twilio-media")
	body := fmt.Sprintf(`{"provider":"twilio","api_url":%q,"api_token":%q,"phone_number_id":%q}`,
		e.simURL, twilioSID+":"+twilioAuthToken, twilioMediaSender.PhoneNumberID)
	if r := call(t, "PUT", "/api/admin/whatsapp/settings", admin, body); r.Status != 200 {
		t.Fatalf("connect the Twilio sender: %d %s", r.Status, r.Raw)
	}
	staff := mint(t, org, messaging.PermWhatsAppSend, messaging.PermCaseNotesView)
	phone := newPhone()
	conv := messaging.ConversationID(org, twilioMediaSender.PhoneNumberID, phone)
	messages := func() []messaging.ConversationMessage {
		_, msgs, _, err := e.store.ConversationWithMessages(ctx, org, conv, 0, 0)
		if err != nil && messaging.ErrorCode(err) != messaging.CodeNotFound {
			t.Fatal(err)
		}
		return msgs
	}

	t.Run("an inbound photo lands in S3 and on the conversation", func(t *testing.T) {
		mediaURL := e.simURL + e.sim.TwilioMediaPath(twilioSID, photo, "image/jpeg")
		if _, code, err := e.sim.InjectTwilio(ctx, simulator.TwilioInbound{PhoneNumberID: twilioMediaSender.PhoneNumberID, From: phone,
			ProfileName: "Robin", MediaURL: mediaURL}); err != nil || code != 200 {
			t.Fatalf("inject: %d, %v; want 200", code, err)
		}
		var ref *messaging.MediaRef
		eventually(t, 20*time.Second, "the photo in the conversation", func() bool {
			for _, m := range messages() {
				if m.Direction == messaging.DirectionInbound && m.Media != nil {
					ref = m.Media
				}
			}
			return ref != nil
		})
		if ref.ID != mediaURL || ref.AttachmentID == "" {
			t.Fatalf("conversation media: got %+v, want media %s with an attachment id", ref, mediaURL)
		}
		var a attachments.Attachment
		eventually(t, 30*time.Second, "the photo's attachment to settle", func() bool {
			got, err := e.store.GetAttachment(ctx, org, ref.AttachmentID)
			a = got
			return err == nil && (got.Status == attachments.StatusStored || got.Attempts < 0)
		})
		sum := sha256.Sum256(photo)
		want := hex.EncodeToString(sum[:])
		if a.Status != attachments.StatusStored || a.SHA256 != want || a.ContentType != "image/jpeg" {
			t.Fatalf("attachment: got %+v, want stored with the photo's hash", a)
		}
		if got := s3SHA(t, a.Key); got != want {
			t.Errorf("S3 %s: got sha %s, want %s", a.Key, got, want)
		}
	})

	t.Run("a staff reply with a PDF reaches Twilio as a MediaUrl", func(t *testing.T) {
		pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
		attID := uploadAttachmentAs(t, staff, "contract.pdf", "application/pdf", pdf)
		uploads := len(e.sim.Uploads())
		r := call(t, "POST", "/api/whatsapp/conversations/"+conv+"/messages", staff, fmt.Sprintf(`{"attachment_id": %q, "caption": "Signed tenancy agreement"}`, attID))
		data, _ := r.Body["data"].(map[string]any)
		sid, _ := data["message_id"].(string)
		if r.Status != 200 || sid == "" {
			t.Fatalf("reply: got %d %s, want 200", r.Status, r.Raw)
		}
		var doc *simulator.MediaMessage
		for _, m := range sentTo(phone) {
			if m.WAMID == sid && m.Provider == messaging.ProviderTwilio {
				doc = m.Request.Document
			}
		}
		if doc == nil || doc.Link == "" || doc.Caption != "Signed tenancy agreement" {
			t.Fatalf("the simulator's Twilio send %s: got %+v, want a MediaUrl with the caption", sid, doc)
		}
		resp, err := http.Get(doc.Link)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Equal(got, pdf) {
			t.Errorf("MediaUrl: got %d with %d bytes, want 200 with the PDF", resp.StatusCode, len(got))
		}
		if n := len(e.sim.Uploads()); n != uploads {
			t.Errorf("media uploads: got %d, want %d (nothing uploaded for Twilio)", n, uploads)
		}
		for _, m := range messages() {
			if m.Direction == messaging.DirectionOutbound && m.Media != nil && m.Media.ID != "" {
				t.Errorf("kept media %+v: the presigned URL must not be kept", m.Media)
			}
		}
	})
}
