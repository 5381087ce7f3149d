package ssm

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/smithy-go"
)

// maxMessage bounds the service's message kept in an error.
const maxMessage = 512

// APIError is an answer of SSM other than 2xx: the exception's name (e.g. ParameterNotFound,
// ThrottlingException) and message. It is a smithy.APIError and carries the HTTP status, so
// the SDK's retryer classifies it as it would the SDK client's errors (throttling and 5xx are
// retried).
type APIError struct {
	Status  int
	Code    string
	Message string
}

var _ smithy.APIError = (*APIError)(nil)

// Error returns the code and message.
func (e *APIError) Error() string {
	return "ssm: " + e.Code + " (http " + strconv.Itoa(e.Status) + "): " + e.Message
}

// ErrorCode returns the exception's name.
func (e *APIError) ErrorCode() string { return e.Code }

// ErrorMessage returns the service's message.
func (e *APIError) ErrorMessage() string { return e.Message }

// ErrorFault says whether the service (5xx) or the caller is at fault.
func (e *APIError) ErrorFault() smithy.ErrorFault {
	if e.Status >= 500 {
		return smithy.FaultServer
	}
	return smithy.FaultClient
}

// HTTPStatusCode returns the answer's status, which the retryer reads.
func (e *APIError) HTTPStatusCode() int { return e.Status }

// isNotFound reports whether err is SSM's ParameterNotFound.
func isNotFound(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Code == "ParameterNotFound"
}

// parseError turns a non-2xx answer into an *APIError: the code from X-Amzn-ErrorType or the
// body's __type, without any namespace ("com.amazonaws.ssm#") or ":" suffix.
func parseError(status int, header http.Header, body []byte) *APIError {
	var b struct {
		Type     string `json:"__type"`
		Message  string `json:"message"`
		MessageU string `json:"Message"`
	}
	_ = json.Unmarshal(body, &b)
	code := header.Get("X-Amzn-ErrorType")
	if code == "" {
		code = b.Type
	}
	code, _, _ = strings.Cut(code, ":")
	if i := strings.LastIndex(code, "#"); i >= 0 {
		code = code[i+1:]
	}
	if code == "" {
		code = http.StatusText(status)
	}
	if code == "" {
		code = "UnknownError"
	}
	msg := b.Message
	if msg == "" {
		msg = b.MessageU
	}
	if len(msg) > maxMessage {
		msg = strings.ToValidUTF8(msg[:maxMessage], "") + "…"
	}
	return &APIError{Status: status, Code: code, Message: msg}
}
