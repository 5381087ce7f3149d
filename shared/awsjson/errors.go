package awsjson

import (
	"cmp"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/smithy-go"
)

// MaxMessage bounds the service's message kept in an error.
const MaxMessage = 512

// APIError is an answer other than 2xx: the exception's code (e.g. ParameterNotFound,
// ThrottlingException, or a query-compatible service's older code such as
// AWS.SimpleQueueService.NonExistentQueue) and message. It is a smithy.APIError and carries the
// HTTP status, so the SDK's retryer classifies it as it would the SDK clients' errors
// (throttling and 5xx are retried).
type APIError struct {
	Service string
	Status  int
	// Code is the query-compatible code when the service gave one, else Type.
	Code string
	// Type is the exception's name (e.g. QueueDoesNotExist).
	Type    string
	Message string
	// Fault is the query-compatible code's fault, when the service gave one.
	Fault smithy.ErrorFault
}

var _ smithy.APIError = (*APIError)(nil)

// Error returns the service, code and message.
func (e *APIError) Error() string {
	return e.Service + ": " + e.Code + " (http " + strconv.Itoa(e.Status) + "): " + e.Message
}

// ErrorCode returns the exception's code.
func (e *APIError) ErrorCode() string { return e.Code }

// ErrorMessage returns the service's message.
func (e *APIError) ErrorMessage() string { return e.Message }

// ErrorFault says whether the service (5xx, or a "Receiver" query fault) or the caller is at
// fault.
func (e *APIError) ErrorFault() smithy.ErrorFault {
	switch {
	case e.Fault != smithy.FaultUnknown:
		return e.Fault
	case e.Status >= 500:
		return smithy.FaultServer
	}
	return smithy.FaultClient
}

// HTTPStatusCode returns the answer's status, which the retryer reads.
func (e *APIError) HTTPStatusCode() int { return e.Status }

// ParseError turns a non-2xx answer of service into an *APIError: the type from
// X-Amzn-ErrorType or the body's __type or code (restJson1), without any namespace ("com.amazonaws.sqs#") or ":"
// suffix, and the code from X-Amzn-Query-Error ("code;Sender") when present.
func ParseError(service string, status int, header http.Header, body []byte) *APIError {
	var b struct {
		Type     string `json:"__type"`
		Code     string `json:"code"`
		Message  string `json:"message"`
		MessageU string `json:"Message"`
	}
	_ = json.Unmarshal(body, &b)
	typ := header.Get("X-Amzn-ErrorType")
	if typ == "" {
		typ = cmp.Or(b.Type, b.Code)
	}
	typ, _, _ = strings.Cut(typ, ":")
	if i := strings.LastIndex(typ, "#"); i >= 0 {
		typ = typ[i+1:]
	}
	typ = bound(typ)
	if typ == "" {
		typ = http.StatusText(status)
	}
	if typ == "" {
		typ = "UnknownError"
	}
	e := &APIError{Service: service, Status: status, Code: typ, Type: typ, Message: bound(b.Message)}
	if e.Message == "" {
		e.Message = bound(b.MessageU)
	}
	if code, fault, ok := strings.Cut(header.Get("X-Amzn-Query-Error"), ";"); ok && bound(code) != "" {
		e.Code = bound(code)
		switch fault {
		case "Sender":
			e.Fault = smithy.FaultClient
		case "Receiver":
			e.Fault = smithy.FaultServer
		}
	}
	return e
}

// SendError is a request the HTTP client failed to send or to get an answer to (e.g. "EOF" on a
// kept-alive connection the far end closed while a Lambda instance was frozen). Like smithy-go's
// RequestSendError, which the SDK's clients wrap every such error in, it is a connection error,
// which the standard retryer retries; a call whose context ended gets the bare error instead.
type SendError struct {
	Err error
}

// Error returns the HTTP client's error as it is.
func (e *SendError) Error() string { return e.Err.Error() }

// Unwrap returns the HTTP client's error.
func (e *SendError) Unwrap() error { return e.Err }

// ConnectionError marks the error retryable for the SDK's retryer.
func (e *SendError) ConnectionError() bool { return true }

// bound cuts s to MaxMessage bytes of valid UTF-8.
func bound(s string) string {
	if len(s) <= MaxMessage {
		return strings.ToValidUTF8(s, "")
	}
	return strings.ToValidUTF8(s[:MaxMessage], "") + "…"
}
