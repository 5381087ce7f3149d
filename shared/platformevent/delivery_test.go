package platformevent

import (
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name   string
		status int
		want   Outcome
	}{
		{"200", 200, Delivered},
		{"204", 204, Delivered},
		{"no answer", 0, Retrying},
		{"408", 408, Retrying},
		{"429", 429, Retrying},
		{"500", 500, Retrying},
		{"503", 503, Retrying},
		{"301 (redirects are not followed off the endpoint)", 301, DeadLettered},
		{"400", 400, DeadLettered},
		{"401", 401, DeadLettered},
		{"410", 410, DeadLettered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.status); got != tt.want {
				t.Fatalf("Classify(%d) = %s, want %s", tt.status, got, tt.want)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		name     string
		attempt  int
		min, max time.Duration
	}{
		{"first", 1, 15 * time.Second, 30 * time.Second},
		{"third", 3, time.Minute, 2 * time.Minute},
		{"capped", 30, 30 * time.Minute, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 50 {
				if got := Backoff(tt.attempt, 30*time.Second); got < tt.min || got >= tt.max {
					t.Fatalf("Backoff(%d) = %v, want in [%v, %v)", tt.attempt, got, tt.min, tt.max)
				}
			}
		})
	}
}

func TestNewIsStableForOneHappening(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	a, err := New("org1", KindMessageReceived, "conv1", "wamid.1", at, MessageReceived{ConversationID: "conv1"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := New("org1", KindMessageReceived, "conv1", "wamid.1", at, MessageReceived{ConversationID: "conv1"})
	c, _ := New("org1", KindMessageReceived, "conv1", "wamid.2", at, MessageReceived{ConversationID: "conv1"})
	if a.ID != b.ID {
		t.Errorf("ids of one happening: got %s and %s, want equal", a.ID, b.ID)
	}
	if a.ID == c.ID {
		t.Errorf("ids of two happenings: both %s, want different", a.ID)
	}
	if _, err := New("org1", Kind("message.deleted"), "conv1", "x", at, nil); err == nil {
		t.Error("New with an unknown kind: got no error, want one")
	}
}

func TestEndpointSecretRevs(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		ep   Endpoint
		want int
	}{
		{"never rotated", Endpoint{SecretRev: "b"}, 1},
		{"inside the overlap", Endpoint{SecretRev: "b", PrevSecretRev: "a", PrevSecretUntil: now.Add(time.Hour)}, 2},
		{"after the overlap", Endpoint{SecretRev: "b", PrevSecretRev: "a", PrevSecretUntil: now.Add(-time.Second)}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.ep.SecretRevs(now); len(got) != tt.want || got[0] != "b" {
				t.Fatalf("SecretRevs = %v, want %d revisions, the current first", got, tt.want)
			}
		})
	}
}
