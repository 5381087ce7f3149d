package obs

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/google/go-cmp/cmp"
)

func TestLoggerMasksPhones(t *testing.T) {
	var buf bytes.Buffer
	l := NewLogger(&buf, "send-api")
	l.Info("sent",
		"recipient", "+447700900123",
		"tenant_phone", "+447700900456",
		"from", "447700900789",
		"org_id", "org1",
		"count", 3,
		"phone_number_id", "1055",
	)
	l.WithGroup("msg").Info("nested", "recipient", "+447700900123")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2:\n%s", len(lines), buf.String())
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatalf("line is not JSON: %v\n%s", err, lines[0])
	}
	delete(got, "time")
	want := map[string]any{
		"level": "INFO", "msg": "sent", "function": "send-api",
		"recipient": "+44******123", "tenant_phone": "+44******456", "from": "447******789",
		"org_id": "org1", "count": float64(3), "phone_number_id": "1055",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("log line (-want +got):\n%s", diff)
	}
	for _, p := range []string{"7700900123", "7700900456", "7700900789"} {
		if strings.Contains(buf.String(), p) {
			t.Errorf("log output holds the phone digits %s:\n%s", p, buf.String())
		}
	}
}

func TestLoggerLevel(t *testing.T) {
	tests := []struct {
		name, level, lambdaLevel string
		debug                    bool
	}{
		{name: "default info", level: "", lambdaLevel: "", debug: false},
		{name: "LOG_LEVEL debug", level: "DEBUG", debug: true},
		{name: "lambda level wins", level: "DEBUG", lambdaLevel: "WARN", debug: false},
		{name: "nonsense keeps info", level: "loud", debug: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("LOG_LEVEL", tt.level)
			t.Setenv("AWS_LAMBDA_LOG_LEVEL", tt.lambdaLevel)
			var buf bytes.Buffer
			NewLogger(&buf, "f").Debug("x")
			if got := buf.Len() > 0; got != tt.debug {
				t.Errorf("debug logged = %v, want %v", got, tt.debug)
			}
		})
	}
}

func TestLoggerFromContext(t *testing.T) {
	var buf bytes.Buffer
	l := NewLogger(&buf, "f")
	ctx := lambdacontext.NewContext(WithLogger(context.Background(), l), &lambdacontext.LambdaContext{AwsRequestID: "req-1"})
	Logger(ctx).Info("hello")
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if got["request_id"] != "req-1" || got["function"] != "f" {
		t.Errorf("line = %v, want request_id req-1 and function f", got)
	}
	if Logger(context.Background()) == nil {
		t.Error("Logger(no logger) = nil, want the default")
	}
}
