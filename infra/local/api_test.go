package local

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestRouteMatch(t *testing.T) {
	rt := &router{routes: []Route{
		{"Jobs", "ANY", "/api/jobs/{job_id}"},
		{"Notes", "ANY", "/api/jobs/{job_id}/case-notes"},
		{"Special", "GET", "/api/jobs/special"},
		{"AnySpecial", "ANY", "/api/jobs/special"},
		{"Files", "ANY", "/files/{proxy+}"},
		{"Deep", "GET", "/files/a/{name}"},
		{"Root", "ANY", "/{proxy+}"},
	}}
	tests := []struct {
		name, method, path, want string
		params                   map[string]string
	}{
		{"param", "GET", "/api/jobs/1050", "Jobs", map[string]string{"job_id": "1050"}},
		{"literal beats param", "GET", "/api/jobs/special", "Special", nil},
		{"method beats ANY", "POST", "/api/jobs/special", "AnySpecial", nil},
		{"nested", "POST", "/api/jobs/7/case-notes", "Notes", map[string]string{"job_id": "7"}},
		{"escaped param", "GET", "/api/jobs/a%2Fb", "Jobs", map[string]string{"job_id": "a/b"}},
		{"greedy", "PUT", "/files/x/y/z", "Files", map[string]string{"proxy": "x/y/z"}},
		{"param beats greedy", "GET", "/files/a/b", "Deep", map[string]string{"name": "b"}},
		{"catch-all", "GET", "/other", "Root", map[string]string{"proxy": "other"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, params, ok := rt.match(tc.method, tc.path)
			if !ok || r.Function != tc.want {
				t.Fatalf("match %s %s = %v %v, want %s", tc.method, tc.path, r.Function, ok, tc.want)
			}
			if diff := cmp.Diff(tc.params, params); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
		})
	}
	if _, _, ok := (&router{routes: []Route{{"A", "GET", "/a"}}}).match("POST", "/a"); ok {
		t.Errorf("POST /a matched a GET route")
	}
	if _, _, ok := (&router{routes: []Route{{"A", "GET", "/a/{id}"}}}).match("GET", "/a/"); ok {
		t.Errorf("/a/ matched /a/{id} with an empty id")
	}
}

func TestBuildHTTPEventGolden(t *testing.T) {
	tests := []struct {
		name, method, target, contentType, body string
		route                                   Route
		params                                  map[string]string
	}{
		{"json_post", "POST", "/api/jobs/1050/case-notes?b=2&a=1&a=3", "application/json", `{"note":"hi"}`, Route{"Fn", "ANY", "/api/jobs/{job_id}/case-notes"}, map[string]string{"job_id": "1050"}},
		{"form_post", "POST", "/webhooks/twilio", "application/x-www-form-urlencoded", "From=whatsapp%3A%2B447700900000&Body=hi", Route{"Fn", "POST", "/webhooks/twilio"}, nil},
		{"get_no_body", "GET", "/api/whatsapp/get-options", "", "", Route{"Fn", "ANY", "/api/whatsapp/get-options"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, "http://127.0.0.1:3000"+tc.target, bytes.NewReader([]byte(tc.body)))
			r.RemoteAddr = "127.0.0.1:54321"
			r.Header.Set("User-Agent", "curl/8.5.0")
			r.Header.Set("Authorization", "Bearer tok")
			r.Header.Add("Accept", "text/plain")
			r.Header.Add("Accept", "application/json")
			r.Header.Set("Cookie", "s=1; t=2")
			if tc.contentType != "" {
				r.Header.Set("Content-Type", tc.contentType)
			}
			ev := buildHTTPEvent(r, []byte(tc.body), tc.route, tc.params, requestMeta{
				APIID: "abc123defg", RequestID: "req-1", TraceID: "Root=1-00000000-000000000000000000000000",
				Time: time.Date(2025, 3, 12, 19, 3, 58, 0, time.UTC),
			})
			got, err := json.MarshalIndent(ev, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "events", tc.name+".json")
			if *update {
				_ = os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if diff := cmp.Diff(string(bytes.TrimSpace(want)), string(got)); diff != "" {
				t.Errorf("event (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIsTextContent(t *testing.T) {
	tests := map[string]bool{
		"application/json": true, "application/json; charset=utf-8": true, "text/plain": true, "text/html": true,
		"application/xml": true, "application/problem+json": true, "application/javascript": true,
		"application/x-www-form-urlencoded": false, "multipart/form-data; boundary=x": false,
		"application/octet-stream": false, "image/png": false, "": false,
	}
	for ct, want := range tests {
		t.Run(ct, func(t *testing.T) {
			if got := isTextContent(ct); got != want {
				t.Errorf("isTextContent(%q) = %v, want %v", ct, got, want)
			}
		})
	}
}

func TestTranslateResponse(t *testing.T) {
	tests := []struct {
		name       string
		out        string
		wantStatus int
		wantHeader http.Header
		wantBody   string
		wantErr    bool
	}{
		{"structured", `{"statusCode":201,"headers":{"content-type":"text/plain","x-a":"1"},"multiValueHeaders":{"x-m":["a","b"]},"cookies":["c=1"],"body":"made"}`,
			201, http.Header{"Content-Type": {"text/plain"}, "X-A": {"1"}, "X-M": {"a", "b"}, "Set-Cookie": {"c=1"}}, "made", false},
		{"base64 body", `{"statusCode":200,"body":"AAH/","isBase64Encoded":true}`, 200, http.Header{}, "\x00\x01\xff", false},
		{"plain object inferred", `{"ok":true}`, 200, http.Header{"Content-Type": {"application/json"}}, `{"ok":true}`, false},
		{"plain string inferred", `"hello"`, 200, http.Header{"Content-Type": {"application/json"}}, `"hello"`, false},
		{"not JSON", `oops`, 0, nil, "", true},
		{"bad status", `{"statusCode":0}`, 0, nil, "", true},
		{"bad base64", `{"statusCode":200,"body":"!!","isBase64Encoded":true}`, 0, nil, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := translateResponse([]byte(tc.out))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if got.Status != tc.wantStatus || string(got.Body) != tc.wantBody {
				t.Errorf("got %d %q, want %d %q", got.Status, got.Body, tc.wantStatus, tc.wantBody)
			}
			if diff := cmp.Diff(tc.wantHeader, got.Header); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	const proxy = "127.0.0.1:9000"
	auth := func(svc string) string {
		return "AWS4-HMAC-SHA256 Credential=testing/20250101/eu-west-2/" + svc + "/aws4_request, SignedHeaders=host, Signature=x"
	}
	tests := []struct {
		name, method, url, service, target, want string
		header                                   map[string]string
	}{
		{"dynamodb", "POST", "/", "dynamodb", "DynamoDB_20120810.PutItem", "dynamodb:PutItem", nil},
		{"sqs json", "POST", "/", "sqs", "AmazonSQS.SendMessage", "sqs:SendMessage", nil},
		{"ssm", "POST", "/", "ssm", "AmazonSSM.GetParameter", "ssm:GetParameter", nil},
		{"sqs query", "POST", "/?Action=ReceiveMessage", "sqs", "", "sqs:ReceiveMessage", nil},
		{"s3 get", "GET", "/bucket/a/b.pdf", "s3", "", "s3:GetObject", nil},
		{"s3 put", "PUT", "/bucket/a", "s3", "", "s3:PutObject", nil},
		{"s3 copy", "PUT", "/bucket/a", "s3", "", "s3:CopyObject", map[string]string{"X-Amz-Copy-Source": "/b/x"}},
		{"s3 list", "GET", "/bucket?list-type=2", "s3", "", "s3:ListObjectsV2", nil},
		{"s3 head", "HEAD", "/bucket/k", "s3", "", "s3:HeadObject", nil},
		{"s3 presigned", "GET", "/bucket/k?X-Amz-Credential=testing%2F20250101%2Feu-west-2%2Fs3%2Faws4_request", "", "", "s3:GetObject", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, "http://"+proxy+tc.url, nil)
			if tc.service != "" {
				r.Header.Set("Authorization", auth(tc.service))
			}
			if tc.target != "" {
				r.Header.Set("X-Amz-Target", tc.target)
			}
			for k, v := range tc.header {
				r.Header.Set(k, v)
			}
			if got := classify(r, proxy); got != tc.want {
				t.Errorf("classify = %q, want %q", got, tc.want)
			}
		})
	}
}
