package ssm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

func TestOrgSecretAndPath(t *testing.T) {
	s := newStore(nil, "/proplink/dev/", 0)
	tests := []struct{ name, got, want string }{
		{"org secret", messaging.OrgSecret("o1", "", messaging.SecretAPIToken), "orgs/o1/whatsapp/api_token"},
		{"org secret of a revision", messaging.OrgSecret("o1", "r7", messaging.SecretAppSecret), "orgs/o1/whatsapp/r7/app_secret"},
		{"joined under prefix", s.path(messaging.OrgSecret("o1", "r7", messaging.SecretAPIToken)), "/proplink/dev/orgs/o1/whatsapp/r7/api_token"},
		{"leading slash", s.path("/x"), "/proplink/dev/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestScrub(t *testing.T) {
	err := scrub(errors.New("bad value EAAG-secret-123 for x"), "EAAG-secret-123")
	if got, want := err.Error(), "bad value [redacted] for x"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	plain := errors.New("throttled")
	if got := scrub(plain, "s3cr3t"); got != plain {
		t.Errorf("scrub changed an error without the secret: %v", got)
	}
}

// echoSSM fails every call with an error that repeats the request, as a careless service might.
type echoSSM struct{}

func (echoSSM) GetParameter(context.Context, string) (string, error) {
	return "", errors.New("boom")
}

func (echoSSM) PutParameter(_ context.Context, _, value string) error {
	return fmt.Errorf("invalid request: value=%s", value)
}

func (echoSSM) DeleteParameters(context.Context, []string) error {
	return errors.New("boom")
}

func TestPutErrorHoldsNoSecret(t *testing.T) {
	err := newStore(echoSSM{}, "/p", time.Minute).Put(context.Background(), "x", "EAAG-secret-value")
	if err == nil || strings.Contains(err.Error(), "EAAG-secret-value") {
		t.Errorf("got %v, want an error without the secret", err)
	}
}
