package sqsq

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/awsjson"
)

// EndpointEnv names the variable that overrides SQS's endpoint (the SDK's service-specific
// AWS_ENDPOINT_URL_<SERVICE> convention); it wins over the config's BaseEndpoint
// (AWS_ENDPOINT_URL).
const EndpointEnv = "AWS_ENDPOINT_URL_SQS"

// service is SQS over the AWS JSON 1.0 protocol, asking for its query-compatible error codes
// (e.g. AWS.SimpleQueueService.NonExistentQueue) as the SDK's client does.
var service = awsjson.Service{Name: "sqs", Target: "AmazonSQS", Version: "1.0", EndpointEnv: EndpointEnv, QueryCompatible: true}

// Client calls the three SQS operations the functions make (SendMessage, SendMessageBatch,
// ChangeMessageVisibility) over SQS's JSON protocol, through awsjson (the SDK's SigV4 signer,
// standard retryer and credentials). The SDK's SQS client builds the service's schemas when a
// program starts; this one builds none. It is safe for concurrent use.
type Client struct {
	json *awsjson.Client
}

var _ api = (*Client)(nil)

// NewClient returns a client with cfg's region, credentials, HTTP client and retryer, at
// getenv(EndpointEnv), else cfg.BaseEndpoint, else SQS's regional endpoint (awsjson.New).
func NewClient(cfg aws.Config, getenv func(string) string) *Client {
	return &Client{json: awsjson.New(cfg, service, getenv)}
}

// Entry is one message as SQS takes it; ID names it within a batch only.
type Entry struct {
	ID                     string               `json:"Id,omitempty"`
	MessageBody            string               `json:"MessageBody"`
	DelaySeconds           int32                `json:"DelaySeconds,omitempty"`
	MessageAttributes      map[string]Attribute `json:"MessageAttributes,omitempty"`
	MessageGroupID         string               `json:"MessageGroupId,omitempty"`
	MessageDeduplicationID string               `json:"MessageDeduplicationId,omitempty"`
}

// Attribute is a message attribute's value.
type Attribute struct {
	DataType    string `json:"DataType"`
	StringValue string `json:"StringValue"`
}

// BatchResult is SendMessageBatch's answer: the ids of the entries queued and the entries that
// failed, each with SQS's reason.
type BatchResult struct {
	Successful []string
	Failed     []BatchFailure
}

// BatchFailure is an entry SQS did not queue; SenderFault says the request was at fault (a retry
// would fail again).
type BatchFailure struct {
	ID          string `json:"Id"`
	Code        string `json:"Code"`
	Message     string `json:"Message"`
	SenderFault bool   `json:"SenderFault"`
}

// CodeChecksumMismatch marks an entry whose body SQS acknowledged with another MD5 than its own
// (altered on the way), as the SDK's client checks; it is not the sender's fault.
const CodeChecksumMismatch = "ChecksumMismatch"

// SendMessage queues one message (e.ID is not sent).
func (c *Client) SendMessage(ctx context.Context, queueURL string, e Entry) error {
	e.ID = ""
	in := struct {
		QueueURL string `json:"QueueUrl"`
		Entry
	}{queueURL, e}
	return c.json.Call(ctx, "SendMessage", in, func(data []byte) error { return parseSendMessage(data, e.MessageBody) })
}

// SendMessageBatch queues up to 10 messages, whose IDs must differ; an error is the request's,
// and entries SQS failed are in the result.
func (c *Client) SendMessageBatch(ctx context.Context, queueURL string, es []Entry) (BatchResult, error) {
	in := struct {
		QueueURL string  `json:"QueueUrl"`
		Entries  []Entry `json:"Entries"`
	}{queueURL, es}
	var res BatchResult
	err := c.json.Call(ctx, "SendMessageBatch", in, func(data []byte) error {
		r, err := parseSendMessageBatch(data, es)
		res = r
		return err
	})
	return res, err
}

// ChangeMessageVisibility hides the received message for timeout seconds more (0 shows it at
// once).
func (c *Client) ChangeMessageVisibility(ctx context.Context, queueURL, receiptHandle string, timeout int32) error {
	in := struct {
		QueueURL          string `json:"QueueUrl"`
		ReceiptHandle     string `json:"ReceiptHandle"`
		VisibilityTimeout int32  `json:"VisibilityTimeout"`
	}{queueURL, receiptHandle, timeout}
	return c.json.Call(ctx, "ChangeMessageVisibility", in, parseAck)
}

// errUnreadable is a 2xx answer that is not the operation's JSON.
var errUnreadable = errors.New("unreadable answer")

// parseSendMessage checks a SendMessage answer: the MD5 SQS computed of the body it took, when
// it gives one, must be body's.
func parseSendMessage(data []byte, body string) error {
	var out struct {
		MessageID        *string `json:"MessageId"`
		MD5OfMessageBody *string `json:"MD5OfMessageBody"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return errUnreadable
	}
	if out.MD5OfMessageBody != nil && *out.MD5OfMessageBody != md5Hex(body) {
		return fmt.Errorf("%s: message %s: body's MD5 %q, SQS took %q", CodeChecksumMismatch, aws.ToString(out.MessageID), md5Hex(body), *out.MD5OfMessageBody)
	}
	return nil
}

// parseSendMessageBatch reads a SendMessageBatch answer to entries: an entry acknowledged with
// another MD5 than its body's is failed (CodeChecksumMismatch); an answer that leaves an entry
// out (not known to have gone) or names one twice or one never sent is an error.
func parseSendMessageBatch(data []byte, entries []Entry) (BatchResult, error) {
	var out struct {
		Successful []struct {
			ID               string  `json:"Id"`
			MD5OfMessageBody *string `json:"MD5OfMessageBody"`
		}
		Failed []BatchFailure
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return BatchResult{}, errUnreadable
	}
	bodies := make(map[string]string, len(entries))
	for _, e := range entries {
		bodies[e.ID] = e.MessageBody
	}
	res := BatchResult{Failed: out.Failed}
	answered := map[string]bool{}
	for _, f := range out.Failed {
		if _, ok := bodies[f.ID]; !ok {
			return BatchResult{}, fmt.Errorf("answer names entry %q, which was not sent", f.ID)
		}
		if answered[f.ID] {
			return BatchResult{}, fmt.Errorf("answer names entry %q twice", f.ID)
		}
		answered[f.ID] = true
	}
	for _, s := range out.Successful {
		body, ok := bodies[s.ID]
		switch {
		case !ok:
			return BatchResult{}, fmt.Errorf("answer names entry %q, which was not sent", s.ID)
		case answered[s.ID]:
			return BatchResult{}, fmt.Errorf("answer names entry %q twice", s.ID)
		case s.MD5OfMessageBody != nil && *s.MD5OfMessageBody != md5Hex(body):
			res.Failed = append(res.Failed, BatchFailure{ID: s.ID, Code: CodeChecksumMismatch,
				Message: fmt.Sprintf("body's MD5 %q, SQS took %q", md5Hex(body), *s.MD5OfMessageBody)})
		default:
			res.Successful = append(res.Successful, s.ID)
		}
		answered[s.ID] = true
	}
	for _, e := range entries {
		if !answered[e.ID] {
			return BatchResult{}, fmt.Errorf("answer leaves out entry %q", e.ID)
		}
	}
	return res, nil
}

// parseAck accepts any JSON object as the answer of an operation whose output is not used.
func parseAck(data []byte) error {
	var out map[string]json.RawMessage
	if err := json.Unmarshal(data, &out); err != nil {
		return errUnreadable
	}
	return nil
}

// md5Hex is the hex MD5 of s, as SQS reports a body's.
func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}
