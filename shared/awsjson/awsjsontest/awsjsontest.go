// Package awsjsontest holds what the tests of the clients built on shared/awsjson share: canned
// answers, requests recorded as the golden files hold them, and the golden comparison.
package awsjsontest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/proplink/chat/shared/awsjson"
)

// Answer is one canned HTTP answer.
type Answer struct {
	Status int
	Header http.Header
	Body   string
}

// doFunc is an aws.HTTPClient answering from a function.
type doFunc func(*http.Request) (*http.Response, error)

func (f doFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// Config returns a config in eu-west-2 with example credentials and 3 attempts, whose HTTP
// client records each request as Dump writes it and answers in turn from answers (the last one
// repeats).
func Config(answers ...Answer) (aws.Config, *[]string) {
	var seen []string
	hc := doFunc(func(r *http.Request) (*http.Response, error) {
		body, _ := io.ReadAll(r.Body)
		seen = append(seen, Dump(r, body))
		a := answers[min(len(seen), len(answers))-1]
		h := a.Header
		if h == nil {
			h = http.Header{}
		}
		return &http.Response{StatusCode: a.Status, Header: h, Body: io.NopCloser(strings.NewReader(a.Body))}, nil
	})
	return aws.Config{
		Region: "eu-west-2", HTTPClient: hc, RetryMaxAttempts: 3,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""),
	}, &seen
}

// Fix gives c a fixed clock, so signatures are the same on every run, and retries without waits.
func Fix(c *awsjson.Client, now time.Time) {
	c.Now = func() time.Time { return now }
	c.Sleep = func(context.Context, time.Duration) error { return nil }
}

// Dump writes a request as the golden files hold it: method and URL, the headers the services
// read and the signature covers (those present), a blank line and the body.
func Dump(r *http.Request, body []byte) string {
	var lines []string
	for _, h := range []string{"Authorization", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Target", "X-Amzn-Query-Mode"} {
		if v := r.Header.Get(h); v != "" {
			lines = append(lines, h+": "+v)
		}
	}
	slices.Sort(lines)
	return r.Method + " " + r.URL.String() + "\n" + strings.Join(lines, "\n") + "\n\n" + string(body) + "\n"
}

// Golden compares got with the file at path, first rewriting the file when update is set.
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (go test -update to create): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("request differs from %s (go test -update to accept):\ngot\n%s\nwant\n%s", path, got, want)
	}
}
