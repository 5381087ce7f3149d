package ssm

import (
	"errors"
	"net/http"

	"github.com/proplink/chat/shared/awsjson"
)

// maxMessage bounds the service's message kept in an error.
const maxMessage = awsjson.MaxMessage

// APIError is an answer of SSM other than 2xx: the exception's name (e.g. ParameterNotFound,
// ThrottlingException) and message (awsjson.APIError).
type APIError = awsjson.APIError

// isNotFound reports whether err is SSM's ParameterNotFound.
func isNotFound(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Code == "ParameterNotFound"
}

// parseError turns a non-2xx answer into an *APIError (awsjson.ParseError).
func parseError(status int, header http.Header, body []byte) *APIError {
	return awsjson.ParseError(service.Name, status, header, body)
}
