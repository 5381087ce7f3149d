//go:build integration

package elasticmq

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/proplink/chat/infra/motoserver"
)

// TestStartWarmsAndLeavesNoQueue: Start returns a server that has been through its warm-up and
// holds no queue of its own, so the stack's queues are the only ones.
func TestStartWarmsAndLeavesNoQueue(t *testing.T) {
	root, err := motoserver.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ClassPathFile)); err != nil {
		t.Skip("no ElasticMQ class path: run make elasticmq")
	}
	ctx := context.Background()
	s, err := Start(ctx, "123456789012", "eu-west-2")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	client := sqs.New(sqs.Options{Region: "eu-west-2", Credentials: credentials.NewStaticCredentialsProvider("t", "t", ""), BaseEndpoint: aws.String(s.URL)})
	out, err := client.ListQueues(ctx, &sqs.ListQueuesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.QueueUrls) != 0 {
		t.Errorf("queues after Start: got %v, want none", out.QueueUrls)
	}
}
