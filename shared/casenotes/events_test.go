package casenotes

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

type publisher struct{ got []platformevent.Event }

func (p *publisher) Publish(_ context.Context, evs ...platformevent.Event) error {
	p.got = append(p.got, evs...)
	return nil
}

func TestHandleEmitsCaseNoteCreated(t *testing.T) {
	created := event("org1", "m1")
	amended := messaging.CaseNoteEvent{OrgID: "org1", Note: messaging.CaseNote{ID: "m1", JobID: 1050, Status: messaging.StatusDelivered}}
	again := created
	again.Note.Status = messaging.StatusSent
	pub := &publisher{}
	h := &Handler{Store: memstore.New(), Events: pub}
	resp, err := h.Handle(context.Background(), events.SQSEvent{Records: []events.SQSMessage{rec("r1", created), rec("r2", amended), rec("r3", again)}})
	if err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("Handle: got %+v, %v, want every record done", resp, err)
	}
	if len(pub.got) != 2 || pub.got[0].ID != pub.got[1].ID {
		t.Fatalf("events: got %+v, want two writes of the note with one event id (the amendment without a creation time emits none)", pub.got)
	}
	ev := pub.got[0]
	var d platformevent.CaseNoteCreated
	_ = json.Unmarshal(ev.Data, &d)
	if ev.Type != platformevent.KindCaseNoteCreated || ev.Subject != "job-1050" || d.NoteID != "m1" || d.JobID != 1050 {
		t.Errorf("event: got %+v with %+v, want case_note.created of note m1 on job 1050", ev, d)
	}
}
