package local

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// counter is a reverse proxy in front of moto that counts AWS requests by service and operation,
// and separately by the access key that signed them.
type counter struct {
	mu     sync.Mutex
	counts map[string]int
	// byKey is access key id -> "service:Operation" -> count since start; reset leaves it.
	byKey map[string]map[string]int
	// calls is access key id -> Call (operation and resource) -> count since start.
	calls map[string]map[Call]int
	proxy *httputil.ReverseProxy
	// sqs forwards SQS requests (JSON protocol, X-Amz-Target AmazonSQS.*) when the queues are
	// not moto's; nil when they are.
	sqs *httputil.ReverseProxy
	srv *http.Server
	ln  net.Listener
	// lat records each operation's round trip through the proxy (e.g. "sqs:SendMessageBatch").
	lat *latencies
}

// newCounter starts the counting proxy on a free loopback port, forwarding to moto and, when
// sqsTarget differs, SQS requests there, and timing each request into lat.
func newCounter(target, sqsTarget string, lat *latencies) (*counter, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	pool := upstreamTransport()
	var sqsProxy *httputil.ReverseProxy
	if sqsTarget != target {
		su, err := url.Parse(sqsTarget)
		if err != nil {
			return nil, err
		}
		sqsProxy = httputil.NewSingleHostReverseProxy(su)
		sqsProxy.Transport = pool
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	c := &counter{counts: map[string]int{}, byKey: map[string]map[string]int{}, calls: map[string]map[Call]int{}, proxy: httputil.NewSingleHostReverseProxy(u), sqs: sqsProxy, ln: ln, lat: lat}
	c.proxy.Transport = pool
	c.srv = &http.Server{Handler: c}
	go func() { _ = c.srv.Serve(ln) }()
	return c, nil
}

// upstreamIdle is how many idle connections the proxy keeps to each upstream: more than every
// function's instances can have in flight at once.
const upstreamIdle = 256

// upstreamTransport is the proxy's connection pool. http.DefaultTransport keeps only 2 idle
// connections per host, so a burst of concurrent requests opened and closed a connection per
// request (each left in TIME_WAIT), adding a handshake to every AWS call.
func upstreamTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 2 * upstreamIdle
	t.MaxIdleConnsPerHost = upstreamIdle
	return t
}

// corsPreflight reports whether r is a browser's CORS preflight (OPTIONS with
// Access-Control-Request-Method), which S3 answers from the bucket's CORS rules with no IAM
// action: it is forwarded, but neither counted nor attributed to the presigned URL's signer.
func corsPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
}

// URL is the proxy's base URL.
func (c *counter) URL() string { return "http://" + c.ln.Addr().String() }

// ServeHTTP counts the request and forwards it unchanged (Host included, so URLs moto builds
// and presigned URLs keep pointing at the proxy).
func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if corsPreflight(r) {
		c.proxy.ServeHTTP(w, r)
		return
	}
	host := c.ln.Addr().String()
	key := classify(r, host)
	var body []byte
	if !strings.HasPrefix(key, "s3:") && r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	calls := callsOf(r, key, body, host)
	akid := accessKey(r)
	c.mu.Lock()
	c.counts[key]++
	if c.byKey[akid] == nil {
		c.byKey[akid] = map[string]int{}
		c.calls[akid] = map[Call]int{}
	}
	c.byKey[akid][key]++
	for _, call := range calls {
		c.calls[akid][call]++
	}
	c.mu.Unlock()
	defer c.lat.since(key, time.Now())
	if c.sqs != nil && strings.HasPrefix(r.Header.Get("X-Amz-Target"), "AmazonSQS.") {
		c.sqs.ServeHTTP(w, r)
		return
	}
	c.proxy.ServeHTTP(w, r)
}

// snapshot copies the counts.
func (c *counter) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.counts))
	for k, v := range c.counts {
		out[k] = v
	}
	return out
}

// snapshotByKey copies the counts by signing access key.
func (c *counter) snapshotByKey() map[string]map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]map[string]int, len(c.byKey))
	for k, ops := range c.byKey {
		m := make(map[string]int, len(ops))
		for op, n := range ops {
			m[op] = n
		}
		out[k] = m
	}
	return out
}

// snapshotCalls copies the calls by signing access key.
func (c *counter) snapshotCalls() map[string]map[Call]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]map[Call]int, len(c.calls))
	for k, calls := range c.calls {
		m := make(map[Call]int, len(calls))
		for call, n := range calls {
			m[call] = n
		}
		out[k] = m
	}
	return out
}

// reset zeroes the counts by operation; the counts by access key run on from start.
func (c *counter) reset() {
	c.mu.Lock()
	c.counts = map[string]int{}
	c.mu.Unlock()
}

func (c *counter) close() error { return c.srv.Close() }

var (
	credScope = regexp.MustCompile(`Credential=[^/,\s]+/\d{8}/[^/]+/([^/]+)/`)
	credKey   = regexp.MustCompile(`Credential=([^/,\s]+)/`)
)

// accessKey is the access key id that signed r: from the SigV4 Authorization header's
// Credential, or a presigned URL's X-Amz-Credential; empty for an unsigned request.
func accessKey(r *http.Request) string {
	if m := credKey.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		return m[1]
	}
	if cred := r.URL.Query().Get("X-Amz-Credential"); cred != "" {
		k, _, _ := strings.Cut(cred, "/")
		return k
	}
	return ""
}

// classify names an AWS request "service:Operation" from its SigV4 scope and X-Amz-Target, the
// query protocol's Action, or for S3 the method and path shape. An S3 object request naming a
// versionId is GetObjectVersion, HeadObjectVersion or DeleteObjectVersion, since IAM authorises
// those with their own actions.
func classify(r *http.Request, proxyHost string) string {
	service := ""
	if m := credScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		service = m[1]
	} else if cred := r.URL.Query().Get("X-Amz-Credential"); cred != "" {
		if parts := strings.Split(cred, "/"); len(parts) >= 4 {
			service = parts[3]
		}
	}
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		op := t[strings.LastIndex(t, ".")+1:]
		if service == "" {
			service = strings.ToLower(strings.TrimPrefix(strings.SplitN(t, "_", 2)[0], "Amazon"))
		}
		return service + ":" + op
	}
	if service == "" {
		service = "unknown"
	}
	if action := r.URL.Query().Get("Action"); action != "" {
		return service + ":" + action
	}
	if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") && r.Body != nil {
		body, err := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err == nil {
			if v, err := url.ParseQuery(string(body)); err == nil && v.Get("Action") != "" {
				return service + ":" + v.Get("Action")
			}
		}
	}
	if service == "s3" {
		return "s3:" + s3Operation(r, proxyHost)
	}
	return service + ":" + r.Method
}

// s3Operation names an S3 REST call from its method, path (or virtual host) and query.
func s3Operation(r *http.Request, proxyHost string) string {
	bucket, key := s3Target(r, proxyHost)
	q := r.URL.Query()
	has := func(k string) bool { _, ok := q[k]; return ok }
	switch {
	case bucket == "":
		return "ListBuckets"
	case key == "":
		switch r.Method {
		case http.MethodGet:
			switch {
			case has("versioning"):
				return "GetBucketVersioning"
			case has("encryption"):
				return "GetBucketEncryption"
			case has("location"):
				return "GetBucketLocation"
			case has("versions"):
				return "ListObjectVersions"
			case has("uploads"):
				return "ListMultipartUploads"
			case q.Get("list-type") == "2":
				return "ListObjectsV2"
			}
			return "ListObjects"
		case http.MethodPut:
			switch {
			case has("versioning"):
				return "PutBucketVersioning"
			case has("encryption"):
				return "PutBucketEncryption"
			case has("policy"):
				return "PutBucketPolicy"
			case has("cors"):
				return "PutBucketCors"
			}
			return "CreateBucket"
		case http.MethodHead:
			return "HeadBucket"
		case http.MethodDelete:
			return "DeleteBucket"
		case http.MethodPost:
			if has("delete") {
				return "DeleteObjects"
			}
		}
		return "Bucket" + r.Method
	}
	switch r.Method {
	case http.MethodGet:
		if has("uploadId") {
			return "ListParts"
		}
		if has("tagging") {
			return "GetObjectTagging"
		}
		if has("versionId") {
			return "GetObjectVersion"
		}
		return "GetObject"
	case http.MethodHead:
		if has("versionId") {
			return "HeadObjectVersion"
		}
		return "HeadObject"
	case http.MethodPut:
		switch {
		case has("uploadId") && r.Header.Get("X-Amz-Copy-Source") != "":
			return "UploadPartCopy"
		case has("uploadId"):
			return "UploadPart"
		case has("tagging"):
			return "PutObjectTagging"
		case r.Header.Get("X-Amz-Copy-Source") != "":
			return "CopyObject"
		}
		return "PutObject"
	case http.MethodDelete:
		switch {
		case has("uploadId"):
			return "AbortMultipartUpload"
		case has("tagging"):
			return "DeleteObjectTagging"
		case has("versionId"):
			return "DeleteObjectVersion"
		}
		return "DeleteObject"
	case http.MethodPost:
		if has("uploads") {
			return "CreateMultipartUpload"
		}
		if has("uploadId") {
			return "CompleteMultipartUpload"
		}
		return "PostObject"
	}
	return "Object" + r.Method
}
