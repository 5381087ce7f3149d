//go:build e2e

// Package e2e drives the whole product as a platform and a provider would: the local runner
// plays Lambda, API Gateway and SQS from template.yaml against moto, and the provider simulator
// plays Meta. Tests assert what callers saw, what the simulator received and what DynamoDB
// holds.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/api/openapi"
	"github.com/proplink/chat/shared/bedrock"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/eventdelivery"
	"github.com/proplink/chat/shared/eventgate"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/sqsq"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp/socialmessaging"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

// env is the running product, shared by every test of the package.
type env struct {
	stack  *local.Stack
	sim    *simulator.Simulator
	simURL string // the simulator's base URL
	store  *dynamo.Store
	sqs    *awssqs.Client
	spec   *openapi.Spec
	demo   admin.Demo
}

var e *env

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	ctx := context.Background()
	root, err := motoserver.ModuleRoot()
	if err != nil {
		return 0, err
	}
	accounts := append([]simulator.Account{{
		PhoneNumberID: admin.DemoPhoneNumberID, WABAID: admin.DemoWABAID, Token: admin.DemoProviderToken,
	}}, slices.Concat(settingsAccounts, dialog360Accounts, twilioAccounts, providerAccounts, socialAccounts)...)
	// A number can be connected to one organisation only: two tests sharing one would refuse
	// each other depending on the order they run in.
	seen := map[string]bool{}
	for _, a := range accounts {
		if seen[a.PhoneNumberID] {
			return 0, fmt.Errorf("the simulator number %s is declared twice among the tests' accounts", a.PhoneNumberID)
		}
		seen[a.PhoneNumberID] = true
	}
	sim := simulator.New(simulator.Options{Accounts: accounts, AppSecret: admin.DemoAppSecret,
		// Status webhooks only for sends a test scripts (sim.ScriptStatuses{To: phone}), so the
		// send tests' case notes stay where the send left them.
		StatusDelay: -1})
	simURL, err := sim.Start("127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer sim.Close()
	logf, err := os.Create(root + "/.local/e2e.log")
	if err != nil {
		_ = os.MkdirAll(root+"/.local", 0o755)
		if logf, err = os.Create(root + "/.local/e2e.log"); err != nil {
			return 0, err
		}
	}
	defer logf.Close()
	stack, err := local.Start(ctx, local.Options{Root: root, APIAddr: "127.0.0.1:0", Instances: 2, Log: logf, StackFile: "-",
		// The careful AI layer on for the deployment, at the simulator's Converse stand-in
		// (each organisation still has it off until a test switches it on).
		Parameters: map[string]string{"Stage": lambdaenv.LocalStage, "AssistantAIEnabled": "true"},
		// Sends of unknown outcome wait seconds, not minutes, for their status.
		Env: map[string]string{sending.UnknownWaitEnv: unknownWait.String(),
			// Platform event retries wait a second, then two, four, ...: an outage test takes seconds.
			eventdelivery.RetryBaseEnv: "1s",
			// The emitting functions see a new or deleted endpoint within gateTTL.
			eventgate.EnvTTL: gateTTL.String(),
			// Twilio calls back the public URL; the simulator plays its host (see twilio_test).
			twilio.PublicURLEnv: twilioPublicURL, bedrock.EndpointEnv: simURL,
			// End User Messaging Social is played by the simulator (see social_test).
			socialmessaging.EndpointEnv: simURL}})
	if err != nil {
		return 0, err
	}
	defer stack.Close()
	police(stack)
	sim.SetWebhookURL(stack.APIURL() + "/webhooks/meta")
	pointDialog360Webhooks(stack.APIURL())
	pointTwilioWebhooks(stack.APIURL())
	pointProviderWebhooks(stack.APIURL())
	pointSocialEvents(sim, stack)
	cfg := stack.AWSConfig()
	store := dynamo.New(ddb.NewFromConfig(cfg), stack.Resource("Table"))
	secrets := ssm.New(cfg, "/proplink/"+lambdaenv.LocalStage, 0)
	demo, err := admin.SeedDemo(ctx, store, secrets, simURL, sim.Templates(), time.Now())
	if err != nil {
		return 0, err
	}
	if err := admin.SeedProperty(ctx, store, time.Now()); err != nil {
		return 0, err
	}
	if err := admin.SeedWebhookVerifyToken(ctx, secrets, admin.DemoWebhookVerifyToken); err != nil {
		return 0, err
	}
	spec, err := openapi.Load()
	if err != nil {
		return 0, err
	}
	for kind, v := range map[string]string{"provider token": demo.ProviderToken, "app secret": demo.AppSecret,
		"verify token": demo.VerifyToken, "API token": demo.StaffToken, "phone number": demo.ResidentPhone, "contractor phone": demo.ContractorPhone} {
		watch(kind, v)
	}
	e = &env{stack: stack, sim: sim, simURL: simURL, store: store, sqs: awssqs.NewFromConfig(cfg), spec: spec, demo: demo}
	code := m.Run()
	// Every function may call only what its template policy allows: moto checks no IAM, so a
	// missing permission would otherwise pass every test and fail only in AWS.
	violations, err := checkPolicies(os.Stderr)
	if err != nil {
		return 0, err
	}
	if violations > 0 {
		fmt.Fprintf(os.Stderr, "e2e: FAIL: %d kinds of AWS call not allowed by template.yaml's policies\n", violations)
		if code == 0 {
			code = 1
		}
	}
	// No log line of the whole run carries a secret or an unmasked phone number.
	stack.Close()
	leaks, err := scanLogs(root+"/.local/e2e.log", os.Stderr)
	if err != nil {
		return 0, err
	}
	if leaks > 0 {
		fmt.Fprintf(os.Stderr, "e2e: FAIL: %d log lines carry a secret or an unmasked phone number\n", leaks)
		if code == 0 {
			code = 1
		}
	}
	return code, nil
}

// reply is what a caller saw.
type reply struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    string
}

// call makes an HTTP request to the API; the request must match the OpenAPI document and the
// answer is checked against it.
func call(t *testing.T, method, path, token, body string, headers ...string) reply {
	t.Helper()
	return exchange(t, true, method, path, token, body, headers...)
}

// callInvalid makes a request that the OpenAPI document refuses, to prove the API refuses it
// too: the request must fail the document's check, and the answer is checked against it.
func callInvalid(t *testing.T, method, path, token, body string, headers ...string) reply {
	t.Helper()
	return exchange(t, false, method, path, token, body, headers...)
}

// exchange makes an HTTP request to the API and checks the request (valid as the caller says)
// and the answer against the OpenAPI document with its validator. Paths the document does not
// describe (webhooks, local routes) are not checked.
func exchange(t *testing.T, valid bool, method, path, token, body string, headers ...string) reply {
	t.Helper()
	req, err := http.NewRequest(method, e.stack.APIURL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	reqErr := e.spec.CheckRequest(req, []byte(body))
	documented := !errors.Is(reqErr, openapi.ErrUndocumented)
	switch {
	case !documented:
	case valid && reqErr != nil:
		t.Errorf("request does not match the OpenAPI document: %v", reqErr)
	case !valid && reqErr == nil:
		t.Errorf("request marked invalid matches the OpenAPI document: %s %s %s", method, path, body)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{Status: resp.StatusCode, Header: resp.Header, Raw: string(raw)}
	_ = json.Unmarshal(raw, &r.Body)
	if documented {
		if err := e.spec.CheckResponse(req, resp.StatusCode, resp.Header, raw); err != nil {
			t.Errorf("answer does not match the OpenAPI document: %v\nbody: %s", err, raw)
		}
	}
	return r
}

var phoneSeq atomic.Int64

// newPhone returns a recipient no other test uses, so pair pacing never links two tests.
func newPhone() string {
	p := fmt.Sprintf("+4477009%05d", 10000+phoneSeq.Add(1))
	watch("phone number", p)
	return p
}

// mint returns a token for a new user of org with perms.
func mint(t testing.TB, org string, perms ...string) string {
	t.Helper()
	tok, err := admin.MintToken(context.Background(), e.store, messaging.Principal{
		OrgID: org, UserID: fmt.Sprintf("u-%d", time.Now().UnixNano()), Name: "Test User", Permissions: perms,
	}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	watch("API token", tok)
	return tok
}

// sendBody is a send request body.
func sendBody(jobID int64, phone string, templateID int) string {
	return fmt.Sprintf(`{"job_id": %d, "phone_number": %q, "template_id": %d}`, jobID, phone, templateID)
}

// eventually polls cond until it holds or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s", timeout, what)
}

// sentTo returns the simulator's accepted sends to phone (E.164).
func sentTo(phone string) []simulator.SentMessage {
	var out []simulator.SentMessage
	for _, m := range e.sim.Sent() {
		if m.To == messaging.WAID(phone) {
			out = append(out, m)
		}
	}
	return out
}

// noteByID reads one case note of a job from DynamoDB.
func noteByID(t *testing.T, jobID int64, id string) (messaging.CaseNote, bool) {
	t.Helper()
	notes, _, err := e.store.ListCaseNotes(context.Background(), e.demo.OrgID, jobID, 200, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notes {
		if n.ID == id {
			return n, true
		}
	}
	return messaging.CaseNote{}, false
}

// notesTo returns the job's case notes to a recipient.
func notesTo(t *testing.T, jobID int64, phone string) []messaging.CaseNote {
	t.Helper()
	notes, _, err := e.store.ListCaseNotes(context.Background(), e.demo.OrgID, jobID, 200, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []messaging.CaseNote
	for _, n := range notes {
		if n.Recipient == phone {
			out = append(out, n)
		}
	}
	return out
}

// enqueue puts an outbound message on the outbound queue as the API would, with a chosen
// deduplication id (a new one plays a redelivery that FIFO deduplication would not catch).
func enqueue(t *testing.T, m messaging.OutboundMessage, dedup string) {
	t.Helper()
	q := sqsq.New(sqsq.NewClient(e.stack.AWSConfig(), func(string) string { return "" }), e.stack.Resource("OutboundQueue"))
	if err := q.Send(context.Background(), messaging.QueueMessage{Body: m, GroupID: m.GroupKey(e.demo.PhoneNumberID), DeduplicationID: dedup}); err != nil {
		t.Fatal(err)
	}
}

func mustJSON(v any) string {
	var b bytes.Buffer
	_ = json.NewEncoder(&b).Encode(v)
	return b.String()
}
