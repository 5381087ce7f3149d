package api

import (
	"testing"

	"github.com/proplink/chat/shared/messaging"
)

func TestParseReply(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantText string
		wantTpl  int
		wantJob  int64
		wantErr  bool
	}{
		{"text", `{"text":"On my way"}`, "On my way", 0, 0, false},
		{"text with job", `{"text":"On my way","job_id":1050}`, "On my way", 0, 1050, false},
		{"template", `{"template_id":3,"job_id":"1050","variables":{"time_window":"9-12"}}`, "", 3, 1050, false},
		{"template without job", `{"template_id":3}`, "", 3, 0, false},
		{"both", `{"text":"x","template_id":3}`, "", 0, 0, true},
		{"neither", `{}`, "", 0, 0, true},
		{"bad job", `{"text":"x","job_id":-1}`, "", 0, 0, true},
		{"bad template", `{"template_id":"three"}`, "", 0, 0, true},
		{"not an object", `[1]`, "", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, tpl, job, _, err := ParseReply([]byte(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err: got %v, want error %v", err, tt.wantErr)
			}
			if err != nil && messaging.ErrorCode(err) != messaging.CodeInvalid {
				t.Errorf("code: got %s, want invalid", messaging.ErrorCode(err))
			}
			if text != tt.wantText || tpl != tt.wantTpl || job != tt.wantJob {
				t.Errorf("got (%q, %d, %d), want (%q, %d, %d)", text, tpl, job, tt.wantText, tt.wantTpl, tt.wantJob)
			}
		})
	}
}

func FuzzParseReply(f *testing.F) {
	for _, s := range []string{`{"text":"hi"}`, `{"template_id":3,"job_id":1050}`, `{"text":null,"template_id":null}`, `{`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		text, tpl, job, _, err := ParseReply(body)
		if err != nil {
			if messaging.ErrorCode(err) != messaging.CodeInvalid {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		if tpl < 0 || tpl > 1<<31-1 || job < 0 {
			t.Fatalf("accepted %q as (%q, %d, %d)", body, text, tpl, job)
		}
	})
}
