package webhook

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// The fixtures' numbers and the organisations the fakes give them.
const (
	phoneA, orgA, secretA = "106540352242922", "org-a", "secret-a"
	phoneB, orgB, secretB = "301122334455667", "org-b", "secret-b"
	wabaA                 = "102290129340398"
	verifyToken           = "verify-me"
)

// fakeLookup maps ids to organisations (and their secrets revisions) and counts lookups.
type fakeLookup struct {
	mu    sync.Mutex
	orgs  map[string]string
	revs  map[string]string // organisation -> secrets revision ("" when absent)
	calls int
	err   error
}

func (f *fakeLookup) find(id string) (messaging.Route, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.err != nil {
		return messaging.Route{}, f.err
	}
	if org, ok := f.orgs[id]; ok {
		return messaging.Route{OrgID: org, SecretsRev: f.revs[org]}, nil
	}
	return messaging.Route{}, messaging.Errorf(messaging.CodeNotFound, "No organisation uses this WhatsApp number")
}

func (f *fakeLookup) RouteByPhoneNumberID(_ context.Context, id string) (messaging.Route, error) {
	return f.find(id)
}
func (f *fakeLookup) RouteByWABAID(_ context.Context, id string) (messaging.Route, error) {
	return f.find(id)
}

// inbound returns the events put on the inbound queue, read back as the inbound function
// reads them.
func (r *rig) inbound() []whatsapp.Inbound {
	var out []whatsapp.Inbound
	for _, m := range r.queue.Sent() {
		var in whatsapp.Inbound
		if err := json.Unmarshal(sentBody(m), &in); err != nil {
			panic(fmt.Sprintf("inbound queue body %s: %v", sentBody(m), err))
		}
		out = append(out, in)
	}
	return out
}

// sentBody is a message's body as the queue adapter sends it (messaging.QueueMessage: a
// json.RawMessage as it is, anything else by json.Marshal).
func sentBody(m messaging.QueueMessage) []byte {
	if raw, ok := m.Body.(json.RawMessage); ok {
		return raw
	}
	b, err := json.Marshal(m.Body)
	if err != nil {
		panic(err)
	}
	return b
}

// rig is a Service over fakes.
type rig struct {
	svc     *Service
	phones  *fakeLookup
	secrets fakes.Secrets
	queue   *fakes.Queue[messaging.QueueMessage]
	metrics *fakes.Metrics
}

var fixedNow = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func newRig(t testing.TB) *rig {
	t.Helper()
	r := &rig{
		phones: &fakeLookup{orgs: map[string]string{phoneA: orgA, phoneB: orgB}},
		secrets: fakes.Secrets{
			VerifyTokenName: verifyToken,
			messaging.OrgSecret(orgA, "", messaging.SecretAppSecret): secretA,
			messaging.OrgSecret(orgB, "", messaging.SecretAppSecret): secretB,
		},
		queue: &fakes.Queue[messaging.QueueMessage]{Body: func(m messaging.QueueMessage) any { return m.Body }}, metrics: &fakes.Metrics{},
	}
	svc, err := New(Config{Phones: r.phones, Secrets: r.secrets, Queue: r.queue, Metrics: r.metrics,
		Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	r.svc = svc
	return r
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// post is an API Gateway POST of body to path with headers (name, value pairs).
func post(path string, body []byte, headers ...string) apigw.Request {
	r := apigw.Request{RawPath: path, Body: string(body), Headers: map[string]string{"content-type": "application/json"}}
	r.RequestContext = events.APIGatewayV2HTTPRequestContext{HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "POST", Path: path}}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Headers[headers[i]] = headers[i+1]
	}
	return r
}

// signed is a POST to /webhooks/meta signed with secret.
func signed(body []byte, secret string) apigw.Request {
	return post("/webhooks/meta", body, "x-hub-signature-256", meta.Sign([]byte(secret), body))
}

// base64Post is r with its body base64-encoded, as API Gateway sends non-text content types.
func base64Post(r apigw.Request) apigw.Request {
	r.Body = base64.StdEncoding.EncodeToString([]byte(r.Body))
	r.IsBase64Encoded = true
	return r
}

var errQueueDown = errors.New("sqs: service unavailable")
