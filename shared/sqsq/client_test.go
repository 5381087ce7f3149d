package sqsq

import (
	"context"
	"errors"
	"flag"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/awsjson"
	"github.com/proplink/chat/shared/awsjson/awsjsontest"
	"github.com/proplink/chat/shared/messaging"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// answer is one canned HTTP answer.
type answer = awsjsontest.Answer

// recordingClient returns a client at SQS's regional endpoint whose requests are recorded and
// answered in turn from answers (the last one repeats), with a fixed clock and no waits.
func recordingClient(t *testing.T, answers ...answer) (*Client, *[]string) {
	t.Helper()
	cfg, seen := awsjsontest.Config(answers...)
	c := NewClient(cfg, func(string) string { return "" })
	awsjsontest.Fix(c.json, time.Date(2026, 12, 2, 6, 30, 0, 0, time.UTC))
	return c, seen
}

// checkGolden compares got with testdata/golden/name (rewritten under -update).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	awsjsontest.Golden(t, filepath.Join("testdata", "golden", name), []byte(got), *updateGolden)
}

const (
	fifoURL     = "https://sqs.eu-west-2.amazonaws.com/123456789012/outbound.fifo"
	standardURL = "https://sqs.eu-west-2.amazonaws.com/123456789012/reminders"
)

func TestClientRequests(t *testing.T) {
	body := `{"id":"msg_1","text":"Hello"}`
	tests := []struct {
		name   string
		answer string
		call   func(*Client) error
	}{
		{"send_message_fifo", `{"MessageId":"m-1","MD5OfMessageBody":"` + md5Hex(body) + `","SequenceNumber":"1"}`,
			func(c *Client) error {
				return newQueue(c, fifoURL).Send(context.Background(), messaging.QueueMessage{
					Body: map[string]string{"id": "msg_1", "text": "Hello"}, GroupID: "o1#555#447700900001", DeduplicationID: "msg_1",
					Attributes: map[string]string{"org_id": "o1"}})
			}},
		{"send_message_delayed", `{"MessageId":"m-2"}`,
			func(c *Client) error {
				return newQueue(c, standardURL).Send(context.Background(), messaging.QueueMessage{Body: map[string]string{"id": "r1"}, Delay: 90 * time.Second})
			}},
		{"send_message_batch", `{"Successful":[{"Id":"0","MessageId":"m-0"},{"Id":"1","MessageId":"m-1"}],"Failed":[]}`,
			func(c *Client) error {
				return newQueue(c, fifoURL).SendBatch(context.Background(), []messaging.QueueMessage{
					{Body: 1, GroupID: "g1", DeduplicationID: "d1"}, {Body: 2, GroupID: "g1", DeduplicationID: "d2", Attributes: map[string]string{"k": "v"}}})
			}},
		{"change_message_visibility", `{}`,
			func(c *Client) error {
				return newQueue(c, standardURL).ChangeVisibility(context.Background(), "AQEB-handle", 0)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := recordingClient(t, answer{Status: 200, Body: tt.answer})
			if err := tt.call(c); err != nil {
				t.Fatalf("call: %v", err)
			}
			if len(*seen) != 1 {
				t.Fatalf("got %d requests, want 1", len(*seen))
			}
			checkGolden(t, tt.name+".txt", (*seen)[0])
		})
	}
}

func TestClientErrors(t *testing.T) {
	nonExistent := answer{Status: 400,
		Header: http.Header{"X-Amzn-Query-Error": {"AWS.SimpleQueueService.NonExistentQueue;Sender"}},
		Body:   `{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}`}
	tests := []struct {
		name     string
		answers  []answer
		requests int
		wantCode string
		wantType string
	}{
		{"missing queue", []answer{nonExistent}, 1, "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"},
		{"throttled, retried", []answer{{Status: 400, Header: http.Header{"X-Amzn-Query-Error": {"RequestThrottled;Sender"}}, Body: `{"__type":"com.amazonaws.sqs#RequestThrottled","message":"slow down"}`}}, 3, "RequestThrottled", "RequestThrottled"},
		{"server error, retried", []answer{{Status: 500, Body: `{"__type":"com.amazonaws.sqs#InternalError"}`}}, 3, "InternalError", "InternalError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := recordingClient(t, tt.answers...)
			err := newQueue(c, standardURL).Send(context.Background(), messaging.QueueMessage{Body: 1})
			if got := len(*seen); got != tt.requests {
				t.Errorf("got %d requests, want %d", got, tt.requests)
			}
			var e *awsjson.APIError
			if !errors.As(err, &e) || e.Code != tt.wantCode || e.Type != tt.wantType {
				t.Fatalf("got %v, want code %q, type %q", err, tt.wantCode, tt.wantType)
			}
			if !strings.Contains(err.Error(), "sqsq: send to "+standardURL+": SendMessage: sqs: "+tt.wantCode) {
				t.Errorf("got %q, want the queue, operation and code", err)
			}
		})
	}
}

func TestClientBatchAnswers(t *testing.T) {
	entries := []Entry{{ID: "0", MessageBody: "a"}, {ID: "1", MessageBody: "b"}, {ID: "2", MessageBody: "c"}}
	tests := []struct {
		name    string
		answer  string
		want    BatchResult
		wantErr string
	}{
		{"all queued", `{"Successful":[{"Id":"0","MD5OfMessageBody":"` + md5Hex("a") + `"},{"Id":"1"},{"Id":"2"}]}`,
			BatchResult{Successful: []string{"0", "1", "2"}}, ""},
		{"failed entries reported each", `{"Successful":[{"Id":"1"}],"Failed":[{"Id":"0","SenderFault":true,"Code":"InvalidParameterValue","Message":"Value 901 for parameter DelaySeconds is invalid."},{"Id":"2","SenderFault":false,"Code":"InternalError","Message":""}]}`,
			BatchResult{Successful: []string{"1"}, Failed: []BatchFailure{
				{ID: "0", Code: "InvalidParameterValue", Message: "Value 901 for parameter DelaySeconds is invalid.", SenderFault: true},
				{ID: "2", Code: "InternalError"}}}, ""},
		{"altered body failed, not the sender's fault", `{"Successful":[{"Id":"0"},{"Id":"1","MD5OfMessageBody":"` + md5Hex("x") + `"},{"Id":"2"}]}`,
			BatchResult{Successful: []string{"0", "2"}, Failed: []BatchFailure{
				{ID: "1", Code: CodeChecksumMismatch, Message: `body's MD5 "` + md5Hex("b") + `", SQS took "` + md5Hex("x") + `"`}}}, ""},
		{"entry left out", `{"Successful":[{"Id":"0"},{"Id":"1"}]}`, BatchResult{}, `leaves out entry "2"`},
		{"unknown entry", `{"Successful":[{"Id":"0"},{"Id":"1"},{"Id":"2"},{"Id":"9"}]}`, BatchResult{}, `entry "9"`},
		{"unknown failed entry", `{"Successful":[{"Id":"0"},{"Id":"1"},{"Id":"2"}],"Failed":[{"Id":"12","Code":"InternalError"}]}`, BatchResult{}, `entry "12"`},
		{"entry twice", `{"Successful":[{"Id":"0"},{"Id":"1"},{"Id":"2"}],"Failed":[{"Id":"2","Code":"InternalError"}]}`, BatchResult{}, `entry "2" twice`},
		{"not json", `<html>`, BatchResult{}, "unreadable answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := recordingClient(t, answer{Status: 200, Body: tt.answer})
			got, err := c.SendMessageBatch(context.Background(), standardURL, entries)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("got %v, want an error about %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
		})
	}
}

func TestClientSendChecksBodyMD5(t *testing.T) {
	tests := []struct {
		name, answer string
		wantErr      bool
	}{
		{"matching", `{"MessageId":"m","MD5OfMessageBody":"` + md5Hex("1") + `"}`, false},
		{"no md5 given", `{"MessageId":"m"}`, false},
		{"altered on the way", `{"MessageId":"m","MD5OfMessageBody":"` + md5Hex("2") + `"}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := recordingClient(t, answer{Status: 200, Body: tt.answer})
			err := newQueue(c, standardURL).Send(context.Background(), messaging.QueueMessage{Body: 1})
			if got := err != nil; got != tt.wantErr || tt.wantErr && !strings.Contains(err.Error(), CodeChecksumMismatch) {
				t.Errorf("got %v, want error %v", err, tt.wantErr)
			}
			if len(*seen) != 1 {
				t.Errorf("got %d requests, want 1", len(*seen))
			}
		})
	}
}

func TestSendBatchRetriesAChecksumMismatch(t *testing.T) {
	// The first answer acknowledges entry 1 with another body's MD5; the retry takes it.
	first := `{"Successful":[{"Id":"0"},{"Id":"1","MD5OfMessageBody":"` + md5Hex("x") + `"}]}`
	c, seen := recordingClient(t, answer{Status: 200, Body: first}, answer{Status: 200, Body: `{"Successful":[{"Id":"1"}]}`})
	if err := newQueue(c, standardURL).SendBatch(context.Background(), []messaging.QueueMessage{{Body: 1}, {Body: 2}}); err != nil {
		t.Fatalf("SendBatch: %v", err)
	}
	if len(*seen) != 2 || !strings.Contains((*seen)[1], `"Entries":[{"Id":"1","MessageBody":"2"}]`) {
		t.Errorf("requests:\n%s\nwant the second to resend entry 1 alone", strings.Join(*seen, "\n"))
	}
}
