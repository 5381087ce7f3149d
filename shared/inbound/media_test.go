package inbound

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// mediaJobs returns the media jobs put on q.
func mediaJobs(q *fakes.Queue[messaging.QueueMessage]) []attachments.MediaJob {
	var out []attachments.MediaJob
	for _, m := range q.Sent() {
		out = append(out, m.Body.(attachments.MediaJob))
	}
	return out
}

func mediaEvent(wamid, typ string, media *whatsapp.Media) whatsapp.Inbound {
	ev := textEvent(wamid, "", t0)
	ev.Event.Message.Type, ev.Event.Message.Media = typ, media
	return ev
}

func TestMediaMessagesQueueOneMediaJob(t *testing.T) {
	conv := messaging.ConversationID("o1", "pn1", "+447700900123")
	tests := []struct {
		name string
		ev   whatsapp.Inbound
		want []attachments.MediaJob
	}{
		{"image", mediaEvent("wamid.I1", whatsapp.TypeImage, &whatsapp.Media{ID: "m1", MimeType: "image/jpeg", Caption: "tap"}),
			[]attachments.MediaJob{{OrgID: "o1", ConversationID: conv, JobID: 1050, MessageID: "wamid.I1", Kind: whatsapp.TypeImage,
				Media: whatsapp.Media{ID: "m1", MimeType: "image/jpeg", Caption: "tap"}, From: "447700900123", ProfileName: "Sam", ReceivedAt: t0}}},
		{"document", mediaEvent("wamid.D1", whatsapp.TypeDocument, &whatsapp.Media{ID: "m2", MimeType: "application/pdf", Filename: "lease.pdf"}),
			[]attachments.MediaJob{{OrgID: "o1", ConversationID: conv, JobID: 1050, MessageID: "wamid.D1", Kind: whatsapp.TypeDocument,
				Media: whatsapp.Media{ID: "m2", MimeType: "application/pdf", Filename: "lease.pdf"}, From: "447700900123", ProfileName: "Sam", ReceivedAt: t0}}},
		{"text", textEvent("wamid.T1", "The tap is still leaking", t0), nil},
		{"location", func() whatsapp.Inbound {
			ev := textEvent("wamid.L1", "", t0)
			ev.Event.Message.Type, ev.Event.Message.Location = "location", &whatsapp.Location{Latitude: 51.5, Longitude: -0.1}
			return ev
		}(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, st, _, _ := newProcessor()
			q := &fakes.Queue[messaging.QueueMessage]{}
			p.Media = q
			st.linkJob("o1", "+447700900123", 1050)
			for range 2 { // a replay of a done event queues nothing more
				if err := p.Process(context.Background(), tt.ev); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(tt.want, mediaJobs(q)); diff != "" {
				t.Errorf("media jobs (-want +got):\n%s", diff)
			}
			for _, j := range mediaJobs(q) {
				for _, m := range st.msgs[conv] {
					if m.ID == j.MessageID && (m.Media == nil || m.Media.AttachmentID != j.AttachmentID()) {
						t.Errorf("stored message %s: media %+v, want attachment id %s", m.ID, m.Media, j.AttachmentID())
					}
				}
			}
		})
	}
}

func TestMediaQueueFailureRetriesTheRecord(t *testing.T) {
	p, st, _, _ := newProcessor()
	q := &fakes.Queue[messaging.QueueMessage]{Err: errBoom}
	p.Media = q
	ev := mediaEvent("wamid.I2", whatsapp.TypeImage, &whatsapp.Media{ID: "m9", MimeType: "image/jpeg"})
	rec := events.SQSEvent{Records: []events.SQSMessage{{MessageId: "r1", Body: mustBody(t, ev)}}}
	h := &Handler{Processor: p}
	resp, err := h.Handle(context.Background(), rec)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(resp.BatchItemFailures); got != 1 {
		t.Fatalf("batch item failures: got %d, want 1 (the record is retried)", got)
	}
	q.Err = nil
	if resp, _ = h.Handle(context.Background(), rec); len(resp.BatchItemFailures) != 0 {
		t.Fatalf("retry: got failures %+v, want none", resp.BatchItemFailures)
	}
	if len(mediaJobs(q)) != 1 || mediaJobs(q)[0].MessageID != "wamid.I2" || mediaJobs(q)[0].Media.ID != "m9" {
		t.Errorf("media jobs after the retry: got %+v, want the one of wamid.I2", mediaJobs(q))
	}
	conv := messaging.ConversationID("o1", "pn1", "+447700900123")
	if got := len(st.msgs[conv]); got != 1 {
		t.Errorf("conversation messages: got %d, want 1 (the retry rewrites the same one)", got)
	}
}

// mustBody is an inbound queue record's body.
func mustBody(t *testing.T, in whatsapp.Inbound) string {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
