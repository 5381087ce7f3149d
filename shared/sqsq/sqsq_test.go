package sqsq

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/messaging"
)

// fakeSQS records batches and fails the entries its fail func names.
type fakeSQS struct {
	batches [][]string // ids per call
	fail    func(call int, id string) (code string, senderFault bool, failed bool)
}

func (f *fakeSQS) SendMessage(context.Context, string, Entry) error { return nil }

func (f *fakeSQS) ChangeMessageVisibility(context.Context, string, string, int32) error { return nil }

func (f *fakeSQS) SendMessageBatch(_ context.Context, _ string, es []Entry) (BatchResult, error) {
	call := len(f.batches)
	var ids []string
	var out BatchResult
	for _, e := range es {
		ids = append(ids, e.ID)
		if f.fail != nil {
			if code, sender, failed := f.fail(call, e.ID); failed {
				out.Failed = append(out.Failed, BatchFailure{ID: e.ID, Code: code, SenderFault: sender})
				continue
			}
		}
		out.Successful = append(out.Successful, e.ID)
	}
	f.batches = append(f.batches, ids)
	return out, nil
}

func TestPrepare(t *testing.T) {
	fifo := newQueue(&fakeSQS{}, "http://q/000000000000/outbound.fifo")
	std := newQueue(&fakeSQS{}, "http://q/000000000000/casenotes")
	tests := []struct {
		name    string
		q       *Queue
		m       messaging.QueueMessage
		wantErr string
	}{
		{"fifo ok", fifo, messaging.QueueMessage{Body: 1, GroupID: "g", DeduplicationID: "d"}, ""},
		{"fifo without group", fifo, messaging.QueueMessage{Body: 1, DeduplicationID: "d"}, "group id"},
		{"fifo without dedupe", fifo, messaging.QueueMessage{Body: 1, GroupID: "g"}, "deduplication id"},
		{"fifo with delay", fifo, messaging.QueueMessage{Body: 1, GroupID: "g", DeduplicationID: "d", Delay: time.Second}, "delay"},
		{"standard with delay", std, messaging.QueueMessage{Body: 1, Delay: 90 * time.Second}, ""},
		{"standard delay too long", std, messaging.QueueMessage{Body: 1, Delay: 16 * time.Minute}, "delay"},
		{"unencodable body", std, messaging.QueueMessage{Body: make(chan int)}, "encode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.q.prepare(tt.m)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("got %v, want an error about %q", err, tt.wantErr)
			}
		})
	}
}

// A body already encoded (json.RawMessage) goes to SQS byte for byte; any other is encoded.
func TestPrepareBody(t *testing.T) {
	q := newQueue(&fakeSQS{}, "http://q/000000000000/casenotes")
	tests := []struct {
		name    string
		body    any
		want    string
		wantErr bool
	}{
		{"raw JSON kept as it is", json.RawMessage("{\"a\": [1, 2],\n \"b\": \"<x>\"}"), "{\"a\": [1, 2],\n \"b\": \"<x>\"}", false},
		{"value encoded", map[string]int{"a": 1}, `{"a":1}`, false},
		{"empty raw refused", json.RawMessage(nil), "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := q.prepare(messaging.QueueMessage{Body: tt.body})
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want an error: %v", err, tt.wantErr)
			}
			if got, want := p.MessageBody, tt.want; got != want {
				t.Errorf("body = %q, want %q", got, want)
			}
		})
	}
}

func TestChunk(t *testing.T) {
	body := func(n int) Entry { return Entry{MessageBody: strings.Repeat("x", n)} }
	many := make([]Entry, 23)
	for i := range many {
		many[i] = body(10)
	}
	tests := []struct {
		name string
		ps   []Entry
		want [][]int
	}{
		{"none", nil, nil},
		{"by count", many, [][]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, {20, 21, 22}}},
		{"by size", []Entry{body(200 * 1024), body(100 * 1024), body(10)}, [][]int{{0}, {1, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, chunk(tt.ps)); diff != "" {
				t.Errorf("chunks (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSendBatchRetriesAndNamesFailures(t *testing.T) {
	f := &fakeSQS{fail: func(call int, id string) (string, bool, bool) {
		switch {
		case id == "3" && call == 0:
			return "InternalError", false, true // retried, then succeeds
		case id == "12":
			return "InvalidMessageContents", true, true // sender's fault: never retried
		case id == "5":
			return "ServiceUnavailable", false, true // fails every time
		}
		return "", false, false
	}}
	q := newQueue(f, "http://q/000000000000/casenotes")
	ms := make([]messaging.QueueMessage, 14)
	for i := range ms {
		ms[i] = messaging.QueueMessage{Body: i}
	}
	err := q.SendBatch(context.Background(), ms)
	if err == nil {
		t.Fatal("SendBatch succeeded, want an error naming messages 5 and 12")
	}
	for _, want := range []string{"2 of 14", "message 5: ServiceUnavailable", "message 12: InvalidMessageContents"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "message 3:") {
		t.Errorf("error %q names message 3, which succeeded on retry", err)
	}
	want := [][]string{
		{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, {"3", "5"}, {"5"},
		{"10", "11", "12", "13"},
	}
	if diff := cmp.Diff(want, f.batches); diff != "" {
		t.Errorf("batches (-want +got):\n%s", diff)
	}
}
