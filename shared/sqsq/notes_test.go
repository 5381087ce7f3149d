package sqsq

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
)

func TestNoteQueueSendsCaseNoteEvent(t *testing.T) {
	q := &fakeQueue{}
	n := messaging.CaseNote{ID: "note_rem_a", OrgID: "o1", JobID: 7, Kind: "reminder_skipped", Text: "Reminder not sent: the tenant opted out."}
	if err := NewNoteQueue(q).Note(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	want := []messaging.QueueMessage{{Body: messaging.CaseNoteEvent{OrgID: "o1", Note: n}}}
	if diff := cmp.Diff(want, q.sent); diff != "" {
		t.Errorf("sent (-want +got):\n%s", diff)
	}
	if q.singles != 1 || q.batches != 0 {
		t.Errorf("requests: %d singles, %d batches; want one single send", q.singles, q.batches)
	}
}
