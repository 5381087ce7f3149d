package admin

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/webhook"
)

// DemoWebhookVerifyToken is the dev stage's webhook verify token (the Meta app's "Verify token").
const DemoWebhookVerifyToken = DemoVerifyToken

// SeedWebhookVerifyToken stores the stage-wide token that Meta's webhook subscription challenge
// must present (webhook.VerifyTokenName under the stage's SSM prefix).
func SeedWebhookVerifyToken(ctx context.Context, secrets SecretWriter, token string) error {
	if token == "" {
		return fmt.Errorf("admin: the webhook verify token must not be empty")
	}
	if err := secrets.Put(ctx, webhook.VerifyTokenName, token); err != nil {
		return fmt.Errorf("admin: seed webhook verify token: %w", err)
	}
	return nil
}
