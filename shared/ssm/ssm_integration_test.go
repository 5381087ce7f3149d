//go:build integration

package ssm

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsssm "github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/messaging"
)

func TestStore(t *testing.T) {
	cfg := motoserver.MustStart(t).Config()
	client := awsssm.NewFromConfig(cfg) // the SDK's client checks what the store wrote
	s := New(cfg, "/proplink/dev", time.Minute)
	clock := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return clock }
	ctx := context.Background()
	name := messaging.OrgSecret("o1", "", messaging.SecretAPIToken)

	t.Run("missing is not configured", func(t *testing.T) {
		_, err := s.Get(ctx, name)
		if code := messaging.ErrorCode(err); code != messaging.CodeNotConfigured {
			t.Errorf("got code %q (%v), want %q", code, err, messaging.CodeNotConfigured)
		}
	})
	t.Run("round trip as SecureString", func(t *testing.T) {
		if err := s.Put(ctx, name, "EAAG-first"); err != nil {
			t.Fatalf("Put: %v", err)
		}
		got, err := s.Get(ctx, name)
		if err != nil || got != "EAAG-first" {
			t.Errorf("Get = %q, %v; want EAAG-first", got, err)
		}
		raw, err := client.GetParameter(ctx, &awsssm.GetParameterInput{Name: aws.String("/proplink/dev/orgs/o1/whatsapp/api_token")})
		if err != nil {
			t.Fatal(err)
		}
		if raw.Parameter.Type != types.ParameterTypeSecureString {
			t.Errorf("stored type %q, want SecureString", raw.Parameter.Type)
		}
	})
	t.Run("cached until the ttl passes", func(t *testing.T) {
		// Changed behind the store's back: the cache still answers.
		if _, err := client.PutParameter(ctx, &awsssm.PutParameterInput{
			Name: aws.String("/proplink/dev/" + name), Value: aws.String("EAAG-second"), Type: types.ParameterTypeSecureString, Overwrite: aws.Bool(true),
		}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, name); got != "EAAG-first" {
			t.Errorf("inside the ttl Get = %q, want the cached EAAG-first", got)
		}
		clock = clock.Add(time.Minute)
		if got, _ := s.Get(ctx, name); got != "EAAG-second" {
			t.Errorf("after the ttl Get = %q, want EAAG-second", got)
		}
	})
	t.Run("put invalidates the cache", func(t *testing.T) {
		if err := s.Put(ctx, name, "EAAG-third"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, name); got != "EAAG-third" {
			t.Errorf("Get after Put = %q, want EAAG-third", got)
		}
	})
	t.Run("delete removes every name, gone ones too", func(t *testing.T) {
		var names []string
		for i := range 12 {
			n := messaging.OrgSecret("o1", "r1", messaging.SecretAPIToken+string(rune('a'+i)))
			if err := s.Put(ctx, n, "v"); err != nil {
				t.Fatal(err)
			}
			names = append(names, n)
		}
		if err := s.Delete(ctx, append(names, messaging.OrgSecret("o1", "r1", "never-written"))...); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		for _, n := range names {
			if _, err := s.Get(ctx, n); messaging.ErrorCode(err) != messaging.CodeNotConfigured {
				t.Errorf("Get %s after Delete: %v, want not configured", n, err)
			}
		}
	})
}

func TestStoreAtTheServiceEndpointVariable(t *testing.T) {
	moto := motoserver.MustStart(t)
	cfg := moto.Config()
	t.Setenv(EndpointEnv, moto.URL)
	cfg.BaseEndpoint = aws.String("http://127.0.0.1:1") // nothing listens: the variable must win
	s := New(cfg, "/proplink/dev", 0)
	ctx := context.Background()
	if err := s.Put(ctx, "webhook/verify-token", "tok-1"); err != nil {
		t.Fatalf("Put: %v", err)
	}
	got, err := awsssm.NewFromConfig(moto.Config()).GetParameter(ctx, &awsssm.GetParameterInput{
		Name: aws.String("/proplink/dev/webhook/verify-token"), WithDecryption: aws.Bool(true),
	})
	if err != nil {
		t.Fatalf("SDK GetParameter: %v", err)
	}
	if v := aws.ToString(got.Parameter.Value); v != "tok-1" {
		t.Errorf("got %q, want tok-1", v)
	}
}
