// Command redrive moves a queue's dead-lettered messages back to it on the running `make dev`
// stack (`make redrive QUEUE=OutboundQueue`):
//
//	go run ./infra/cmd/redrive -queue OutboundQueue
//
// Deployed, SQS does the same: aws sqs start-message-move-task --source-arn <DLQ arn>.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/motoserver"
)

func main() {
	queue := flag.String("queue", "", "logical id of the queue to redrive into (e.g. OutboundQueue)")
	flag.Parse()
	if err := run(*queue); err != nil {
		fmt.Fprintln(os.Stderr, "redrive:", err)
		os.Exit(1)
	}
}

func run(queue string) error {
	if queue == "" {
		return errors.New("-queue is required (a queue's logical id, e.g. OutboundQueue)")
	}
	root, err := motoserver.ModuleRoot()
	if err != nil {
		return err
	}
	ctx := context.Background()
	sf, live, err := local.ReadStackFile(ctx, filepath.Join(root, ".local", "stack.json"))
	if err != nil || !live {
		return fmt.Errorf("no running `make dev` stack (.local/stack.json): %v", err)
	}
	url := sf.Resources[queue]
	if url == "" {
		return fmt.Errorf("the stack has no queue %s", queue)
	}
	endpoint := sf.MotoURL
	if sf.SQSURL != "" { // make dev SQS=elasticmq
		endpoint = sf.SQSURL
	}
	client := awssqs.NewFromConfig(aws.Config{
		Region:       motoserver.Region,
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(endpoint),
	})
	n, err := admin.Redrive(ctx, client, url)
	fmt.Printf("%s: %d message(s) moved back from its dead-letter queue\n", queue, n)
	return err
}
