package socialmessaging

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// fakeObjects is a bucket of objects by key.
type fakeObjects map[string][]byte

func (fakeObjects) Bucket() string { return "attachments-bucket" }

func (f fakeObjects) Open(_ context.Context, key string) (io.ReadCloser, int64, error) {
	b, ok := f[key]
	if !ok {
		return nil, 0, messaging.Errorf(messaging.CodeNotFound, "no object %s", key)
	}
	return io.NopCloser(bytes.NewReader(b)), int64(len(b)), nil
}

func TestMediaInbound(t *testing.T) {
	photo := []byte("\xff\xd8\xffphoto")
	api := &fakeAPI{meta: MediaMetadata{MimeType: "image/jpeg", FileSize: 1}}
	objects := fakeObjects{InboundPrefix + "4567": photo}
	c := New(api, "").WithMedia(objects)
	info, err := c.MediaInfo(context.Background(), acct, "4567")
	if err != nil {
		t.Fatal(err)
	}
	want := GetMediaInput{MediaID: "4567", OriginationPhoneNumberID: phoneARN, Destination: S3File{BucketName: "attachments-bucket", Key: InboundPrefix}}
	if len(api.gets) != 1 || api.gets[0] != want || api.regions[0] != "eu-west-1" {
		t.Fatalf("GetWhatsAppMessageMedia: got %+v in %v, want %+v in eu-west-1", api.gets, api.regions, want)
	}
	if info.URL != InboundPrefix+"4567" || info.MimeType != "image/jpeg" || info.FileSize != 0 {
		t.Errorf("info: got %+v, want the object's key, the type and no size (the service's is in KB)", info)
	}
	rc, size, err := c.Download(context.Background(), acct, info)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	if !bytes.Equal(got, photo) || size != int64(len(photo)) {
		t.Errorf("download: got %q (%d), want the object", got, size)
	}
	t.Run("a gone object reads as an expired URL", func(t *testing.T) {
		_, _, err := c.Download(context.Background(), acct, whatsapp.MediaInfo{URL: InboundPrefix + "999"})
		if !whatsapp.ExpiredURL(err) {
			t.Errorf("got %v, want an error ExpiredURL holds", err)
		}
	})
	t.Run("only inbound objects are read", func(t *testing.T) {
		for _, key := range []string{"orgs/o1/a/secret.pdf", InboundPrefix + "../orgs/x", InboundPrefix} {
			if _, _, err := c.Download(context.Background(), acct, whatsapp.MediaInfo{URL: key}); err == nil {
				t.Errorf("%q: got no error", key)
			}
		}
	})
	t.Run("a malformed media id is refused before any call", func(t *testing.T) {
		api := &fakeAPI{}
		_, err := New(api, "").WithMedia(objects).MediaInfo(context.Background(), acct, "../../orgs")
		if whatsapp.Classify(err) != whatsapp.Permanent || len(api.gets) != 0 {
			t.Errorf("got %v after %d calls, want a permanent refusal and no call", err, len(api.gets))
		}
	})
	t.Run("without a bucket", func(t *testing.T) {
		if _, err := New(&fakeAPI{}, "").MediaInfo(context.Background(), acct, "4567"); !errors.Is(err, errNoMedia) {
			t.Errorf("got %v, want errNoMedia", err)
		}
	})
}

func TestMediaOutbound(t *testing.T) {
	api := &fakeAPI{id: "media-77"}
	c := New(api, "").WithMedia(fakeObjects{})
	body := strings.NewReader("never read")
	id, err := c.UploadMedia(context.Background(), acct, whatsapp.MediaUpload{FileName: "boiler.jpg", MimeType: "image/jpeg", Body: body, Key: "orgs/o1/att1/boiler.jpg"})
	if err != nil || id != "media-77" {
		t.Fatalf("upload: got %q, %v; want media-77", id, err)
	}
	if want := (S3File{BucketName: "attachments-bucket", Key: "orgs/o1/att1/boiler.jpg"}); len(api.posted) != 1 || api.posted[0] != want {
		t.Errorf("PostWhatsAppMessageMedia: got %+v, want %+v", api.posted, want)
	}
	if body.Len() != len("never read") {
		t.Errorf("the body was read; the service reads the object")
	}
	if _, err := c.UploadMedia(context.Background(), acct, whatsapp.MediaUpload{FileName: "x.jpg"}); err == nil {
		t.Error("upload without a key: got no error")
	}
	id, err = c.SendMedia(context.Background(), acct, whatsapp.MediaSend{To: "+447700900123", Kind: "image", MediaID: "media-77", Caption: "the boiler", CallbackData: "msg-4"})
	if err != nil || id != "media-77" {
		t.Fatalf("send media: got %q, %v", id, err)
	}
	golden(t, "media.json", api.sent[0].Message)
}
