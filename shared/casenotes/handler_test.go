package casenotes

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
)

// notesOf lists the store's notes as org/id, for orgs.
func notesOf(s *memstore.Store, orgs ...string) map[string]messaging.CaseNote {
	out := map[string]messaging.CaseNote{}
	for _, org := range orgs {
		for _, n := range s.Notes(org) {
			out[org+"/"+n.ID] = n
		}
	}
	return out
}

func rec(id string, body any) events.SQSMessage {
	b, _ := json.Marshal(body)
	if s, ok := body.(string); ok {
		b = []byte(s)
	}
	return events.SQSMessage{MessageId: id, Body: string(b)}
}

func event(org, id string) messaging.CaseNoteEvent {
	return messaging.CaseNoteEvent{OrgID: org, Note: messaging.CaseNote{ID: id, JobID: 1050, Kind: messaging.NoteWhatsAppMessage,
		Text: "Hi Ann", Status: messaging.StatusAccepted, CreatedAt: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}}
}

func TestHandle(t *testing.T) {
	tests := []struct {
		name     string
		records  []events.SQSMessage
		fail     string
		failures []string
		stored   []string
	}{
		{name: "good record takes the org from the event", records: []events.SQSMessage{rec("r1", event("org1", "m1"))}, stored: []string{"org1/m1"}},
		{name: "bad JSON", records: []events.SQSMessage{rec("r1", "{nope"), rec("r2", event("org1", "m2"))},
			failures: []string{"r1"}, stored: []string{"org1/m2"}},
		{name: "no org", records: []events.SQSMessage{rec("r1", event("", "m1"))}, failures: []string{"r1"}},
		{name: "no note id", records: []events.SQSMessage{rec("r1", event("org1", ""))}, failures: []string{"r1"}},
		{name: "store error fails only that record", fail: "m2",
			records:  []events.SQSMessage{rec("r1", event("org1", "m1")), rec("r2", event("org1", "m2")), rec("r3", event("org2", "m3"))},
			failures: []string{"r2"}, stored: []string{"org1/m1", "org2/m3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := memstore.New()
			store.Fail = memstore.FailOn("UpsertCaseNote", tt.fail, errors.New("dynamo: throttled"))
			resp, err := (&Handler{Store: store}).Handle(context.Background(), events.SQSEvent{Records: tt.records})
			if err != nil {
				t.Fatalf("Handle: %v", err)
			}
			var got []string
			for _, f := range resp.BatchItemFailures {
				got = append(got, f.ItemIdentifier)
			}
			if diff := cmp.Diff(tt.failures, got); diff != "" {
				t.Errorf("failures (-want +got):\n%s", diff)
			}
			var stored []string
			for k, n := range notesOf(store, "org1", "org2", "evil") {
				stored = append(stored, k)
				if n.JobID != 1050 || n.Text != "Hi Ann" || n.Status != messaging.StatusAccepted {
					t.Errorf("stored note %s = %+v", k, n)
				}
			}
			if diff := cmp.Diff(tt.stored, stored, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("stored (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOrgFromEventNotBody(t *testing.T) {
	// OrgID is not part of a note's JSON: a body claiming another org inside the note is ignored.
	store := memstore.New()
	body := `{"org_id":"org1","note":{"id":"m1","org_id":"evil","job_id":1050,"text":"Hi Ann","status":"accepted"}}`
	if _, err := (&Handler{Store: store}).Handle(context.Background(), events.SQSEvent{Records: []events.SQSMessage{rec("r1", body)}}); err != nil {
		t.Fatal(err)
	}
	if notes := notesOf(store, "org1", "evil"); len(notes) != 1 || notes["org1/m1"].ID != "m1" {
		t.Errorf("stored %v, want only org1/m1", notes)
	}
}

func TestProvisionalTravelsWithTheEvent(t *testing.T) {
	// A dead-lettered send's failure is provisional (a redrive can reopen it); the note's own
	// JSON leaves the flag out, so the event carries it.
	store := memstore.New()
	ev := event("org1", "m1")
	ev.Note.Status, ev.Note.Provisional, ev.Provisional = messaging.StatusFailed, true, true
	if _, err := (&Handler{Store: store}).Handle(context.Background(), events.SQSEvent{Records: []events.SQSMessage{rec("r1", ev)}}); err != nil {
		t.Fatal(err)
	}
	if n := notesOf(store, "org1")["org1/m1"]; !n.Provisional || n.Status != messaging.StatusFailed {
		t.Errorf("stored %+v, want a provisional failure", n)
	}
}
