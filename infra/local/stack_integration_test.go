//go:build integration

package local

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/proplink/chat/infra/motoserver"
)

var (
	testStackOnce sync.Once
	testStack     *Stack
	testStackErr  error
)

// mustStack starts the testdata stack once for all tests in this file.
func mustStack(t *testing.T) *Stack {
	t.Helper()
	testStackOnce.Do(func() {
		root, err := motoserver.ModuleRoot()
		if err != nil {
			testStackErr = err
			return
		}
		testStack, testStackErr = Start(context.Background(), Options{
			Root:         root,
			TemplatePath: filepath.Join(root, "infra/local/testdata/stack/template.yaml"),
			StackName:    "localtest",
			APIAddr:      "127.0.0.1:0",
			BuildDir:     filepath.Join(root, ".local", "test-build"), // per checkout: worktrees build different code
			StackFile:    "-",
			Log:          &syncBuffer{},
			IdleTimeout:  time.Second,
			// LOCAL_SQS=elasticmq runs every queue test against ElasticMQ (make test-elasticmq).
			SQS: os.Getenv("LOCAL_SQS"),
		})
	})
	if testStackErr != nil {
		t.Fatalf("start stack: %v", testStackErr)
	}
	return testStack
}

func TestMain(m *testing.M) {
	code := m.Run()
	if testStack != nil {
		_ = testStack.Close()
	}
	os.Exit(code)
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func TestHTTPEcho(t *testing.T) {
	s := mustStack(t)
	req, _ := http.NewRequest(http.MethodPost, s.APIURL()+"/items/a%20b?x=1&x=2&y=z", bytes.NewReader([]byte{0xff, 0x00, 0x01}))
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Add("X-Multi", "one")
	req.Header.Add("X-Multi", "two")
	req.Header.Set("Cookie", "c1=v1; c2=v2")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	var ev httpEvent
	if err := json.NewDecoder(resp.Body).Decode(&ev); err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"routeKey", ev.RouteKey, "POST /items/{id}"},
		{"path param", ev.PathParameters["id"], "a b"},
		{"query", ev.QueryStringParameters["x"], "1,2"},
		{"rawQuery", ev.RawQueryString, "x=1&x=2&y=z"},
		{"header", ev.Headers["x-multi"], "one,two"},
		{"cookies", strings.Join(ev.Cookies, "|"), "c1=v1|c2=v2"},
		{"body", ev.Body, base64.StdEncoding.EncodeToString([]byte{0xff, 0x00, 0x01})},
		{"stage", ev.RequestContext.Stage, "$default"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if !ev.IsBase64Encoded {
		t.Errorf("isBase64Encoded = false, want true")
	}
}

func TestHTTPAnswers(t *testing.T) {
	s := mustStack(t)
	tests := []struct {
		name, method, path string
		wantStatus         int
		wantBody           string
		wantHeader         string
	}{
		{"plain JSON inferred", "GET", "/plain", 200, `{"hello":"world"}`, "application/json"},
		{"binary with cookies", "GET", "/binary", 201, "\x00\x01\x02\xff", "application/octet-stream"},
		{"function error", "GET", "/boom", 500, `{"message":"Internal Server Error"}`, "application/json"},
		{"no route", "GET", "/nope", 404, `{"message":"Not Found"}`, "application/json"},
		{"wrong method", "GET", "/items/1", 404, `{"message":"Not Found"}`, "application/json"},
		{"greedy", "DELETE", "/files/a/b", 200, "", "application/json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, s.APIURL()+tc.path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tc.wantStatus)
			}
			if tc.wantBody != "" && string(body) != tc.wantBody {
				t.Errorf("body = %q, want %q", body, tc.wantBody)
			}
			if got := resp.Header.Get("Content-Type"); got != tc.wantHeader {
				t.Errorf("content-type = %q, want %q", got, tc.wantHeader)
			}
		})
	}
	resp, err := http.Get(s.APIURL() + "/binary")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Values("Set-Cookie"); strings.Join(got, "|") != "a=1|b=2" {
		t.Errorf("set-cookie = %v, want [a=1 b=2]", got)
	}
}

func TestSQSPartialBatchAndRedrive(t *testing.T) {
	s := mustStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	cfg := s.AWSConfig()
	q := sqs.NewFromConfig(cfg)
	s.ResetCounts()
	for _, body := range []string{"ok-1", "ok-2", "please-fail"} {
		if _, err := q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(s.Resource("WorkQueue")), MessageBody: aws.String(body)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Idle(ctx); err != nil {
		t.Fatal(err)
	}
	db := dynamodb.NewFromConfig(cfg)
	for _, body := range []string{"ok-1", "ok-2"} {
		out, err := db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(s.Resource("Table")),
			KeyConditionExpression:    aws.String("PK = :pk"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "MSG#" + body}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Items) != 1 {
			t.Errorf("%s stored %d times, want once", body, len(out.Items))
		}
	}
	dlq, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(s.Resource("WorkDLQ")), MaxNumberOfMessages: 10})
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, m := range dlq.Messages {
		bodies = append(bodies, aws.ToString(m.Body))
	}
	if strings.Join(bodies, ",") != "please-fail" {
		t.Errorf("DLQ holds %v, want [please-fail]", bodies)
	}
	counts := s.Counts()
	if counts["sqs:SendMessage"] != 3 {
		t.Errorf("sqs:SendMessage = %d, want 3 (counts %v)", counts["sqs:SendMessage"], counts)
	}
	if counts["dynamodb:PutItem"] != 2 {
		t.Errorf("dynamodb:PutItem = %d, want 2 (counts %v)", counts["dynamodb:PutItem"], counts)
	}
}

func TestSQSFifo(t *testing.T) {
	s := mustStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	q := sqs.NewFromConfig(s.AWSConfig())
	for _, body := range []string{"f-1", "f-2", "f-3"} {
		_, err := q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(s.Resource("OrderedQueue")), MessageBody: aws.String(body), MessageGroupId: aws.String("g1")})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Idle(ctx); err != nil {
		t.Fatal(err)
	}
	db := dynamodb.NewFromConfig(s.AWSConfig())
	for _, body := range []string{"f-1", "f-2", "f-3"} {
		out, err := db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(s.Resource("Table")),
			KeyConditionExpression:    aws.String("PK = :pk"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "MSG#" + body}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Items) != 1 {
			t.Fatalf("%s stored %d times, want once", body, len(out.Items))
		}
		if g := out.Items[0]["group"].(*types.AttributeValueMemberS).Value; g != "g1" {
			t.Errorf("%s MessageGroupId = %q, want g1", body, g)
		}
	}
}

func TestScheduleAndTimeout(t *testing.T) {
	s := mustStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.FireSchedule(ctx, "TickFunction"); err != nil {
		t.Fatalf("fire schedule: %v", err)
	}
	out, err := s.Invoke(ctx, "TickFunction", []byte(`{"detail-type":"probe"}`))
	if err != nil {
		t.Fatal(err)
	}
	var first struct {
		PID   int    `json:"pid"`
		Stage string `json:"stage"`
	}
	_ = json.Unmarshal(out, &first)
	if first.Stage != "test" {
		t.Errorf("STAGE = %q, want test", first.Stage)
	}
	_, err = s.Invoke(ctx, "TickFunction", []byte(`{"sleepMs":3000}`))
	var fe *FunctionError
	if !errors.As(err, &fe) || fe.Type != "Sandbox.Timedout" {
		t.Fatalf("slow invoke error = %v, want Sandbox.Timedout", err)
	}
	out, err = s.Invoke(ctx, "TickFunction", []byte(`{}`))
	if err != nil {
		t.Fatalf("invoke after timeout: %v", err)
	}
	var after struct {
		PID int `json:"pid"`
	}
	_ = json.Unmarshal(out, &after)
	if after.PID == first.PID {
		t.Errorf("pid after timeout = %d, want a new process", after.PID)
	}
	resp, err := http.Post(s.APIURL()+"/_local/schedules/TickFunction", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("POST /_local/schedules/TickFunction = %d, want 204", resp.StatusCode)
	}
	db := dynamodb.NewFromConfig(s.AWSConfig())
	got, err := db.Query(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.Resource("Table")),
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "TICK"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	scheduled := 0
	for _, it := range got.Items {
		if strings.Contains(it["ev"].(*types.AttributeValueMemberS).Value, `"detail-type":"Scheduled Event"`) {
			scheduled++
		}
	}
	if scheduled != 2 {
		t.Errorf("scheduled events stored = %d, want 2", scheduled)
	}
}

func TestResourcesCreated(t *testing.T) {
	s := mustStack(t)
	ctx := context.Background()
	if got, want := s.Resource("WorkQueue"), s.SQSURL()+"/123456789012/localtest-WorkQueue"; got != want {
		t.Errorf("Resource(WorkQueue) = %q, want %q", got, want)
	}
	if got := s.Resource("OrderedQueue"); !strings.HasSuffix(got, "localtest-OrderedQueue.fifo") {
		t.Errorf("Resource(OrderedQueue) = %q, want a .fifo queue", got)
	}
	c := s3.NewFromConfig(s.AWSConfig(), func(o *s3.Options) { o.UsePathStyle = true })
	v, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(s.Resource("Files"))})
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != "Enabled" {
		t.Errorf("bucket versioning = %q, want Enabled", v.Status)
	}
	db := dynamodb.NewFromConfig(s.AWSConfig())
	ttl, err := db.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(s.Resource("Table"))})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(ttl.TimeToLiveDescription.AttributeName) != "expires_at" {
		t.Errorf("TTL attribute = %q, want expires_at", aws.ToString(ttl.TimeToLiveDescription.AttributeName))
	}
}
