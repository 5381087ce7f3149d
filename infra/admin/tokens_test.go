package admin

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

type fixedLister []messaging.APIToken

func (l fixedLister) ListTokens(context.Context, string, time.Time) ([]messaging.APIToken, error) {
	return l, nil
}

func TestListTokensTable(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	revoked := t0.Add(time.Hour)
	var out bytes.Buffer
	err := ListTokens(context.Background(), fixedLister{
		{ID: "01JA", Status: messaging.TokenActive, UserID: "u1", UserName: "Sam Staff", Label: "CRM", Last4: "ab12",
			Permissions: []string{"api.whatsapp.send", "api.jobs.manage"}, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)},
		{ID: "01JB", Status: messaging.TokenRevoked, UserID: "u2", Last4: "cd34", CreatedAt: t0, ExpiresAt: t0, RevokedAt: &revoked},
	}, "o1", t0, &out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := [][]string{
		{"ID", "STATUS", "USER", "NAME", "LABEL", "LAST4", "CREATED", "EXPIRES", "REVOKED", "PERMISSIONS"},
		{"01JA", "active", "u1", "Sam", "Staff", "CRM", "ab12", "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z", "-", "api.whatsapp.send,api.jobs.manage"},
		{"01JB", "revoked", "u2", "-", "-", "cd34", "2026-11-24T09:00:00Z", "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z", ""},
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, line := range lines {
		if got := strings.Join(strings.Fields(line), " "); got != strings.TrimSpace(strings.Join(want[i], " ")) {
			t.Errorf("line %d = %q, want %q", i, got, strings.Join(want[i], " "))
		}
	}
}
