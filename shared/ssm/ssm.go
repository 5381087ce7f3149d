// Package ssm is the secret store over SSM Parameter Store: SecureString parameters under one
// prefix (e.g. /proplink/dev), decrypted on read and cached per container for a while.
package ssm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsssm "github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/proplink/chat/shared/messaging"
)

// api is the part of the SSM client the store uses.
type api interface {
	GetParameter(ctx context.Context, in *awsssm.GetParameterInput, opts ...func(*awsssm.Options)) (*awsssm.GetParameterOutput, error)
	PutParameter(ctx context.Context, in *awsssm.PutParameterInput, opts ...func(*awsssm.Options)) (*awsssm.PutParameterOutput, error)
	DeleteParameters(ctx context.Context, in *awsssm.DeleteParametersInput, opts ...func(*awsssm.Options)) (*awsssm.DeleteParametersOutput, error)
}

// Store reads and writes secrets under a prefix. Values never appear in its errors.
//
// Requests per call: Get 1 GetParameter on a cache miss, none on a hit; Put 1 PutParameter;
// Delete 1 DeleteParameters per 10 names.
type Store struct {
	ssm    api
	prefix string
	ttl    time.Duration
	now    func() time.Time

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	value   string
	fetched time.Time
}

// New returns a store for parameters under prefix, caching each value for ttl.
func New(client *awsssm.Client, prefix string, ttl time.Duration) *Store {
	return newStore(client, prefix, ttl)
}

func newStore(c api, prefix string, ttl time.Duration) *Store {
	return &Store{ssm: c, prefix: strings.TrimRight(prefix, "/"), ttl: ttl, now: time.Now, cache: map[string]cached{}}
}

// The kinds of an organisation's WhatsApp secrets. Every secret's name ends in its kind, so a
// policy can grant one kind of every organisation ("orgs/*/app_secret").
const (
	APIToken    = "api_token"    // the provider token (Meta) or D360-API-KEY (360dialog)
	AppSecret   = "app_secret"   // the Meta app secret that signs webhooks
	VerifyToken = "verify_token" // the organisation's webhook verify token
	// PlatformToken is the bearer token of the organisation's own property platform.
	PlatformToken = "platform_token"
)

// OrgSecret names one kind of an organisation's WhatsApp secrets in revision rev (the
// settings' SecretsRev): "orgs/<org>/whatsapp/<rev>/<kind>", or "orgs/<org>/whatsapp/<kind>"
// when rev is empty. A revision's secrets are written once and never changed, so a changed
// secret is a new revision, switched to together with the settings.
func OrgSecret(orgID, rev, kind string) string {
	if rev == "" {
		return "orgs/" + orgID + "/whatsapp/" + kind
	}
	return "orgs/" + orgID + "/whatsapp/" + rev + "/" + kind
}

// path joins a name under the prefix.
func (s *Store) path(name string) string { return s.prefix + "/" + strings.TrimLeft(name, "/") }

// Get returns the decrypted value of the named secret. A missing one is an error whose code is
// messaging.CodeNotConfigured.
func (s *Store) Get(ctx context.Context, name string) (string, error) {
	p := s.path(name)
	s.mu.Lock()
	c, ok := s.cache[p]
	s.mu.Unlock()
	if ok && s.now().Sub(c.fetched) < s.ttl {
		return c.value, nil
	}
	out, err := s.ssm.GetParameter(ctx, &awsssm.GetParameterInput{Name: aws.String(p), WithDecryption: aws.Bool(true)})
	var missing *types.ParameterNotFound
	if errors.As(err, &missing) {
		return "", fmt.Errorf("ssm: get %s: %w", p, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured))
	}
	if err != nil {
		return "", fmt.Errorf("ssm: get %s: %w", p, err)
	}
	if out.Parameter == nil || out.Parameter.Value == nil {
		return "", fmt.Errorf("ssm: get %s: no value in the answer", p)
	}
	v := *out.Parameter.Value
	s.mu.Lock()
	s.cache[p] = cached{value: v, fetched: s.now()}
	s.mu.Unlock()
	return v, nil
}

// Put stores the value as a SecureString, replacing any previous one, and drops it from the
// cache.
func (s *Store) Put(ctx context.Context, name, value string) error {
	p := s.path(name)
	_, err := s.ssm.PutParameter(ctx, &awsssm.PutParameterInput{
		Name: aws.String(p), Value: aws.String(value), Type: types.ParameterTypeSecureString, Overwrite: aws.Bool(true),
	})
	s.mu.Lock()
	delete(s.cache, p)
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("ssm: put %s: %w", p, scrub(err, value))
	}
	return nil
}

// Delete removes the named secrets; names already gone are no error.
func (s *Store) Delete(ctx context.Context, names ...string) error {
	paths := make([]string, len(names))
	for i, n := range names {
		paths[i] = s.path(n)
	}
	s.mu.Lock()
	for _, p := range paths {
		delete(s.cache, p)
	}
	s.mu.Unlock()
	for len(paths) > 0 {
		batch := paths[:min(10, len(paths))]
		paths = paths[len(batch):]
		if _, err := s.ssm.DeleteParameters(ctx, &awsssm.DeleteParametersInput{Names: batch}); err != nil {
			return fmt.Errorf("ssm: delete %s: %w", strings.Join(batch, ", "), err)
		}
	}
	return nil
}

// scrub keeps a secret out of an error, in case a service echoes the request back.
func scrub(err error, secret string) error {
	if secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), secret, "[redacted]"))
}
