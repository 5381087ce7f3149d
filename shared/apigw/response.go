// Package apigw translates between API Gateway HTTP API (payload v2.0) events and the product:
// the response envelope of the PropOps API, the one error → status table, and request helpers.
package apigw

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/messaging"
)

// Response is what a handler returns to API Gateway.
type Response = events.APIGatewayV2HTTPResponse

// Request is what API Gateway hands a handler.
type Request = events.APIGatewayV2HTTPRequest

// envelope is the PropOps response shape: success first, then data or error.
type envelope struct {
	Success bool   `json:"success"`
	Data    any    `json:"data,omitempty"`
	Count   *int   `json:"count,omitempty"`
	Message string `json:"message,omitempty"`
	Error   string `json:"error,omitempty"`
}

// statusByCode is the one table from error code to HTTP status.
var statusByCode = map[messaging.Code]int{
	messaging.CodeInvalid:          http.StatusBadRequest,
	messaging.CodeNotConfigured:    http.StatusBadRequest,
	messaging.CodeUnauthenticated:  http.StatusUnauthorized,
	messaging.CodeForbidden:        http.StatusForbidden,
	messaging.CodeNotFound:         http.StatusNotFound,
	messaging.CodeMethodNotAllowed: http.StatusMethodNotAllowed,
	messaging.CodeConflict:         http.StatusConflict,
	messaging.CodeUnprocessable:    http.StatusUnprocessableEntity,
	messaging.CodeRateLimited:      http.StatusTooManyRequests,
	messaging.CodeProviderRejected: http.StatusUnprocessableEntity,
	messaging.CodeProviderFailed:   http.StatusBadGateway,
	messaging.CodeUnavailable:      http.StatusServiceUnavailable,
	messaging.CodeInternal:         http.StatusInternalServerError,
}

// Status returns the HTTP status for an error code.
func Status(code messaging.Code) int {
	if s, ok := statusByCode[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// JSON answers with status and v encoded as JSON.
func JSON(status int, v any, headers map[string]string) Response {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"success":false,"error":"An internal error occurred. Please try again later."}`)
	}
	h := map[string]string{"Content-Type": "application/json", "Cache-Control": "no-store"}
	for k, v := range headers {
		h[k] = v
	}
	return Response{StatusCode: status, Headers: h, Body: string(body)}
}

// OK answers 200 with data and a message.
func OK(data any, message string) Response {
	return JSON(http.StatusOK, envelope{Success: true, Data: data, Message: message}, nil)
}

// Accepted answers 202 with data and a message: the work is queued.
func Accepted(data any, message string) Response {
	return JSON(http.StatusAccepted, envelope{Success: true, Data: data, Message: message}, nil)
}

// List answers 200 with a list and its total count.
func List(data any, count int, message string) Response {
	return JSON(http.StatusOK, envelope{Success: true, Data: data, Count: &count, Message: message}, nil)
}

// Error answers with the envelope {"success": false, "error": "..."} and the status of the
// error's code. Uncoded errors answer 500 with a generic text: their detail is for the logs.
func Error(err error) Response {
	code := messaging.ErrorCode(err)
	headers := map[string]string{}
	var e *messaging.Error
	if asError(err, &e) && e.RetryAfter > 0 {
		headers["Retry-After"] = strconv.Itoa(int(math.Ceil(e.RetryAfter.Seconds())))
	}
	return JSON(Status(code), envelope{Error: messaging.ErrorMessage(err)}, headers)
}

// WithHeaders returns r with headers added.
func WithHeaders(r Response, headers map[string]string) Response {
	if r.Headers == nil {
		r.Headers = map[string]string{}
	}
	for k, v := range headers {
		r.Headers[k] = v
	}
	return r
}
