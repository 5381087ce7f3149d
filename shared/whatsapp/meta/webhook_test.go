package meta

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// The -update flag is shared with the package's other golden tests; register it only if they
// have not.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func webhookFixtures(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("testdata/webhooks/*.json")
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".golden.json") {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		tb.Fatal("no webhook fixtures")
	}
	return out
}

func TestParseWebhookGolden(t *testing.T) {
	for _, file := range webhookFixtures(t) {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			p, err := ParseWebhook(mustRead(t, file))
			if err != nil {
				t.Fatalf("ParseWebhook: %v", err)
			}
			got, err := json.MarshalIndent(p, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(file, ".json") + ".golden.json"
			if updating() {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want := mustRead(t, golden)
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("parsed %s differs from %s (-want +got):\n%s", file, golden, diff)
			}
			for i, e := range p.Events {
				if e.PayloadCount() != 1 {
					t.Errorf("event %d has %d payloads", i, e.PayloadCount())
				}
			}
		})
	}
}

func TestParseWebhookIsolatesBrokenItems(t *testing.T) {
	p, err := ParseWebhook(mustRead(t, "testdata/webhooks/broken_item.json"))
	if err != nil {
		t.Fatalf("ParseWebhook: %v", err)
	}
	var gotKeys []string
	for _, e := range p.Events {
		gotKeys = append(gotKeys, e.DedupeKey())
	}
	wantKeys := []string{
		"msg#wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhggR09PRDEwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAA",
		"msg#wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhggR09PRDIwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAA",
		"st#wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSR09PRFNUMDAwMDAwMDAwMDAA#read",
		"st#wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSR09PRFNUMjAwMDAwMDAwMDAA#sent",
	}
	if diff := cmp.Diff(wantKeys, gotKeys); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	type where struct {
		Entry, Change int
		Kind          string
		Item          int
		ID            string
	}
	var gotProblems []where
	for _, pr := range p.Problems {
		gotProblems = append(gotProblems, where{pr.Entry, pr.Change, pr.Kind, pr.Item, pr.ID})
		if pr.Reason == "" || !strings.HasPrefix(pr.Error(), "meta: ") {
			t.Errorf("problem %+v: want a reason and a package-prefixed Error()", pr)
		}
	}
	wantProblems := []where{
		{0, 0, "message", 1, "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhggQkFEVFMwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAA"},
		{0, 0, "message", 2, "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhggQkFEVFlQRTAwMDAwMDAwMDAwMDAwMDAwMDAwMDAA"},
		{0, 0, "status", 0, ""},
		{0, 1, "change", -1, ""},
		{1, -1, "entry", -1, ""},
	}
	if diff := cmp.Diff(wantProblems, gotProblems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestParseWebhookWholeBodyErrors(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		want error
	}{
		{"not json", []byte("<xml/>"), nil},
		{"json array", []byte(`[]`), nil},
		{"empty", nil, nil},
		{"wrong object", []byte(`{"object":"page","entry":[]}`), ErrNotWebhook},
		{"no object", []byte(`{"entry":[]}`), ErrNotWebhook},
		{"too large", append([]byte(`{"object":"whatsapp_business_account","x":"`), bytes.Repeat([]byte("a"), MaxWebhookBody)...), ErrBodyTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWebhook(tt.body)
			if err == nil || !strings.HasPrefix(err.Error(), "meta: ") {
				t.Fatalf("ParseWebhook = %v, want a meta: error", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("ParseWebhook = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParseWebhookCapsItems(t *testing.T) {
	var msgs []string
	for i := 0; i < MaxWebhookItems+50; i++ {
		msgs = append(msgs, `{"from":"447700900123","id":"wamid.X`+strings.Repeat("1", i%7)+`","timestamp":"1749420000","type":"text","text":{"body":"hi"}}`)
		msgs = append(msgs, `{"from":"447700900123","timestamp":"1749420000","type":"text"}`) // no id
	}
	body := `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"2"},"messages":[` +
		strings.Join(msgs, ",") + `]}}]}]}`
	p, err := ParseWebhook([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(p.Events) + len(p.Problems); got != MaxWebhookItems {
		t.Errorf("events+problems = %d, want %d", got, MaxWebhookItems)
	}
	if !p.Truncated {
		t.Error("Truncated = false, want true")
	}
}

func TestParseWebhookKeepsUnknown(t *testing.T) {
	body := `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[` +
		`{"field":"calls","value":{"calls":[{"id":"c1"}]}},` +
		`{"field":"messages","value":{"metadata":{"phone_number_id":"2"},"message_echoes":[{"id":"e1"}]}},` +
		`{"field":"message_template_status_update","value":{"previous_quality_score":"GREEN","new_quality_score":"YELLOW","message_template_id":7}}]}]}`
	p, err := ParseWebhook([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range p.Events {
		if e.Other == nil {
			t.Fatalf("event %+v: want Other", e)
		}
		got = append(got, e.Other.Field)
	}
	if diff := cmp.Diff([]string{"calls", "messages", "message_template_status_update"}, got); diff != "" {
		t.Errorf("kept fields (-want +got):\n%s", diff)
	}
	if len(p.Problems) != 0 {
		t.Errorf("problems = %+v, want none", p.Problems)
	}
}

func TestParsedSetProvider(t *testing.T) {
	p, err := ParseWebhook(mustRead(t, "testdata/webhooks/batch.json"))
	if err != nil {
		t.Fatal(err)
	}
	p.SetProvider(messaging.ProviderDialog360)
	for i, e := range p.Events {
		if e.Provider != messaging.ProviderDialog360 {
			t.Errorf("event %d provider = %q, want %q", i, e.Provider, messaging.ProviderDialog360)
		}
	}
}

func TestEventsSurviveQueueRoundTrip(t *testing.T) {
	for _, file := range webhookFixtures(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			p, err := ParseWebhook(mustRead(t, file))
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range p.Events {
				b, err := json.Marshal(e)
				if err != nil {
					t.Fatal(err)
				}
				var back whatsapp.Event
				if err := json.Unmarshal(b, &back); err != nil {
					t.Fatal(err)
				}
				if got, want := back.DedupeKey(), e.DedupeKey(); got != want {
					t.Errorf("event %d dedupe key after round trip = %q, want %q", i, got, want)
				}
				b2, _ := json.Marshal(back)
				if !bytes.Equal(b, b2) {
					t.Errorf("event %d changed on round trip:\n%s\n%s", i, b, b2)
				}
			}
		})
	}
}

func TestRoutingInfo(t *testing.T) {
	tests := []struct {
		file      string
		wantPhone []string
		wantWABA  []string
	}{
		// Only entries with a change that names no number route by account.
		{"batch.json", []string{"106540352242922", "301122334455667"}, []string{"209876543210987"}},
		{"text.json", []string{"106540352242922"}, nil},
		{"template_rejected.json", nil, []string{"102290129340398"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body := mustRead(t, "testdata/webhooks/"+tt.file)
			phones, err := RoutingInfo(body)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantPhone, phones); diff != "" {
				t.Errorf("RoutingInfo (-want +got):\n%s", diff)
			}
			wabas, err := RoutingWABAIDs(body)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantWABA, wabas); diff != "" {
				t.Errorf("RoutingWABAIDs (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := RoutingInfo([]byte("nope")); err == nil {
		t.Error("RoutingInfo(not json) = nil error")
	}
	if _, err := RoutingInfo(make([]byte, MaxWebhookBody+1)); !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("RoutingInfo(too large) = %v, want ErrBodyTooLarge", err)
	}
}

// A change that names a number but yields no item is kept whole under that number: routing
// names the number (not the account), so the event must route by it.
func TestParseWebhookOtherKeepsItsNumber(t *testing.T) {
	body := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"102","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"106"}}}]}]}`)
	p, err := ParseWebhook(body)
	if err != nil || len(p.Events) != 1 || p.Events[0].Other == nil {
		t.Fatalf("ParseWebhook = %+v, %v; want one Other event", p, err)
	}
	if got, want := p.Events[0].PhoneNumberID, "106"; got != want {
		t.Errorf("phone number id = %q, want %q", got, want)
	}
	if got, want := p.PhoneNumberIDs, []string{"106"}; !slices.Equal(got, want) || len(p.WABAIDs) != 0 {
		t.Errorf("routing ids %q %q, want %q and none", got, p.WABAIDs, want)
	}
}
