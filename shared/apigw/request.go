package apigw

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	"github.com/proplink/chat/shared/messaging"
)

// MaxBody bounds request bodies the API reads.
const MaxBody = 256 << 10

func asError(err error, target **messaging.Error) bool { return errors.As(err, target) }

// Body returns the raw request body, base64-decoded when API Gateway encoded it.
func Body(r Request) ([]byte, error) {
	if len(r.Body) > MaxBody*4/3+4 {
		return nil, messaging.Errorf(messaging.CodeInvalid, "Request body is too large")
	}
	if !r.IsBase64Encoded {
		if len(r.Body) > MaxBody {
			return nil, messaging.Errorf(messaging.CodeInvalid, "Request body is too large")
		}
		return []byte(r.Body), nil
	}
	b, err := base64.StdEncoding.DecodeString(r.Body)
	if err != nil {
		return nil, messaging.Errorf(messaging.CodeInvalid, "Request body is not valid base64")
	}
	if len(b) > MaxBody {
		return nil, messaging.Errorf(messaging.CodeInvalid, "Request body is too large")
	}
	return b, nil
}

// DecodeJSON decodes the body of r into v, which must be a JSON object.
func DecodeJSON(r Request, v any) error {
	b, err := Body(r)
	if err != nil {
		return err
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return messaging.Errorf(messaging.CodeInvalid, "Request body must be a JSON object")
	}
	if err := json.Unmarshal(b, v); err != nil {
		return messaging.Errorf(messaging.CodeInvalid, "Request body must be a JSON object")
	}
	return nil
}

// Header returns a request header by name, case-insensitively (API Gateway lower-cases them).
func Header(r Request, name string) string {
	if v, ok := r.Headers[strings.ToLower(name)]; ok {
		return v
	}
	for k, v := range r.Headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// BearerToken returns the token of an "Authorization: Bearer <token>" header, or "".
func BearerToken(r Request) string {
	h := Header(r, "Authorization")
	const prefix = "bearer "
	if len(h) > len(prefix) && strings.EqualFold(h[:len(prefix)], prefix) {
		return strings.TrimSpace(h[len(prefix):])
	}
	return ""
}

// Method returns the request's HTTP method.
func Method(r Request) string { return r.RequestContext.HTTP.Method }

// RequireMethod returns a 405 error, and the Allow header to send with it, unless the request's
// method is one of allowed.
func RequireMethod(r Request, allowed ...string) (map[string]string, error) {
	m := Method(r)
	for _, a := range allowed {
		if m == a {
			return nil, nil
		}
	}
	return map[string]string{"Allow": strings.Join(allowed, ", ")},
		messaging.Errorf(messaging.CodeMethodNotAllowed, "Method %s not allowed. Allowed: %s", m, strings.Join(allowed, ", "))
}
