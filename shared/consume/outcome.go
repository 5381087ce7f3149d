package consume

import (
	"errors"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// Action says what becomes of a record after one attempt (see the package comment).
type Action int

// The actions, in the package comment's terms.
const (
	Done Action = iota
	Retry
	DeadLetter
	Drop
)

func (a Action) String() string {
	return [...]string{"done", "retry", "dead-letter", "drop"}[a]
}

// Outcome is one attempt's verdict on a record.
type Outcome struct {
	Action Action
	// Delay is how long a retried record stays hidden; zero keeps the queue's visibility
	// timeout. Capped at SQS's 12 hours.
	Delay time.Duration
	// Reason says what happened, for the logs and the last-receive hook.
	Reason string
	// Err is the failure behind a Retry or a DeadLetter, when there is one.
	Err error
}

// Failed reports whether the record stays on the queue (Retry or DeadLetter).
func (o Outcome) Failed() bool { return o.Action == Retry || o.Action == DeadLetter }

// permanent marks an error no retry can cure.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent marks err as one no retry can cure: Of dead-letters it.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// deadCodes are the domain codes that say the record itself is wrong.
var deadCodes = map[messaging.Code]bool{
	messaging.CodeInvalid:          true,
	messaging.CodeUnprocessable:    true,
	messaging.CodeProviderRejected: true,
}

// Of is the outcome of an attempt that ended with err: Done when nil; DeadLetter for an error
// marked Permanent or coded invalid, unprocessable or provider_rejected; Retry otherwise.
func Of(err error) Outcome {
	var p permanent
	switch {
	case err == nil:
		return Outcome{Action: Done}
	case errors.As(err, &p):
		return Outcome{Action: DeadLetter, Reason: err.Error(), Err: err}
	}
	var coded *messaging.Error
	if errors.As(err, &coded) && deadCodes[coded.Code] {
		return Outcome{Action: DeadLetter, Reason: err.Error(), Err: err}
	}
	return Outcome{Action: Retry, Reason: err.Error(), Err: err}
}
