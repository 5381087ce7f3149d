// Package messaging holds the nouns of PropLink Chat — jobs, templates, messages, case notes,
// principals — with their rules and the coded errors every layer speaks. It imports no AWS or
// Lambda package.
package messaging

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies an Error; the HTTP edge maps each code to one status in one table.
type Code string

// The error codes of the domain.
const (
	CodeInvalid          Code = "invalid"            // 400: the request is malformed or misses a field
	CodeNotConfigured    Code = "not_configured"     // 400: the organisation has no WhatsApp settings
	CodeUnauthenticated  Code = "unauthenticated"    // 401: no or bad credentials
	CodeForbidden        Code = "forbidden"          // 403: credentials lack the permission
	CodeNotFound         Code = "not_found"          // 404: absent, deleted or another tenant's
	CodeMethodNotAllowed Code = "method_not_allowed" // 405
	CodeConflict         Code = "conflict"           // 409: the same request is still in progress
	CodeUnprocessable    Code = "unprocessable"      // 422: well-formed but cannot be carried out
	CodeRateLimited      Code = "rate_limited"       // 429
	CodeProviderRejected Code = "provider_rejected"  // 422: the provider refused this message for good
	CodeProviderFailed   Code = "provider_failed"    // 502: the provider failed in a way the caller cannot fix
	CodeUnavailable      Code = "unavailable"        // 503: try again later
	CodeInternal         Code = "internal"           // 500
)

// Error is the one coded error type of the product. Message is safe to show to a caller.
type Error struct {
	Code    Code
	Message string
	// RetryAfter, when set, tells the caller how long to wait (rate limits).
	RetryAfter time.Duration
	// Err is the underlying cause; it is logged, never shown.
	Err error
}

// Error returns the caller-safe message, followed by the cause when there is one.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a coded error whose message is formatted like fmt.Sprintf.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap builds a coded error with a caller-safe message around a cause.
func Wrap(code Code, message string, cause error) *Error {
	return &Error{Code: code, Message: message, Err: cause}
}

// ErrorCode returns the code of the first *Error in err's chain, CodeInternal otherwise.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the caller-safe message of err: the *Error's message, or a generic text
// for anything uncoded (whose detail may hold secrets or internals).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "An internal error occurred. Please try again later."
}

// The seed contract's error texts, word for word.
const (
	MsgJobIDRequired      = "Job ID is required"
	MsgInvalidPhone       = "Invalid phone number format. Use E.164 format, e.g. +447700900123"
	MsgNotConfigured      = "WhatsApp integration is not configured"
	MsgAuthRequired       = "Authentication required. Please log in."
	MsgForbidden          = "You do not have permission to perform this action"
	MsgTemplateIDRequired = "Template ID is required"
	MsgPhoneRequired      = "Phone number is required"
)
