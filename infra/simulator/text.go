package simulator

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxTextBody is the Cloud API's limit on a text message body, in characters.
const maxTextBody = 4096

// TextRef is a free-form text message's body.
type TextRef struct {
	PreviewURL bool   `json:"preview_url,omitempty"`
	Body       string `json:"body"`
}

// validateText checks a free-form text send the way Meta does. The customer-service window is
// not enforced here: the product checks it before sending.
func validateText(req SendRequest) *apiError {
	switch {
	case req.Text == nil || strings.TrimSpace(req.Text.Body) == "":
		e := errorFor(100, "The parameter text.body is required.")
		return &e
	case utf8.RuneCountInString(req.Text.Body) > maxTextBody:
		e := errorFor(100, fmt.Sprintf("Param text.body must be at most %d characters long.", maxTextBody))
		return &e
	}
	return nil
}
