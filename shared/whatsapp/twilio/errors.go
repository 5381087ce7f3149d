package twilio

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/proplink/chat/shared/whatsapp"
)

// apiError is Twilio's REST error body.
type apiError struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
	Status   int    `json:"status"`
}

// ParseError turns a non-2xx answer into a *whatsapp.Error carrying Twilio's error code
// ({"code":63016,"message":…,"more_info":…,"status":400}), which whatsapp.Error.Class classifies
// beside Meta's; any other body gives code 0, so the class follows the HTTP status. Retry-After is
// honoured in seconds.
func ParseError(status int, header http.Header, body []byte) *whatsapp.Error {
	e := &whatsapp.Error{HTTPStatus: status, RetryAfter: retryAfter(header.Get("Retry-After"))}
	var a apiError
	if json.Unmarshal(body, &a) == nil {
		e.Code, e.Message, e.Details = a.Code, a.Message, a.MoreInfo
	}
	if e.Message == "" {
		e.Message = strings.ToLower(http.StatusText(status))
		if e.Message == "" {
			e.Message = "http status " + strconv.Itoa(status)
		}
	}
	return e
}

// maxRetryAfter caps Twilio's hint so a silly value cannot park a message.
const maxRetryAfter = 24 * time.Hour

// retryAfter reads a Retry-After header in seconds; zero when absent or unreadable.
func retryAfter(v string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n <= 0 {
		return 0
	}
	return min(time.Duration(n)*time.Second, maxRetryAfter)
}
