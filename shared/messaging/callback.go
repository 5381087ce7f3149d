package messaging

import (
	"fmt"
	"strconv"
	"strings"
)

// Callback is what a send carries to the provider (Meta's biz_opaque_callback_data) and gets
// back on each of its status webhooks: enough to find the message's case note without a
// lookup. Written by the send path, read by the inbound processor.
type Callback struct {
	OrgID     string
	JobID     int64
	MessageID string // ours, not the provider's
}

// MaxCallbackLen is the longest callback data Meta echoes back, in bytes.
const MaxCallbackLen = 512

// Format writes the callback data: "v1|<org>|<job>|<message id>".
func (c Callback) Format() string {
	return fmt.Sprintf("v1|%s|%d|%s", c.OrgID, c.JobID, c.MessageID)
}

// ParseCallback reads what Format wrote, and only its canonical form: an organisation, a
// positive job id in plain decimal and a message id. Anything else (another version, data
// another system sent, a message without a job) is not ours to match, and ok is false.
func ParseCallback(s string) (c Callback, ok bool) {
	parts := strings.Split(s, "|")
	if len(parts) != 4 || parts[0] != "v1" || parts[1] == "" || parts[3] == "" {
		return Callback{}, false
	}
	// strconv, not fmt.Sscan, which took "12abc", " 12" and "-3".
	jobID, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || jobID <= 0 || strconv.FormatInt(jobID, 10) != parts[2] {
		return Callback{}, false
	}
	return Callback{OrgID: parts[1], JobID: jobID, MessageID: parts[3]}, true
}

// ParseMessageCallback reads what Format wrote for any of our messages: as ParseCallback, but
// a message without a job (job id 0, as Format writes it) is ours too.
func ParseMessageCallback(s string) (c Callback, ok bool) {
	if parts := strings.Split(s, "|"); len(parts) == 4 && parts[0] == "v1" && parts[1] != "" && parts[2] == "0" && parts[3] != "" {
		return Callback{OrgID: parts[1], MessageID: parts[3]}, true
	}
	return ParseCallback(s)
}

// Callback is the callback data of the message.
func (m OutboundMessage) Callback() Callback {
	return Callback{OrgID: m.OrgID, JobID: m.JobID, MessageID: m.ID}
}
