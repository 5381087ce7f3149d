package meta

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/proplink/chat/shared/whatsapp"
)

// graphErrorBody is Meta's error envelope; 360dialog passes it through unchanged.
type graphErrorBody struct {
	Error *graphError `json:"error"`
	// Errors is the list form (webhook errors, older on-premises style answers).
	Errors []graphError `json:"errors"`
	// Meta is 360dialog's own envelope for failures that never reached Meta (a bad API key).
	Meta *struct {
		HTTPCode         int    `json:"http_code"`
		DeveloperMessage string `json:"developer_message"`
	} `json:"meta"`
}

// graphError is one Graph API error object.
type graphError struct {
	Message   string          `json:"message"`
	Type      string          `json:"type"`
	Title     string          `json:"title"`
	Code      int             `json:"code"`
	Subcode   int             `json:"error_subcode"`
	ErrorData json.RawMessage `json:"error_data"`
	Details   string          `json:"details"`
	TraceID   string          `json:"fbtrace_id"`
}

// ParseError turns a non-2xx answer into a *whatsapp.Error. It reads Meta's error JSON
// ({"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id"}}),
// its list form and 360dialog's envelope; any other body still gives an error carrying the
// HTTP status and code 0, so the class follows the status. Retry-After is honoured in seconds
// or as an HTTP date.
func ParseError(status int, header http.Header, body []byte) *whatsapp.Error {
	e := &whatsapp.Error{HTTPStatus: status, RetryAfter: retryAfter(header.Get("Retry-After"), time.Now())}
	var env graphErrorBody
	if json.Unmarshal(body, &env) != nil {
		e.Message = fallbackMessage(status)
		return e
	}
	var g *graphError
	switch {
	case env.Error != nil:
		g = env.Error
	case len(env.Errors) > 0:
		g = &env.Errors[0]
	case env.Meta != nil && env.Meta.DeveloperMessage != "":
		e.Message = env.Meta.DeveloperMessage
		return e
	default:
		e.Message = fallbackMessage(status)
		return e
	}
	e.Code = g.Code
	e.Subcode = g.Subcode
	e.Title = g.Type
	if e.Title == "" {
		e.Title = g.Title
	}
	e.Message = g.Message
	if e.Message == "" {
		e.Message = fallbackMessage(status)
	}
	e.Details = g.Details
	if d := errorDataDetails(g.ErrorData); d != "" {
		e.Details = d
	}
	e.TraceID = g.TraceID
	if e.TraceID == "" {
		e.TraceID = header.Get("X-Fb-Trace-Id")
	}
	return e
}

// errorDataDetails reads error_data, which is an object with details for messaging calls and
// sometimes a bare string for template-management calls.
func errorDataDetails(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var obj struct {
		Details string `json:"details"`
	}
	if json.Unmarshal(raw, &obj) == nil && obj.Details != "" {
		return obj.Details
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}

// fallbackMessage describes a failure whose body said nothing useful.
func fallbackMessage(status int) string {
	if t := http.StatusText(status); t != "" {
		return strings.ToLower(t)
	}
	return "http status " + strconv.Itoa(status)
}

// maxRetryAfter caps a provider's hint, in seconds, so a silly value cannot park a message.
const maxRetryAfter = 24 * 60 * 60

// retryAfter reads a Retry-After header: delay seconds or an HTTP date; zero when absent or
// unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		return time.Duration(min(max(n, 0), maxRetryAfter)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now).Round(time.Second)
	}
	return 0
}
