package local

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// signed builds a request as an SDK client signing with key would send it.
func signed(method, target, key, service, amzTarget string) *http.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(""))
	if key != "" {
		r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+key+"/20250101/eu-west-2/"+service+"/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc")
	}
	if amzTarget != "" {
		r.Header.Set("X-Amz-Target", amzTarget)
	}
	return r
}

func TestAccessKey(t *testing.T) {
	tests := []struct {
		name string
		req  *http.Request
		want string
	}{
		{"authorization header", signed("POST", "http://proxy/", "AKIDApiFunction", "dynamodb", "DynamoDB_20120810.PutItem"), "AKIDApiFunction"},
		{"test client", signed("POST", "http://proxy/", "testing", "sqs", "AmazonSQS.SendMessage"), "testing"},
		{"presigned url", httptest.NewRequest("GET", "http://proxy/bucket/orgs/a.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDApiFunction%2F20250101%2Feu-west-2%2Fs3%2Faws4_request&X-Amz-Signature=abc", nil), "AKIDApiFunction"},
		{"unsigned", httptest.NewRequest("GET", "http://proxy/bucket/key", nil), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := accessKey(tt.req); got != tt.want {
				t.Errorf("accessKey = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClassifyVersionedS3(t *testing.T) {
	const host = "proxy:1"
	tests := []struct {
		method, target, want string
	}{
		{"DELETE", "http://proxy:1/b/k", "s3:DeleteObject"},
		{"DELETE", "http://proxy:1/b/k?versionId=v1", "s3:DeleteObjectVersion"},
		{"DELETE", "http://proxy:1/b/k?uploadId=u", "s3:AbortMultipartUpload"},
		{"DELETE", "http://proxy:1/b/k?tagging", "s3:DeleteObjectTagging"},
		{"GET", "http://proxy:1/b/k?versionId=v1", "s3:GetObjectVersion"},
		{"HEAD", "http://proxy:1/b/k?versionId=v1", "s3:HeadObjectVersion"},
		{"HEAD", "http://proxy:1/b/k", "s3:HeadObject"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			r := signed(tt.method, tt.target, "k", "s3", "")
			r.Host = host
			if got := classify(r, host); got != tt.want {
				t.Errorf("classify = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCountsByFunction(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer backend.Close()
	c, err := newCounter(backend.URL, backend.URL, newLatencies())
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	tmpl, err := ParseTemplate([]byte(`
Resources:
  ApiFunction:
    Type: AWS::Serverless::Function
  SenderFunction:
    Type: AWS::Serverless::Function
`))
	if err != nil {
		t.Fatal(err)
	}
	s := &Stack{tmpl: tmpl, counter: c}
	host := c.ln.Addr().String()
	reqs := []*http.Request{
		signed("POST", "/", FunctionAccessKey("ApiFunction"), "dynamodb", "DynamoDB_20120810.PutItem"),
		signed("POST", "/", FunctionAccessKey("ApiFunction"), "dynamodb", "DynamoDB_20120810.PutItem"),
		signed("POST", "/", FunctionAccessKey("SenderFunction"), "sqs", "AmazonSQS.ChangeMessageVisibility"),
		signed("POST", "/", "testing", "sqs", "AmazonSQS.SendMessage"),
		httptest.NewRequest("PUT", "/bucket/orgs/a.jpg?X-Amz-Credential="+FunctionAccessKey("ApiFunction")+"%2F20250101%2Feu-west-2%2Fs3%2Faws4_request&X-Amz-Signature=abc", nil),
	}
	for _, r := range reqs {
		r.Host = host
		c.ServeHTTP(httptest.NewRecorder(), r)
	}
	s.ResetCounts()
	want := map[string]map[string]int{
		"ApiFunction":    {"dynamodb:PutItem": 2, "s3:PutObject": 1},
		"SenderFunction": {"sqs:ChangeMessageVisibility": 1},
		TestCaller:       {"sqs:SendMessage": 1},
	}
	if diff := cmp.Diff(want, s.CountsByFunction()); diff != "" {
		t.Errorf("CountsByFunction after ResetCounts (-want +got):\n%s", diff)
	}
	if got := s.Counts(); len(got) != 0 {
		t.Errorf("Counts after ResetCounts = %v, want none", got)
	}
}

func TestCallsByFunction(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer backend.Close()
	c, err := newCounter(backend.URL, backend.URL, newLatencies())
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	tmpl, err := ParseTemplate([]byte(`
Resources:
  ApiFunction:
    Type: AWS::Serverless::Function
  WebhookFunction:
    Type: AWS::Serverless::Function
`))
	if err != nil {
		t.Fatal(err)
	}
	s := &Stack{tmpl: tmpl, counter: c}
	host := c.ln.Addr().String()
	withBody := func(r *http.Request, body string) *http.Request {
		r.Body = io.NopCloser(strings.NewReader(body))
		return r
	}
	api, hook := FunctionAccessKey("ApiFunction"), FunctionAccessKey("WebhookFunction")
	reqs := []*http.Request{
		withBody(signed("POST", "/", api, "dynamodb", "DynamoDB_20120810.Query"), `{"TableName":"t","IndexName":"GSI1"}`),
		withBody(signed("POST", "/", api, "dynamodb", "DynamoDB_20120810.GetItem"), `{"TableName":"t","Key":{}}`),
		withBody(signed("POST", "/", api, "dynamodb", "DynamoDB_20120810.BatchGetItem"), `{"RequestItems":{"t":{},"u":{}}}`),
		withBody(signed("POST", "/", api, "dynamodb", "DynamoDB_20120810.TransactWriteItems"), `{"TransactItems":[{"Put":{"TableName":"t"}},{"Delete":{"TableName":"t"}},{"Put":{"TableName":"t"}}]}`),
		withBody(signed("POST", "/", api, "sqs", "AmazonSQS.SendMessage"), `{"QueueUrl":"http://localhost/123456789012/out.fifo"}`),
		withBody(signed("POST", "/", hook, "ssm", "AmazonSSM.GetParameter"), `{"Name":"/proplink/local/orgs/o1/whatsapp/api_token","WithDecryption":true}`),
		httptest.NewRequest("PUT", "/bucket/orgs/a.jpg?X-Amz-Credential="+api+"%2F20250101%2Feu-west-2%2Fs3%2Faws4_request&X-Amz-Signature=abc", nil),
	}
	for _, r := range reqs {
		r.Host = host
		c.ServeHTTP(httptest.NewRecorder(), r)
	}
	const table = "arn:aws:dynamodb:eu-west-2:123456789012:table/"
	want := map[string]map[Call]int{
		"ApiFunction": {
			{Operation: "dynamodb:Query", Resource: table + "t/index/GSI1"}:                                  1,
			{Operation: "dynamodb:GetItem", Resource: table + "t"}:                                           1,
			{Operation: "dynamodb:BatchGetItem", Resource: table + "t"}:                                      1,
			{Operation: "dynamodb:BatchGetItem", Resource: table + "u"}:                                      1,
			{Operation: "dynamodb:TransactWriteItems", Action: "dynamodb:PutItem", Resource: table + "t"}:    2,
			{Operation: "dynamodb:TransactWriteItems", Action: "dynamodb:DeleteItem", Resource: table + "t"}: 1,
			{Operation: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-west-2:123456789012:out.fifo"}:          1,
			{Operation: "s3:PutObject", Resource: "arn:aws:s3:::bucket/orgs/a.jpg"}:                          1,
		},
		"WebhookFunction": {
			{Operation: "ssm:GetParameter", Resource: "arn:aws:ssm:eu-west-2:123456789012:parameter/proplink/local/orgs/o1/whatsapp/api_token"}: 1,
		},
	}
	if diff := cmp.Diff(want, s.CallsByFunction()); diff != "" {
		t.Errorf("CallsByFunction (-want +got):\n%s", diff)
	}
	if got := s.CountsByFunction()["ApiFunction"]["dynamodb:TransactWriteItems"]; got != 1 {
		t.Errorf("CountsByFunction counts the transaction %d times, want once", got)
	}
}

func TestCORSPreflightIsNoAWSCall(t *testing.T) {
	const url = "http://proxy:1/bucket/orgs/a.pdf?X-Amz-Credential=AKIDConsoleFunction%2F20250101%2Feu-west-2%2Fs3%2Faws4_request"
	tests := []struct {
		name   string
		method string
		header string
		want   bool
	}{
		{"preflight of a presigned PUT", "OPTIONS", "PUT", true},
		{"OPTIONS without the CORS header", "OPTIONS", "", false},
		{"the presigned PUT itself", "PUT", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, url, nil)
			if tt.header != "" {
				r.Header.Set("Access-Control-Request-Method", tt.header)
			}
			if got := corsPreflight(r); got != tt.want {
				t.Errorf("corsPreflight = %v, want %v", got, tt.want)
			}
		})
	}
}
