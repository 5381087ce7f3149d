package local

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// snsBridge carries what moto's SNS topics publish to queues that live on another server
// (ElasticMQ): moto delivers to its own queues only, so a queue subscription becomes an HTTP
// subscription to this bridge, which sends each notification on to its queue, as SNS would:
// the message itself with RawMessageDelivery, else SNS's JSON envelope.
type snsBridge struct {
	ln  net.Listener
	srv *http.Server
	sqs *sqs.Client
}

// notification is the part of SNS's HTTP post the bridge reads.
type notification struct {
	Type    string
	Message string
}

func newSNSBridge(sqsCfg aws.Config) (*snsBridge, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("local: sns bridge: %w", err)
	}
	b := &snsBridge{ln: ln, sqs: sqs.NewFromConfig(sqsCfg)}
	b.srv = &http.Server{Handler: http.HandlerFunc(b.serve)}
	go func() { _ = b.srv.Serve(ln) }()
	return b, nil
}

// endpoint is the HTTP endpoint that delivers to queueURL.
func (b *snsBridge) endpoint(queueURL string, raw bool) string {
	q := url.Values{"queue": {queueURL}}
	if raw {
		q.Set("raw", "true")
	}
	return "http://" + b.ln.Addr().String() + "/deliver?" + q.Encode()
}

func (b *snsBridge) serve(w http.ResponseWriter, r *http.Request) {
	queue := r.URL.Query().Get("queue")
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var n notification
	if err == nil {
		err = json.Unmarshal(body, &n)
	}
	if err != nil || queue == "" || n.Type != "Notification" {
		http.Error(w, "not an SNS notification for a queue", http.StatusBadRequest)
		return
	}
	msg := string(body)
	if r.URL.Query().Get("raw") == "true" {
		msg = n.Message
	}
	if _, err := b.sqs.SendMessage(r.Context(), &sqs.SendMessageInput{QueueUrl: aws.String(queue), MessageBody: aws.String(msg)}); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (b *snsBridge) close() error {
	if err := b.srv.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// bridged subscribes the bridge to topic for the queue named by the ARN endpoint, keeping the
// filter policy; FIFO queues take group ids SNS's HTTP posts do not carry, so they are refused.
func (c *creator) bridged(ctx context.Context, topic, endpoint string, attrs map[string]string) error {
	name := endpoint[strings.LastIndexByte(endpoint, ':')+1:]
	if strings.HasSuffix(name, ".fifo") {
		return fmt.Errorf("local: subscribe %s to %s: a FIFO queue off moto cannot take SNS deliveries", endpoint, topic)
	}
	raw := attrs["RawMessageDelivery"] == "true"
	delete(attrs, "RawMessageDelivery")
	_, err := c.sns.Subscribe(ctx, &sns.SubscribeInput{
		TopicArn: aws.String(topic), Protocol: aws.String("http"), Endpoint: aws.String(c.bridge.endpoint(c.queueURL(name), raw)),
		Attributes: attrs, ReturnSubscriptionArn: true,
	})
	if err != nil {
		return fmt.Errorf("local: subscribe %s to %s through the bridge: %w", endpoint, topic, err)
	}
	return nil
}
