//go:build integration

package local

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/proplink/chat/infra/motoserver"
)

// TestRealTemplate starts the repo's template.yaml with every function that builds today (the
// others are named in the log) and checks every resource exists and every route is served.
func TestRealTemplate(t *testing.T) {
	root, err := motoserver.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	tmplPath := filepath.Join(root, "template.yaml")
	tmpl, err := LoadTemplate(tmplPath)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var fns []string
	for _, id := range tmpl.OfType("AWS::Serverless::Function") {
		code, _ := tmpl.Resources[id].Properties["CodeUri"].(string)
		pkg, err := codePackage(root, root, code)
		if err == nil {
			err = goBuild(ctx, root, filepath.Join(t.TempDir(), "bootstrap"), []string{pkg})
		}
		if err != nil {
			t.Logf("NOT RUNNING %s: it does not build yet: %v", id, err)
			continue
		}
		fns = append(fns, id)
	}
	if len(fns) == 0 {
		t.Fatalf("no function of template.yaml builds; nothing to run")
	}
	s, err := Start(ctx, Options{
		Root:      root,
		APIAddr:   "127.0.0.1:0",
		Functions: fns,
		BuildDir:  filepath.Join(t.TempDir(), "build"),
		StackFile: filepath.Join(t.TempDir(), "stack.json"),
		Log:       os.Stderr,
	})
	if err != nil {
		t.Fatalf("start template.yaml: %v", err)
	}
	defer s.Close()

	cfg := s.AWSConfig()
	for _, id := range tmpl.OfType("AWS::DynamoDB::Table") {
		if _, err := dynamodb.NewFromConfig(cfg).DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(s.Resource(id))}); err != nil {
			t.Errorf("table %s: %v", id, err)
		}
	}
	for _, id := range tmpl.OfType("AWS::SQS::Queue") {
		out, err := sqs.NewFromConfig(cfg).GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(s.Resource(id)), AttributeNames: []sqstypes.QueueAttributeName{"All"}})
		if err != nil {
			t.Errorf("queue %s: %v", id, err)
			continue
		}
		if _, hasRedrive := tmpl.Resources[id].Properties["RedrivePolicy"]; hasRedrive && out.Attributes["RedrivePolicy"] == "" {
			t.Errorf("queue %s has no RedrivePolicy in moto", id)
		}
	}
	for _, id := range tmpl.OfType("AWS::S3::Bucket") {
		c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
		if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(s.Resource(id))}); err != nil {
			t.Errorf("bucket %s: %v", id, err)
		}
	}
	want := 0
	for _, id := range tmpl.OfType("AWS::Serverless::Function") {
		for _, ev := range asMap(tmpl.Resources[id].Properties["Events"]) {
			if asMap(ev)["Type"] == "HttpApi" {
				want++
			}
		}
	}
	if got := len(s.Routes()); got != want {
		t.Errorf("routes registered = %d, want %d (%v)", got, want, s.Routes())
	}
	resp, err := http.Get(s.APIURL() + "/_local/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("health = %d, want 200", resp.StatusCode)
	}
	if _, err := os.Stat(s.o.StackFile); err != nil {
		t.Errorf("stack file: %v", err)
	}
}
