package providers

import (
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/whatsapp/meta"
	"github.com/proplink/chat/shared/whatsapp/socialmessaging"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

// New builds the Mux a function sends through: every adapter over one egress client (one
// connection pool, built once at cold start) for the stage, with timeout per call. Meta's
// Graph version and Twilio's status callback URL come from the environment the template sets.
func New(cfg aws.Config, stage, graphVersion string, timeout time.Duration) Mux {
	hc := egress.New(egress.Config{Stage: stage, Timeout: timeout})
	return Mux{
		Meta:   meta.New(hc, graphVersion),
		Twilio: twilio.New(hc, twilio.StatusCallbackURL(os.Getenv(twilio.PublicURLEnv))),
		Social: socialmessaging.FromConfig(cfg, hc, os.Getenv),
	}
}
