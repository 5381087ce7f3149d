package whatsapp

import (
	"errors"
	"fmt"
	"time"
)

// Class says what to do about a failed provider call.
type Class int

// The classes of provider failure.
const (
	// Retry: transient (5xx, timeouts, 131000, 4, 80007); try again with backoff.
	Retry Class = iota
	// Pace: a throughput or pair limit (130429, 131056, HTTP 429); hold back and try later.
	Pace
	// Permanent: the message as sent can never succeed (100, 131008, 131026, 131047, 132xxx, ...).
	Permanent
	// Auth: the token is bad or expired (0, 190); alarm, never show as sent, do not retry.
	Auth
	// Blocked: the account or message was stopped for policy (131048, 131049, 368); stop, alert.
	Blocked
)

func (c Class) String() string {
	return [...]string{"retry", "pace", "permanent", "auth", "blocked"}[c]
}

// Error is a failed provider call: Meta's error object plus the HTTP status.
type Error struct {
	HTTPStatus int
	Code       int
	Subcode    int
	Title      string
	Message    string
	Details    string
	TraceID    string
	// Timeout is set when the request went out and no answer came in time; the provider may
	// have accepted the message.
	Timeout bool
	// Unconfirmed is set when the request went out but no usable answer came back (a 2xx
	// without a message id, the connection lost after the request was written): the provider
	// may have accepted the message.
	Unconfirmed bool
	// RetryAfter is the provider's hint, when it gave one.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Timeout {
		return "whatsapp: provider timed out"
	}
	return fmt.Sprintf("whatsapp: provider error %d (http %d): %s", e.Code, e.HTTPStatus, e.Message)
}

// Twilio's error codes, classified beside Meta's (the ranges do not overlap).
const (
	twilioAuth             = 20003 // authentication failed (like 190)
	twilioTooManyRequests  = 20429 // API concurrency limit
	twilioInvalidParameter = 21211 // invalid 'To' number
	twilioNotWhatsApp      = 21614 // 'To' is not a valid mobile/WhatsApp number
	twilioOutsideWindow    = 63016 // free-form message outside the 24-hour window (like 131047)
	twilioRateLimit        = 63018 // the sender's rate limit (like 130429)
	twilioInvalidTo        = 63024 // invalid message recipient
)

// Class classifies the error, by Meta error code first and HTTP status second.
func (e *Error) Class() Class {
	switch e.Code {
	case twilioAuth:
		return Auth
	case twilioRateLimit, twilioTooManyRequests:
		return Pace
	case twilioOutsideWindow, twilioInvalidTo, twilioNotWhatsApp, twilioInvalidParameter:
		return Permanent
	case 0, 190:
		if e.Code == 190 || e.HTTPStatus == 401 {
			return Auth
		}
	case 4, 80007, 131000, 2, 1:
		return Retry
	case 130429, 131056:
		return Pace
	case 131048, 131049, 368:
		return Blocked
	case 100, 131008, 131009, 131021, 131026, 131047, 131050, 131051, 131052, 131053,
		132000, 132001, 132005, 132007, 132012, 132015, 132016, 132068, 132069, 133010:
		return Permanent
	}
	if e.Code >= 132000 && e.Code < 133000 {
		return Permanent
	}
	switch {
	case e.Timeout || e.Unconfirmed:
		return Retry
	case e.HTTPStatus == 429:
		return Pace
	case e.HTTPStatus == 401:
		return Auth
	case e.HTTPStatus >= 500 || e.HTTPStatus == 0:
		return Retry
	}
	return Permanent
}

// MaybeSent reports whether a failed send may nevertheless have reached the person: the
// provider timed out, answered without a message id, lost the connection after the request was
// written, or a gateway timed out waiting for it (504 without a Graph error). Such a send is
// neither sent nor failed until a status webhook or a bounded wait settles it. A refused
// connection, a 4xx with an error code and every other answered failure report false.
func MaybeSent(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Timeout || e.Unconfirmed || (e.HTTPStatus == 504 && e.Code == 0)
}

// Classify returns the class of any error from a provider call: a *Error's class, Permanent
// for a message refused before sending (ErrInvalidMessage), Retry for anything else (a network
// failure).
func Classify(err error) Class {
	var e *Error
	if errors.As(err, &e) {
		return e.Class()
	}
	if errors.Is(err, ErrInvalidMessage) {
		return Permanent
	}
	return Retry
}
