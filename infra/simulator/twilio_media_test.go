package simulator

import (
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

// TestTwilioMedia: the Twilio adapter downloads inbound media from the simulator's media URL
// with Basic auth (through its redirect), another account's credentials get nothing, and a
// media send by MediaUrl is recorded with its link and caption.
func TestTwilioMedia(t *testing.T) {
	sim, acct, _ := startTwilioSim(t)
	ctx := context.Background()
	c := twilio.New(egress.New(egress.Config{Stage: lambdaenv.LocalStage}), "")
	photo := []byte("\xff\xd8\xff\xe0 a photo")
	mediaURL := acct.BaseURL + sim.TwilioMediaPath(simTwilioSID, photo, "image/jpeg")

	t.Run("download with the account's credentials", func(t *testing.T) {
		info, err := c.MediaInfo(ctx, acct, mediaURL)
		if err != nil {
			t.Fatal(err)
		}
		body, _, err := c.Download(ctx, acct, info)
		if err != nil {
			t.Fatal(err)
		}
		defer body.Close()
		if got, _ := io.ReadAll(body); string(got) != string(photo) {
			t.Errorf("got %q, want %q", got, photo)
		}
	})
	t.Run("no credentials", func(t *testing.T) {
		resp, err := http.Get(mediaURL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("got %d, want 401", resp.StatusCode)
		}
	})
	t.Run("send by MediaUrl", func(t *testing.T) {
		link := "http://127.0.0.1:9/bucket/contract.pdf?X-Amz-Signature=abc"
		sid, err := c.SendMedia(ctx, acct, whatsapp.MediaSend{To: "+447700900123", Kind: "document", Link: link, Caption: "Signed"})
		if err != nil {
			t.Fatal(err)
		}
		var got *MediaMessage
		for _, m := range sim.Sent() {
			if m.WAMID == sid {
				got = m.Request.Document
			}
		}
		if got == nil || got.Link != link || got.Caption != "Signed" {
			t.Errorf("recorded media %+v, want link %q with caption Signed", got, link)
		}
	})
}
