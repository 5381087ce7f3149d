package eventbus

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/awsjson"
)

// EndpointEnv names the variable that overrides EventBridge's endpoint (the SDK's
// service-specific AWS_ENDPOINT_URL_<SERVICE> convention); it wins over the config's
// BaseEndpoint (AWS_ENDPOINT_URL).
const EndpointEnv = "AWS_ENDPOINT_URL_EVENTBRIDGE"

// service is EventBridge over the AWS JSON 1.1 protocol.
var service = awsjson.Service{Name: "events", Target: "AWSEvents", Version: "1.1", EndpointEnv: EndpointEnv}

// Client calls EventBridge's PutEvents over its JSON protocol, through awsjson (the SDK's SigV4
// signer, standard retryer and credentials). The SDK's EventBridge client builds the service's
// schemas when a program starts, bus or no bus; this one builds none. It is safe for
// concurrent use.
type Client struct {
	json *awsjson.Client
}

var _ api = (*Client)(nil)

// NewClient returns a client with cfg's region, credentials, HTTP client and retryer, at
// getenv(EndpointEnv), else cfg.BaseEndpoint, else EventBridge's regional endpoint.
func NewClient(cfg aws.Config, getenv func(string) string) *Client {
	return &Client{json: awsjson.New(cfg, service, getenv)}
}

// Entry is one event as PutEvents takes it.
type Entry struct {
	EventBusName string
	Source       string
	DetailType   string
	Detail       string
	Time         time.Time
}

// Result is one entry's outcome, in the order of the entries: its event id, or the bus's
// error code and message.
type Result struct {
	EventID      string `json:"EventId"`
	ErrorCode    string `json:"ErrorCode"`
	ErrorMessage string `json:"ErrorMessage"`
}

// PutEvents puts up to 10 entries; an entry the bus refused has an ErrorCode in its result.
func (c *Client) PutEvents(ctx context.Context, entries []Entry) ([]Result, error) {
	type entry struct {
		EventBusName string
		Source       string
		DetailType   string
		Detail       string
		Time         json.Number // epoch seconds, as the protocol has timestamps
		Resources    []string
	}
	in := struct{ Entries []entry }{make([]entry, len(entries))}
	for i, e := range entries {
		in.Entries[i] = entry{e.EventBusName, e.Source, e.DetailType, e.Detail, epochSeconds(e.Time), []string{}}
	}
	var res []Result
	err := c.json.Call(ctx, "PutEvents", in, func(data []byte) error {
		r, err := parsePutEvents(data, len(entries))
		res = r
		return err
	})
	return res, err
}

// epochSeconds writes t as the protocol's timestamps: seconds since 1970, to the millisecond.
func epochSeconds(t time.Time) json.Number {
	return json.Number(strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64))
}

// errUnreadable is a 2xx answer that is not PutEvents' JSON.
var errUnreadable = errors.New("unreadable answer")

// parsePutEvents reads a PutEvents answer to n entries: one result per entry, an error code on
// each refused one; an answer whose count or failures do not add up is an error, since what
// went is then not known.
func parsePutEvents(data []byte, n int) ([]Result, error) {
	var out struct {
		FailedEntryCount int
		Entries          []Result
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, errUnreadable
	}
	if len(out.Entries) != n {
		return nil, errors.New("answer does not have one result per entry")
	}
	failed := 0
	for _, r := range out.Entries {
		if r.ErrorCode != "" {
			failed++
		}
	}
	if failed != out.FailedEntryCount {
		return nil, errors.New("answer's failed entry count does not match its results")
	}
	return out.Entries, nil
}
