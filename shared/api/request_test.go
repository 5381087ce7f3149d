package api

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/phone"
	"github.com/proplink/chat/shared/sending"
)

const (
	msgBadJobID      = "Invalid or missing required parameter: job_id"
	msgBadTemplateID = "Invalid or missing required parameter: template_id"
	msgNotObject     = "Request body must be a JSON object"
	msgTrailing      = "Request body must be a single JSON object, with nothing after it"
)

func TestParseSendRequest(t *testing.T) {
	tests := []struct {
		name string
		body string
		want sending.Request
		msg  string // the refusal's text; "" when accepted
	}{
		{name: "seed", body: `{"job_id": 1050, "phone_number": "+447700900123", "template_id": 3}`,
			want: sending.Request{JobID: 1050, PhoneNumber: "+447700900123", TemplateID: 3}},
		{name: "ids as strings", body: `{"job_id": "1050", "phone_number": "+447700900123", "template_id": "3"}`,
			want: sending.Request{JobID: 1050, PhoneNumber: "+447700900123", TemplateID: 3}},
		{name: "variables", body: `{"job_id": 1, "phone_number": "+447700900123", "template_id": 3, "variables": {"time_window": "9-5"}}`,
			want: sending.Request{JobID: 1, PhoneNumber: "+447700900123", TemplateID: 3, Variables: map[string]string{"time_window": "9-5"}}},
		{name: "csrf_token accepted", body: `{"job_id": 1, "phone_number": "+447700900123", "template_id": 3, "csrf_token": "x"}`,
			want: sending.Request{JobID: 1, PhoneNumber: "+447700900123", TemplateID: 3}},

		{name: "missing job_id even if phone is bad", body: `{"phone_number": "nope", "template_id": 3}`, msg: messaging.MsgJobIDRequired},
		{name: "empty object", body: `{}`, msg: messaging.MsgJobIDRequired},
		{name: "null body", body: `null`, msg: messaging.MsgJobIDRequired},
		{name: "job_id null", body: `{"job_id": null, "phone_number": "+447700900123", "template_id": 3}`, msg: messaging.MsgJobIDRequired},
		{name: "job_id empty string", body: `{"job_id": "", "phone_number": "+447700900123", "template_id": 3}`, msg: messaging.MsgJobIDRequired},
		{name: "job_id 0", body: `{"job_id": 0, "phone_number": "+447700900123", "template_id": 3}`, msg: messaging.MsgJobIDRequired},
		{name: "job_id abc", body: `{"job_id": "abc", "phone_number": "+447700900123", "template_id": 3}`, msg: msgBadJobID},
		{name: "job_id -1", body: `{"job_id": -1, "phone_number": "+447700900123", "template_id": 3}`, msg: msgBadJobID},
		{name: "job_id 1.5", body: `{"job_id": 1.5, "phone_number": "+447700900123", "template_id": 3}`, msg: msgBadJobID},
		{name: "job_id 1e3", body: `{"job_id": 1e3, "phone_number": "+447700900123", "template_id": 3}`, msg: msgBadJobID},
		{name: "job_id true", body: `{"job_id": true, "phone_number": "+447700900123", "template_id": 3}`, msg: msgBadJobID},
		{name: "job_id object", body: `{"job_id": {}, "phone_number": "+447700900123", "template_id": 3}`, msg: msgBadJobID},
		{name: "job_id overflows", body: `{"job_id": 99999999999999999999, "phone_number": "+447700900123", "template_id": 3}`, msg: msgBadJobID},

		{name: "missing phone", body: `{"job_id": 1050, "template_id": 3}`, msg: messaging.MsgPhoneRequired},
		{name: "blank phone", body: `{"job_id": 1050, "phone_number": "  ", "template_id": 3}`, msg: messaging.MsgPhoneRequired},
		{name: "null phone", body: `{"job_id": 1050, "phone_number": null, "template_id": 3}`, msg: messaging.MsgPhoneRequired},
		{name: "phone with spaces", body: `{"job_id": 1050, "phone_number": "+44 7700 900123", "template_id": 3}`, msg: messaging.MsgInvalidPhone},
		{name: "phone without plus", body: `{"job_id": 1050, "phone_number": "447700900123", "template_id": 3}`, msg: messaging.MsgInvalidPhone},
		{name: "phone as a number", body: `{"job_id": 1050, "phone_number": 447700900123, "template_id": 3}`, msg: messaging.MsgInvalidPhone},
		{name: "bad phone before missing template", body: `{"job_id": 1050, "phone_number": "+1"}`, msg: messaging.MsgInvalidPhone},

		{name: "missing template_id", body: `{"job_id": 1050, "phone_number": "+447700900123"}`, msg: messaging.MsgTemplateIDRequired},
		{name: "template_id abc", body: `{"job_id": 1050, "phone_number": "+447700900123", "template_id": "abc"}`, msg: msgBadTemplateID},
		{name: "template_id too big for int32", body: `{"job_id": 1050, "phone_number": "+447700900123", "template_id": 4294967296}`, msg: msgBadTemplateID},

		{name: "not JSON", body: `job_id=1050&phone_number=%2B447700900123`, msg: msgNotObject},
		{name: "empty body", body: ``, msg: msgNotObject},
		{name: "array", body: `[1050]`, msg: msgNotObject},
		{name: "trailing garbage", body: `{"job_id": 1050, "phone_number": "+447700900123", "template_id": 3} {"x":1}`, msg: msgTrailing},
		{name: "trailing word", body: `{"job_id": 1050, "phone_number": "+447700900123", "template_id": 3} x`, msg: msgTrailing},
		{name: "unknown field", body: `{"job_id": 1050, "phone_number": "+447700900123", "template_id": 3, "template": "x"}`, msg: `Unknown field "template"`},
		{name: "unknown field before a bad job_id", body: `{"job_id": "abc", "phonenumber": "+447700900123"}`, msg: `Unknown field "phonenumber"`},
		{name: "variable value too long", body: `{"job_id": 1, "phone_number": "+447700900123", "template_id": 3, "variables": {"a": "` + strings.Repeat("x", 1025) + `"}}`,
			msg: "Invalid parameter: variables (values up to 1024 characters)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSendRequest([]byte(tt.body))
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("ParseSendRequest: %v", err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("request (-want +got):\n%s", diff)
				}
				return
			}
			if got, want := messaging.ErrorCode(err), messaging.CodeInvalid; got != want {
				t.Fatalf("code = %q (err %v), want %q", got, err, want)
			}
			if got := messaging.ErrorMessage(err); got != tt.msg {
				t.Errorf("message = %q, want %q", got, tt.msg)
			}
		})
	}
}

func FuzzParseSendRequest(f *testing.F) {
	for _, s := range []string{
		`{"job_id": 1050, "phone_number": "+447700900123", "template_id": 3}`,
		`{"job_id": "1050", "phone_number": "+447700900123", "template_id": "3", "variables": {"a": "b"}}`,
		`{"job_id": 1.5}`, `{"phone_number": 1}`, `null`, `[]`, ``, `{"job_id": "\"1\""}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := ParseSendRequest(body)
		if err != nil {
			if messaging.ErrorCode(err) != messaging.CodeInvalid {
				t.Fatalf("error %v has code %q, want invalid", err, messaging.ErrorCode(err))
			}
			return
		}
		if req.JobID <= 0 || req.TemplateID <= 0 {
			t.Fatalf("accepted job %d template %d from %q", req.JobID, req.TemplateID, body)
		}
		if _, err := phone.Parse(req.PhoneNumber); err != nil {
			t.Fatalf("accepted phone %q from %q", req.PhoneNumber, body)
		}
	})
}
