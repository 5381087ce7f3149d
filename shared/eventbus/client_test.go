package eventbus

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/awsjson"
	"github.com/proplink/chat/shared/awsjson/awsjsontest"
	"github.com/proplink/chat/shared/platformevent"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// recordingClient returns a client at EventBridge's regional endpoint whose requests are
// recorded and answered with status and body, with a fixed clock and no waits.
func recordingClient(t *testing.T, status int, body string) (*Client, *[]string) {
	t.Helper()
	cfg, seen := awsjsontest.Config(awsjsontest.Answer{Status: status, Body: body})
	c := NewClient(cfg, func(string) string { return "" })
	awsjsontest.Fix(c.json, time.Date(2026, 12, 2, 6, 40, 0, 0, time.UTC))
	return c, seen
}

func testEvent(t *testing.T, id string) platformevent.Event {
	t.Helper()
	ev, err := platformevent.New("org1", platformevent.KindCaseNoteCreated, "job-7", id, time.Date(2026, 12, 2, 6, 39, 58, 123e6, time.UTC), platformevent.CaseNoteCreated{NoteID: id, JobID: 7})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestPutEventsRequest(t *testing.T) {
	c, seen := recordingClient(t, 200, `{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"}]}`)
	if err := New(c, "platform-events").Put(context.Background(), []platformevent.Event{testEvent(t, "note-1")}); err != nil {
		t.Fatal(err)
	}
	if len(*seen) != 1 {
		t.Fatalf("got %d requests, want 1", len(*seen))
	}
	got := (*seen)[0]
	path := filepath.Join("testdata", "golden", "put_events.txt")
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	if got != string(want) {
		t.Errorf("request:\ngot\n%s\nwant\n%s", got, want)
	}
}

func TestPutAnswers(t *testing.T) {
	evs := []platformevent.Event{testEvent(t, "note-1"), testEvent(t, "note-2")}
	tests := []struct {
		name    string
		status  int
		answer  string
		wantErr string // "" means success
	}{
		{"all put", 200, `{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"},{"EventId":"e-2"}]}`, ""},
		{"an entry refused", 200, `{"FailedEntryCount":1,"Entries":[{"EventId":"e-1"},{"ErrorCode":"InternalException","ErrorMessage":"try again"}]}`,
			"platform-events refused " + evs[1].ID + ": InternalException try again"},
		{"fewer results than entries", 200, `{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"}]}`, "one result per entry"},
		{"count that does not add up", 200, `{"FailedEntryCount":1,"Entries":[{"EventId":"e-1"},{"EventId":"e-2"}]}`, "does not match"},
		{"not json", 200, `<html>`, "unreadable answer"},
		{"access denied", 400, `{"__type":"AccessDeniedException","Message":"no"}`, "events: AccessDeniedException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := recordingClient(t, tt.status, tt.answer)
			err := New(c, "platform-events").Put(context.Background(), evs)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("got %v, want success", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("got %v, want an error about %q", err, tt.wantErr)
			}
		})
	}
	c, _ := recordingClient(t, 400, `{"__type":"AccessDeniedException","Message":"no"}`)
	var e *awsjson.APIError
	if err := New(c, "b").Put(context.Background(), evs); !errors.As(err, &e) || e.Code != "AccessDeniedException" {
		t.Errorf("got %v, want the service's *awsjson.APIError", err)
	}
}

func TestPutSendsTenPerRequest(t *testing.T) {
	var evs []platformevent.Event
	for i := range 12 {
		evs = append(evs, testEvent(t, "note-"+string(rune('a'+i))))
	}
	c, seen := recordingClient(t, 200, `{"FailedEntryCount":0,"Entries":[{},{},{},{},{},{},{},{},{},{}]}`)
	err := New(c, "b").Put(context.Background(), evs)
	// The second request holds 2 entries, and the canned answer 10 results: refused as not adding up.
	if len(*seen) != 2 || err == nil || !strings.Contains(err.Error(), "put 2 events") {
		t.Errorf("got %d requests, %v; want 2, the second of 2 events", len(*seen), err)
	}
}
