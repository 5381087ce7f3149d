package meta

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// rawMessages finds each change's messages as received, or gives up where encoding/json could
// read another array than the walk.
func TestRawMessages(t *testing.T) {
	env := func(changes string) string {
		return `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[` + changes + `]}]}`
	}
	tests := []struct {
		name   string
		body   string
		want   [][]string
		wantOK bool
	}{
		{"one message", env(`{"field":"messages","value":{"metadata":{"phone_number_id":"2"},"messages":[{"id":"a","text":{"body":"]}\"x"}}]}}`),
			[][]string{{`{"id":"a","text":{"body":"]}\"x"}}`}}, true},
		{"spaces kept inside, not around", env(` { "value" : { "messages" : [ { "id" : "a" } ,	null , {"id":"b","n":[1,-2.5e3,true,false]} ] } } `),
			[][]string{{`{ "id" : "a" }`, `null`, `{"id":"b","n":[1,-2.5e3,true,false]}`}}, true},
		{"changes and entries in order", `{"entry":[{"changes":[{"value":{"messages":[{"id":"a"}]}},{"value":null},{"value":{"statuses":[{}]}}]},null,{"changes":[{"value":{"messages":[{"id":"b"},{"id":"c"}]}}]}]}`,
			[][]string{{`{"id":"a"}`}, nil, nil, {`{"id":"b"}`, `{"id":"c"}`}}, true},
		{"keys around skipped", env(`{"x":{"messages":[{"id":"no"}]},"value":{"y":["messages",{"messages":1}],"messages":[{"id":"a"}]}}`),
			[][]string{{`{"id":"a"}`}}, true},
		{"key twice", env(`{"value":{"messages":[{"id":"a"}],"messages":[{"id":"b"}]}}`), nil, false},
		{"key in another case", env(`{"value":{"Messages":[{"id":"a"}]}}`), nil, false},
		{"key folded by unicode", env(`{"value":{"meſſages":[{"id":"a"}]}}`), nil, false},
		{"escaped key", env(`{"value":{"m\u0065ssages":[{"id":"a"}]}}`), nil, false},
		{"value twice", env(`{"value":{"messages":[{"id":"a"}]},"value":{}}`), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !json.Valid([]byte(tt.body)) {
				t.Fatalf("test body is not JSON: %s", tt.body)
			}
			got, ok := rawMessages([]byte(tt.body))
			if ok != tt.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tt.wantOK)
			}
			if !ok {
				return
			}
			var gotS [][]string
			for _, c := range got {
				var s []string
				for _, m := range c {
					s = append(s, string(m))
				}
				gotS = append(gotS, s)
			}
			if diff := cmp.Diff(tt.want, gotS); diff != "" {
				t.Errorf("rawMessages (-want +got):\n%s", diff)
			}
		})
	}
}

// A message's Raw is its bytes as received, from whichever pass parsed the body.
func TestParseWebhookKeepsMessageBytes(t *testing.T) {
	msg := `{ "from": "447700900123", "id": "wamid.A", "timestamp": "1749416383", "type": "text",
	  "text": { "body": "<b>ol\u00e1</b>" } }`
	for _, tt := range []struct{ name, body string }{
		{"typed", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"2"},"messages":[` + msg + `]}}]}]}`},
		{"raw, key repeated", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"2"},"messages":[{"id":"x"}],"messages":[` + msg + `]}}]}]}`},
		{"layered, bad sibling", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"2"},"messages":[` + msg + `,{"id":5}]}}]}]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseWebhook([]byte(tt.body))
			if err != nil || len(p.Events) != 1 || p.Events[0].Message == nil {
				t.Fatalf("ParseWebhook = %+v, %v; want one message", p, err)
			}
			if got, want := string(p.Events[0].Message.Raw), msg; got != want {
				t.Errorf("raw = %s, want %s", got, want)
			}
			if got, want := p.Events[0].Message.Text, "<b>olá</b>"; got != want {
				t.Errorf("text = %q, want %q", got, want)
			}
			if strings.Contains(tt.name, "bad") && len(p.Problems) != 1 {
				t.Errorf("problems = %+v, want the bad message", p.Problems)
			}
		})
	}
}
