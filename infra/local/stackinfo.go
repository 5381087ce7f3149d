package local

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// APIURL is the HTTP API's base URL, e.g. http://127.0.0.1:3000 (empty without an API).
func (s *Stack) APIURL() string {
	if s.apiLn == nil {
		return ""
	}
	return "http://" + s.apiLn.Addr().String()
}

// MotoURL is moto's own endpoint (requests there are not counted).
func (s *Stack) MotoURL() string { return s.motoURL }

// SQSURL is the queues' own endpoint: moto's, or ElasticMQ's with Options.SQS "elasticmq"
// (requests there are not counted).
func (s *Stack) SQSURL() string { return s.sqsURL }

// AWSConfig is an AWS config aimed at moto through the counting proxy; S3 clients need
// UsePathStyle.
func (s *Stack) AWSConfig() aws.Config { return staticConfig(s.counter.URL()) }

// Resource is what !Ref gives for a logical id: table name, queue URL, bucket name, function name;
// empty for unknown or disabled resources.
func (s *Stack) Resource(logicalID string) string {
	v, ok, err := s.plan.ref(logicalID)
	if !ok || err != nil {
		return ""
	}
	return v
}

// Routes lists the HTTP API routes the template declares, sorted by path.
func (s *Stack) Routes() []Route { return append([]Route(nil), s.routes...) }

// Counts returns how many AWS requests of each kind ("dynamodb:PutItem", "sqs:SendMessage",
// "s3:PutObject", ...) went through the counting proxy since Start or ResetCounts.
func (s *Stack) Counts() map[string]int { return s.counter.snapshot() }

// ResetCounts sets every count back to zero.
func (s *Stack) ResetCounts() { s.counter.reset() }

// Latencies summarises the durations the runner measured since Start or ResetLatencies, by
// name: "<function> api" (an HTTP API request, end to end), "<function> wait" (an invocation
// waiting for a free instance), "<function> run" (the instance handling it), "<function> init"
// (a process's cold start, from exec to its first Runtime API /next), "<service>:<operation>"
// (a function's AWS request, round trip through the counting proxy) and "poller sqs:<operation>"
// (the SQS event sources' own receives, long polls included, and deletes).
func (s *Stack) Latencies() map[string]Latency { return s.lat.summary() }

// ResetLatencies forgets every duration measured so far.
func (s *Stack) ResetLatencies() { s.lat.reset() }

// Scale reports how many processes a running function has now and the most it had at once
// since Start, and the same for the pollers of its SQS event sources (zero without one).
func (s *Stack) Scale(logicalID string) Scale {
	var sc Scale
	if f, ok := s.funcs[logicalID]; ok {
		sc.Instances, sc.PeakInstances = f.size()
	}
	for _, g := range s.pollers {
		if g.src.function == logicalID {
			now, peak := g.size()
			sc.Pollers += now
			sc.PeakPollers += peak
		}
	}
	return sc
}

// Scale is a function's instance and poller counts, now and at their peak since Start.
type Scale struct {
	Instances, PeakInstances int
	Pollers, PeakPollers     int
}

// Invoke runs one event through a function, as `aws lambda invoke` would; a failed invocation
// returns a *FunctionError.
func (s *Stack) Invoke(ctx context.Context, logicalID string, payload []byte) ([]byte, error) {
	f, ok := s.funcs[logicalID]
	if !ok {
		return nil, fmt.Errorf("local: invoke %s: no such running function", logicalID)
	}
	start := time.Now()
	out, err := f.invoke(ctx, payload)
	status := "ok"
	if err != nil {
		status = "error: " + err.Error()
	}
	s.logf("%s %s invoke %s %s", start.UTC().Format(time.RFC3339), logicalID, status, time.Since(start).Round(time.Millisecond))
	return out, err
}

// Idle waits until every SQS event-source queue is empty (visible, in flight and delayed) and no
// function is running, or ctx ends.
func (s *Stack) Idle(ctx context.Context) error {
	client := sqs.NewFromConfig(s.sqsDirect)
	quiet := 0
	for {
		busy, err := s.busy(ctx, client)
		if err != nil {
			return err
		}
		if busy {
			quiet = 0
		} else if quiet++; quiet >= 2 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("local: idle: %w", ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (s *Stack) busy(ctx context.Context, client *sqs.Client) (bool, error) {
	if s.active.Load() > 0 {
		return true, nil
	}
	for _, src := range s.sources {
		out, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
			QueueUrl: aws.String(src.queueURL),
			AttributeNames: []sqstypes.QueueAttributeName{
				sqstypes.QueueAttributeNameApproximateNumberOfMessages,
				sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
				sqstypes.QueueAttributeNameApproximateNumberOfMessagesDelayed,
			},
		})
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return false, fmt.Errorf("local: idle: %w", err)
			}
			return false, fmt.Errorf("local: idle: queue %s: %w", src.queueURL, err)
		}
		for _, v := range out.Attributes {
			if v != "0" {
				return true, nil
			}
		}
	}
	return false, nil
}

func (s *Stack) logf(format string, args ...any) {
	s.sink.line("", fmt.Sprintf(format, args...))
}

// writeJSON answers with a JSON body.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
