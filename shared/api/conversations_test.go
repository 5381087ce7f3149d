package api

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
)

func TestParseReply(t *testing.T) {
	const att = "01JATTACHMENT0000000000000"
	tests := []struct {
		name    string
		body    string
		want    Reply
		wantErr bool
	}{
		{"text", `{"text":"On my way"}`, Reply{Text: "On my way"}, false},
		{"text with job", `{"text":"On my way","job_id":1050}`, Reply{Text: "On my way", JobID: 1050}, false},
		{"template", `{"template_id":3,"job_id":"1050","variables":{"time_window":"9-12"}}`,
			Reply{TemplateID: 3, JobID: 1050, Variables: map[string]string{"time_window": "9-12"}}, false},
		{"template without job", `{"template_id":3}`, Reply{TemplateID: 3}, false},
		{"attachment", `{"attachment_id":"` + att + `"}`, Reply{AttachmentID: att}, false},
		{"attachment with caption and job", `{"attachment_id":" ` + att + ` ","caption":"Signed copy","job_id":1050}`,
			Reply{AttachmentID: att, Caption: "Signed copy", JobID: 1050}, false},
		{"attachment with null template", `{"attachment_id":"` + att + `","template_id":null}`, Reply{AttachmentID: att}, false},
		{"empty attachment id", `{"attachment_id":""}`, Reply{}, true},
		{"attachment id not a string", `{"attachment_id":42}`, Reply{}, true},
		{"overlong attachment id", `{"attachment_id":"` + strings.Repeat("A", 65) + `"}`, Reply{}, true},
		{"attachment and text", `{"attachment_id":"` + att + `","text":"hi"}`, Reply{}, true},
		{"attachment and template", `{"attachment_id":"` + att + `","template_id":3}`, Reply{}, true},
		{"caption without attachment", `{"text":"hi","caption":"x"}`, Reply{}, true},
		{"both", `{"text":"x","template_id":3}`, Reply{}, true},
		{"neither", `{}`, Reply{}, true},
		{"bad job", `{"text":"x","job_id":-1}`, Reply{}, true},
		{"bad template", `{"template_id":"three"}`, Reply{}, true},
		{"not an object", `[1]`, Reply{}, true},
		{"unknown field", `{"text":"x","jobid":1050}`, Reply{}, true},
		{"trailing data", `{"text":"x"} {"text":"y"}`, Reply{}, true},
		{"csrf_token", `{"text":"x","csrf_token":"t"}`, Reply{Text: "x"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseReply([]byte(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err: got %v, want error %v", err, tt.wantErr)
			}
			if err != nil && messaging.ErrorCode(err) != messaging.CodeInvalid {
				t.Errorf("code: got %s, want invalid", messaging.ErrorCode(err))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("reply (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzParseReply(f *testing.F) {
	for _, s := range []string{`{"text":"hi"}`, `{"template_id":3,"job_id":1050}`, `{"text":null,"template_id":null}`, `{`,
		`{"attachment_id":"01JATTACHMENT0000000000000","caption":"x"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := ParseReply(body)
		if err != nil {
			if messaging.ErrorCode(err) != messaging.CodeInvalid {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		kinds := 0
		for _, has := range []bool{r.TemplateID != 0, r.AttachmentID != ""} {
			if has {
				kinds++
			}
		}
		if r.TemplateID < 0 || r.TemplateID > 1<<31-1 || r.JobID < 0 || kinds > 1 || len(r.AttachmentID) > maxAttachmentID ||
			(r.Caption != "" && r.AttachmentID == "") {
			t.Fatalf("accepted %q as %+v", body, r)
		}
	})
}
