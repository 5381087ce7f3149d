package bedrock

import (
	"context"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
)

// EndpointEnv names the variable that points the client at another endpoint (the SDK's own
// name for the service; the simulator's URL locally).
const EndpointEnv = "AWS_ENDPOINT_URL_BEDROCK_RUNTIME"

// converser is the one Bedrock Runtime call the layer makes.
type converser interface {
	Converse(ctx context.Context, in *bedrockruntime.ConverseInput, opts ...func(*bedrockruntime.Options)) (*bedrockruntime.ConverseOutput, error)
}

var _ converser = (*bedrockruntime.Client)(nil)

// Lazy is a Bedrock Runtime client built on its first call, so a function whose organisations
// never reach the layer does not pay for it at cold start. It is safe for concurrent use.
type Lazy struct {
	cfg      aws.Config
	region   string
	endpoint string

	once   sync.Once
	client *bedrockruntime.Client
}

var _ converser = (*Lazy)(nil)

// NewLazy returns a client calling Bedrock in region (cfg's region when empty) with cfg's
// credentials, at endpoint when it is not empty (the simulator locally).
func NewLazy(cfg aws.Config, region, endpoint string) *Lazy {
	return &Lazy{cfg: cfg, region: region, endpoint: strings.TrimRight(endpoint, "/")}
}

// Converse calls the Converse API, building the client first if needed. Throttling is retried
// once at most: a turn waits for no more.
func (l *Lazy) Converse(ctx context.Context, in *bedrockruntime.ConverseInput, opts ...func(*bedrockruntime.Options)) (*bedrockruntime.ConverseOutput, error) {
	l.once.Do(func() {
		l.client = bedrockruntime.NewFromConfig(l.cfg, func(o *bedrockruntime.Options) {
			if l.region != "" {
				o.Region = l.region
			}
			if l.endpoint != "" {
				o.BaseEndpoint = aws.String(l.endpoint)
			}
			o.RetryMaxAttempts = 2
		})
	})
	return l.client.Converse(ctx, in, opts...)
}
