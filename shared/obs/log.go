// Package obs is the product's observability: JSON logs through log/slog with the request, org
// and message ids on every line and phone numbers masked, and CloudWatch Embedded Metric Format
// metrics.
package obs

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/proplink/chat/shared/messaging"
)

// NewLogger returns a JSON logger to w at the level named by LOG_LEVEL (INFO by default; AWS's
// AWS_LAMBDA_LOG_LEVEL wins when set). Attributes whose key ends in "phone" or equals
// "recipient" are masked.
func NewLogger(w io.Writer, function string) *slog.Logger {
	level := slog.LevelInfo
	for _, v := range []string{os.Getenv("LOG_LEVEL"), os.Getenv("AWS_LAMBDA_LOG_LEVEL")} {
		if v != "" {
			_ = level.UnmarshalText([]byte(v))
		}
	}
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: maskAttr})
	return slog.New(h).With("function", function)
}

func maskAttr(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindString && (strings.HasSuffix(a.Key, "phone") || a.Key == "recipient" || a.Key == "from") {
		return slog.String(a.Key, messaging.MaskPhone(a.Value.String()))
	}
	return a
}

type loggerKey struct{}

// WithLogger returns ctx carrying l.
func WithLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, l)
}

// Logger returns the logger ctx carries, with the Lambda request id when there is one, or the
// default logger.
func Logger(ctx context.Context) *slog.Logger {
	l, ok := ctx.Value(loggerKey{}).(*slog.Logger)
	if !ok {
		l = slog.Default()
	}
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		l = l.With("request_id", lc.AwsRequestID)
	}
	return l
}
