package messaging

// Status is a message's delivery status. It only moves forward: accepted < sent < delivered <
// read; failed is final. Queued comes before all of them. The one exception is a provisional
// failure (CaseNote.Provisional), which a later status from accepted on replaces.
type Status string

// The delivery statuses.
const (
	StatusQueued    Status = "queued"
	StatusAccepted  Status = "accepted"
	StatusSent      Status = "sent"
	StatusDelivered Status = "delivered"
	StatusRead      Status = "read"
	StatusFailed    Status = "failed"
)

// Rank orders statuses; a status may replace another only with a higher rank. Unknown statuses
// rank 0 and never replace anything.
func (s Status) Rank() int {
	switch s {
	case StatusQueued:
		return 1
	case StatusAccepted:
		return 2
	case StatusSent:
		return 3
	case StatusDelivered:
		return 4
	case StatusRead:
		return 5
	case StatusFailed:
		return 6
	}
	return 0
}
