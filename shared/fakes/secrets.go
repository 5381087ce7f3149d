package fakes

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/messaging"
)

// Secrets is a secret store in memory, by full parameter name. A missing secret is a
// CodeNotConfigured error, as ssm.Store answers. Not for concurrent writes.
type Secrets map[string]string

// Get returns the secret called name.
func (s Secrets) Get(_ context.Context, name string) (string, error) {
	v, ok := s[name]
	if !ok {
		return "", fmt.Errorf("fakes: no secret %s: %w", name, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured))
	}
	return v, nil
}

// Put stores a secret.
func (s Secrets) Put(_ context.Context, name, value string) error {
	s[name] = value
	return nil
}

// Delete removes secrets.
func (s Secrets) Delete(_ context.Context, names ...string) error {
	for _, n := range names {
		delete(s, n)
	}
	return nil
}
