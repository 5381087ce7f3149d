package apigw

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"reflect"
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

// DecodeJSON decodes the body of r into v with Decode.
func DecodeJSON(r Request, v any) error {
	b, err := Body(r)
	if err != nil {
		return err
	}
	return Decode(b, v)
}

// CSRF is the csrf_token field PropOps clients may put in any request body. Request bodies
// embed it so that Decode, which refuses every field a body does not declare, accepts it;
// bearer-token callers need no CSRF token, so its value is not checked.
type CSRF struct {
	CSRFToken string `json:"csrf_token,omitempty"`
}

// Decode decodes body, which must hold exactly one JSON object (or null), into v. A field v
// does not declare is refused by name (`Unknown field "apointment_date"`), so that a typo never
// silently drops a value; anything after the object but blanks is refused too.
func Decode(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return messaging.Errorf(messaging.CodeInvalid, msgNotObject)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return messaging.Errorf(messaging.CodeInvalid, "Request body must be a single JSON object, with nothing after it")
	}
	return nil
}

const msgNotObject = "Request body must be a JSON object"

// decodeError names what encoding/json found wrong: an unknown field, a field of the wrong
// type, or a body that is not a JSON object.
func decodeError(err error) error {
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return messaging.Errorf(messaging.CodeInvalid, "Unknown field %s", name)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		want := jsonKind(te.Type.Kind())
		if want == "a number" && strings.HasPrefix(te.Value, "number") {
			return messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: %s (out of range)", te.Field)
		}
		return messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: %s (expected %s)", te.Field, want)
	}
	return messaging.Errorf(messaging.CodeInvalid, msgNotObject)
}

// jsonKind names the JSON type a Go kind decodes from.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
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
