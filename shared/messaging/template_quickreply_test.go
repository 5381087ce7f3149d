package messaging

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWithQuickReplies(t *testing.T) {
	invite := tpl(FormatNamed, Component{Type: "BODY", Text: "Work order {{ref}}"},
		Component{Type: "BUTTONS", Buttons: []Button{{Type: "URL", Text: "Open", URL: "https://x.example/{{1}}"}, {Type: "QUICK_REPLY", Text: "Accept"}, {Type: "QUICK_REPLY", Text: "Decline"}}})
	plain := tpl(FormatNamed, Component{Type: "BODY", Text: "Ticket {{ref}}"})
	base := Rendered{Components: []RenderedComponent{{Type: "body", Parameters: []Parameter{{Type: "text", Name: "ref", Text: "WO-2026-0042"}}}}, Text: "Work order WO-2026-0042"}
	tests := []struct {
		name     string
		tpl      Template
		payloads []string
		want     Rendered
		wantErr  bool
	}{
		{
			name: "one payload per quick reply, indexed among all buttons", tpl: invite,
			payloads: []string{"wo:accept:WO-2026-0042", "wo:decline:WO-2026-0042"},
			want: Rendered{Components: []RenderedComponent{
				base.Components[0],
				{Type: "button", SubType: "quick_reply", Index: 1, Parameters: []Parameter{{Type: "payload", Payload: "wo:accept:WO-2026-0042"}}},
				{Type: "button", SubType: "quick_reply", Index: 2, Parameters: []Parameter{{Type: "payload", Payload: "wo:decline:WO-2026-0042"}}},
			}, Text: "Work order WO-2026-0042 [Accept] [Decline]"},
		},
		{name: "no quick replies and no payloads", tpl: plain, payloads: nil, want: base},
		{name: "too few payloads", tpl: invite, payloads: []string{"wo:accept:WO-1"}, wantErr: true},
		{name: "payloads for a template without quick replies", tpl: plain, payloads: []string{"x"}, wantErr: true},
		{name: "an empty payload", tpl: invite, payloads: []string{"wo:accept:WO-1", " "}, wantErr: true},
		{name: "a payload too long", tpl: invite, payloads: []string{"a", string(make([]byte, MaxQuickReplyPayload+1))}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.tpl.WithQuickReplies(base, tt.payloads)
			if tt.wantErr {
				if ErrorCode(err) != CodeUnprocessable {
					t.Fatalf("got %v, want an unprocessable error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rendered (-want +got):\n%s", diff)
			}
		})
	}
	if len(base.Components) != 1 {
		t.Errorf("WithQuickReplies changed its argument: %+v", base)
	}
}
