package socialmessaging

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/proplink/chat/shared/whatsapp"
)

// ParseError turns a non-2xx answer of the service into a *whatsapp.Error: Title is the
// exception's name (X-Amzn-ErrorType or the body's __type, e.g. ThrottledRequestException) and
// the class follows the HTTP status (429 pace, 5xx retry, 401 auth, other 4xx permanent).
// AccessDeniedException (403) is the IAM role lacking the action: Auth, like a bad token.
func ParseError(status int, header http.Header, body []byte) *whatsapp.Error {
	var b struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	_ = json.Unmarshal(body, &b)
	kind := header.Get("X-Amzn-ErrorType")
	if kind == "" {
		kind = b.Type
	}
	kind, _, _ = strings.Cut(kind, ":")
	if i := strings.LastIndex(kind, "#"); i >= 0 {
		kind = kind[i+1:]
	}
	e := &whatsapp.Error{HTTPStatus: status, Title: kind, Message: b.Message}
	if kind == "AccessDeniedException" {
		e.HTTPStatus = http.StatusUnauthorized
	}
	if e.Message == "" {
		e.Message = kind
	}
	if e.Message == "" {
		e.Message = "http status " + strconv.Itoa(status)
	}
	return e
}
