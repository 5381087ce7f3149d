package ssm

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseAnswer feeds SSM's answers, well formed or not, to the parsers: a 2xx answer yields
// a value or an error that never quotes the answer (which holds a secret), and any other
// answer an *APIError with a code and a bounded, valid message.
func FuzzParseAnswer(f *testing.F) {
	f.Add(200, "", []byte(`{"Parameter":{"Name":"/p/x","Type":"SecureString","Value":"EAAG-1","Version":1}}`))
	f.Add(200, "", []byte(`{"Parameter":{"Value":12345678}}`))
	f.Add(200, "", []byte(`{"Parameter":null}`))
	f.Add(400, "", []byte(`{"__type":"ParameterNotFound","message":""}`))
	f.Add(400, "com.amazonaws.ssm#ThrottlingException:http://internal", []byte(`{"Message":"Rate exceeded"}`))
	f.Add(500, "", []byte(`<html>`))
	f.Fuzz(func(t *testing.T, status int, errorType string, body []byte) {
		if status < 100 || status > 599 {
			return
		}
		if status/100 == 2 {
			v, err := parseGetParameter(body)
			if err != nil && v != "" {
				t.Errorf("got value %q with error %v", v, err)
			}
			if err != nil && len(body) >= 8 && strings.Contains(err.Error(), string(body)) {
				t.Errorf("error %q quotes the answer", err)
			}
			if ackErr := parseAck(body); ackErr != nil && ackErr != errUnreadable {
				t.Errorf("ack: got %v, want errUnreadable", ackErr)
			}
			return
		}
		h := http.Header{}
		if errorType != "" {
			h.Set("X-Amzn-ErrorType", errorType)
		}
		e := parseError(status, h, body)
		if e.Code == "" || strings.ContainsAny(e.Code, "#") {
			t.Errorf("code %q: want a bare exception name", e.Code)
		}
		if len(e.Message) > maxMessage+len("…") || !utf8.ValidString(e.Message) && utf8.ValidString(string(body)) {
			t.Errorf("message of %d bytes (valid %v): want at most %d, valid", len(e.Message), utf8.ValidString(e.Message), maxMessage)
		}
		if e.Status != status {
			t.Errorf("status: got %d, want %d", e.Status, status)
		}
	})
}
