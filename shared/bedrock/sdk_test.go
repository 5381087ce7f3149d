package bedrock

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/proplink/chat/shared/assistant"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestConverseThroughTheSDK: the real SDK client, pointed at a local server, sends the Converse
// request the golden file holds (signed for bedrock in the configured region) and reads a
// tool-use answer back.
func TestConverseThroughTheSDK(t *testing.T) {
	var got struct {
		path, auth string
		body       []byte
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.path, got.auth = r.URL.EscapedPath(), r.Header.Get("Authorization")
		got.body, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"tooluse_1","name":"classify",
			"input":{"intent":"raise_ticket","mentions":{"unit":"flat 2","priority":"Urgent"},"language":"en"}}}]}},
			"stopReason":"tool_use","usage":{"inputTokens":512,"outputTokens":31,"totalTokens":543},"metrics":{"latencyMs":420}}`)
	}))
	defer srv.Close()
	cfg := aws.Config{Region: "eu-west-2", Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""), HTTPClient: srv.Client()}
	b := &fakeBudget{counts: map[string]int64{}}
	i := &Interpreter{Client: NewLazy(cfg, "us-east-1", srv.URL+"/"), ModelID: "amazon.nova-micro-v1:0", Budget: b, DailyTokens: 100000,
		Timeout: 5 * time.Second, MaxTokens: 200, Settings: fakeSettings{"o": {Enabled: true}},
		Now: func() time.Time { return time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC) }}
	in := i.Interpret(context.Background(), assistant.Query{OrgID: "o", Role: assistant.RoleResident,
		Text: "the lights in the corridor by flat 2 have been dead since Tuesday, urgent", Recent: []string{"hello?"}})
	if in.Intent != assistant.IntentRaiseTicket || in.Mentions["unit"] != "flat 2" || in.Mentions["priority"] != "Urgent" {
		t.Errorf("Interpret = %+v", in)
	}
	if got, want := b.counts["o2026-03-20"], int64(543); got != want {
		t.Errorf("tokens counted = %d, want %d", got, want)
	}
	if want := "/model/amazon.nova-micro-v1%3A0/converse"; got.path != want {
		t.Errorf("path = %s, want %s", got.path, want)
	}
	if !strings.Contains(got.auth, "Credential=AKIDEXAMPLE/") || !strings.Contains(got.auth, "/us-east-1/bedrock/aws4_request") {
		t.Errorf("Authorization = %q, want SigV4 for bedrock in us-east-1", got.auth)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, got.body, "", "  "); err != nil {
		t.Fatalf("body %s: %v", got.body, err)
	}
	golden := filepath.Join("testdata", "converse_request.json")
	if *update {
		if err := os.WriteFile(golden, append(pretty.Bytes(), '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := append(pretty.Bytes(), '\n'); !bytes.Equal(got, want) {
		t.Errorf("request body differs from %s (go test -update to accept):\n%s", golden, got)
	}
}
