// Package ssm is the secret store over SSM Parameter Store: SecureString parameters under one
// prefix (e.g. /proplink/dev), decrypted on read and cached per container for a while. It calls
// SSM through its own small client (Client: GetParameter, PutParameter, DeleteParameters over
// the service's JSON protocol) rather than the SDK's, whose schemas cost every cold start.
package ssm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/proplink/chat/shared/messaging"
)

// api is the part of SSM the store uses.
type api interface {
	// GetParameter returns the decrypted value; a missing parameter is SSM's ParameterNotFound.
	GetParameter(ctx context.Context, name string) (string, error)
	// PutParameter stores value as a SecureString, replacing any previous one.
	PutParameter(ctx context.Context, name, value string) error
	// DeleteParameters removes up to 10 parameters; names already gone are no error.
	DeleteParameters(ctx context.Context, names []string) error
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

// New returns a store for parameters under prefix, caching each value for ttl, that calls SSM
// with cfg (see NewClient; the endpoint may be overridden by AWS_ENDPOINT_URL_SSM).
func New(cfg aws.Config, prefix string, ttl time.Duration) *Store {
	return newStore(NewClient(cfg, os.Getenv), prefix, ttl)
}

func newStore(c api, prefix string, ttl time.Duration) *Store {
	return &Store{ssm: c, prefix: strings.TrimRight(prefix, "/"), ttl: ttl, now: time.Now, cache: map[string]cached{}}
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
	v, err := s.ssm.GetParameter(ctx, p)
	if isNotFound(err) {
		return "", fmt.Errorf("ssm: get %s: %w", p, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured))
	}
	if err != nil {
		return "", fmt.Errorf("ssm: get %s: %w", p, err)
	}
	s.mu.Lock()
	s.cache[p] = cached{value: v, fetched: s.now()}
	s.mu.Unlock()
	return v, nil
}

// Put stores the value as a SecureString, replacing any previous one, and drops it from the
// cache.
func (s *Store) Put(ctx context.Context, name, value string) error {
	p := s.path(name)
	err := s.ssm.PutParameter(ctx, p, value)
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
		if err := s.ssm.DeleteParameters(ctx, batch); err != nil {
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
