// Command echo is a test function: it answers every HTTP API request with the event it received.
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(_ context.Context, raw json.RawMessage) (any, error) {
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(raw, &ev); err != nil {
		return nil, err
	}
	switch ev.RawPath {
	case "/plain":
		return map[string]string{"hello": "world"}, nil
	case "/binary":
		return events.APIGatewayV2HTTPResponse{StatusCode: 201, Headers: map[string]string{"content-type": "application/octet-stream"},
			Body: base64.StdEncoding.EncodeToString([]byte{0, 1, 2, 255}), IsBase64Encoded: true, Cookies: []string{"a=1", "b=2"}}, nil
	case "/slow":
		time.Sleep(300 * time.Millisecond)
		return map[string]int{"pid": os.Getpid()}, nil
	case "/boom":
		panic("boom")
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: 200, Headers: map[string]string{"content-type": "application/json"}, Body: string(raw)}, nil
}

func main() { lambda.Start(handle) }
