package awsjson

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseError feeds error answers, well formed or not, to ParseError: it always yields an
// *APIError with the status, a bare type, and a code and message of bounded, valid UTF-8.
func FuzzParseError(f *testing.F) {
	f.Add(400, "", "", []byte(`{"__type":"ParameterNotFound","message":""}`))
	f.Add(400, "com.amazonaws.ssm#ThrottlingException:http://internal", "", []byte(`{"Message":"Rate exceeded"}`))
	f.Add(400, "", "AWS.SimpleQueueService.NonExistentQueue;Sender", []byte(`{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}`))
	f.Add(500, "", ";Receiver", []byte(`<html>`))
	f.Add(400, "", "", []byte(`{"code":"ThrottlingException","message":"Too many requests"}`))
	f.Fuzz(func(t *testing.T, status int, errorType, queryError string, body []byte) {
		if status < 100 || status > 599 {
			return
		}
		h := http.Header{}
		if errorType != "" {
			h.Set("X-Amzn-ErrorType", errorType)
		}
		if queryError != "" {
			h.Set("X-Amzn-Query-Error", queryError)
		}
		e := ParseError("sqs", status, h, body)
		if e.Type == "" || strings.ContainsAny(e.Type, "#") {
			t.Errorf("type %q: want a bare exception name", e.Type)
		}
		if e.Code == "" {
			t.Error("empty code")
		}
		for _, s := range []string{e.Message, e.Code, e.Type} {
			if len(s) > MaxMessage+len("…") || !utf8.ValidString(s) {
				t.Errorf("%q: %d bytes, want at most %d, valid", s, len(s), MaxMessage)
			}
		}
		if e.Status != status || e.HTTPStatusCode() != status {
			t.Errorf("status: got %d, want %d", e.Status, status)
		}
	})
}
