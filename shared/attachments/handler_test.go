package attachments

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/whatsapp"
)

func TestHandlerOutcomes(t *testing.T) {
	body := func(j MediaJob) string { b, _ := json.Marshal(j); return string(b) }
	noMedia := job("m1", KindImage, "image/jpeg", "")
	noMedia.Media.ID = ""
	tests := []struct {
		name     string
		body     string
		receives string
		edit     func(*fakeSource)
		failed   bool
		counted  string
	}{
		{name: "stored is done", body: body(job("m1", KindImage, "image/jpeg", "")), counted: "MediaStored"},
		{name: "refused is dropped, recorded on the attachment", body: body(job("m1", KindImage, "image/jpeg", "")), counted: "MediaRefused",
			edit: func(s *fakeSource) { s.data["m1"] = []byte("MZ\x90\x00 not a photo at all, a program") }},
		{name: "transient failure is retried", body: body(job("m1", KindImage, "image/jpeg", "")), failed: true, counted: "MediaRetried",
			edit: func(s *fakeSource) { s.infoErr = &whatsapp.Error{HTTPStatus: 503} }},
		{name: "last receive is counted as dead-lettered", body: body(job("m1", KindImage, "image/jpeg", "")), receives: "5", failed: true,
			counted: "MediaDeadLettered", edit: func(s *fakeSource) { s.infoErr = &whatsapp.Error{HTTPStatus: 503} }},
		{name: "unreadable is dead-lettered, not dropped", body: "{not json", failed: true, counted: "MediaUnreadable"},
		{name: "a job without media is dead-lettered, not dropped", body: body(noMedia), failed: true, counted: "MediaUnreadable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, src, _, _, _ := newTestService()
			src.data["m1"], src.mime["m1"] = jpeg, "image/jpeg"
			if tt.edit != nil {
				tt.edit(src)
			}
			m := &fakes.Metrics{}
			h := &Handler{Service: svc, Metrics: m, MaxReceives: 5}
			receives := tt.receives
			if receives == "" {
				receives = "1"
			}
			rec := events.SQSMessage{MessageId: "r1", Body: tt.body, Attributes: map[string]string{"ApproximateReceiveCount": receives}}
			resp, err := h.Handle(context.Background(), events.SQSEvent{Records: []events.SQSMessage{rec}})
			if err != nil {
				t.Fatalf("Handle: %v", err)
			}
			if got, want := len(resp.BatchItemFailures) == 1, tt.failed; got != want {
				t.Errorf("left on the queue = %v, want %v", got, want)
			}
			if diff := cmp.Diff(map[string]float64{tt.counted: 1}, m.Counts()); diff != "" {
				t.Errorf("metrics (-want +got):\n%s", diff)
			}
		})
	}
	if _, final := IsRefusal(errors.New("x")); final {
		t.Error("a plain error is a refusal")
	}
}
