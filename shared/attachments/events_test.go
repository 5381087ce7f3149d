package attachments

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/proplink/chat/shared/platformevent"
)

// publisher keeps what the service emits, and fails while fail is set.
type publisher struct {
	got  []platformevent.Event
	fail bool
}

func (p *publisher) Publish(_ context.Context, evs ...platformevent.Event) error {
	if p.fail {
		return errors.New("queue down")
	}
	p.got = append(p.got, evs...)
	return nil
}

func TestIngestEmitsAttachmentStored(t *testing.T) {
	ctx := context.Background()
	t.Run("a stored photo", func(t *testing.T) {
		s, src, _, _, _ := newTestService()
		pub := &publisher{}
		s.Events = pub
		src.data["m1"], src.mime["m1"] = jpeg, "image/jpeg"
		a, err := s.Ingest(ctx, job("m1", KindImage, "image/jpeg", ""))
		if err != nil {
			t.Fatal(err)
		}
		if len(pub.got) != 1 || pub.got[0].Type != platformevent.KindAttachmentStored {
			t.Fatalf("events: got %+v, want one attachment.stored", pub.got)
		}
		var d platformevent.AttachmentStored
		_ = json.Unmarshal(pub.got[0].Data, &d)
		if d.AttachmentID != a.ID || d.ContentType != "image/jpeg" || d.Size != int64(len(jpeg)) {
			t.Errorf("data: got %+v, want the attachment's id, type and size", d)
		}
	})
	t.Run("a failed emit is retried by the replay of the job", func(t *testing.T) {
		s, src, _, _, _ := newTestService()
		pub := &publisher{fail: true}
		s.Events = pub
		src.data["m1"], src.mime["m1"] = jpeg, "image/jpeg"
		if _, err := s.Ingest(ctx, job("m1", KindImage, "image/jpeg", "")); err == nil {
			t.Fatal("Ingest with a failing publisher: got no error, want one (the queue retries the job)")
		}
		pub.fail = false
		before := src.infos
		if _, err := s.Ingest(ctx, job("m1", KindImage, "image/jpeg", "")); err != nil {
			t.Fatal(err)
		}
		if len(pub.got) != 1 || src.infos != before {
			t.Fatalf("replay: got %d events and %d provider calls, want the event and no new fetch", len(pub.got), src.infos-before)
		}
	})
	t.Run("a refused file emits nothing", func(t *testing.T) {
		s, src, _, _, _ := newTestService()
		pub := &publisher{}
		s.Events = pub
		src.data["m"], src.mime["m"] = []byte("%PDF-1.4 ..."), "image/jpeg"
		_, _ = s.Ingest(ctx, job("m", KindImage, "image/jpeg", ""))
		if len(pub.got) != 0 {
			t.Fatalf("events: got %+v, want none", pub.got)
		}
	})
}
