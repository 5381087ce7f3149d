package ddb

import (
	"flag"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/proplink/chat/shared/awsjson/awsjsontest"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the SDK's client")

// answer is one canned HTTP answer.
type answer = awsjsontest.Answer

// fixedToken is every test's TransactWriteItems token.
type fixedToken string

func (f fixedToken) GetIdempotencyToken() (string, error) { return string(f), nil }

// recordingClient returns a client at DynamoDB's regional endpoint in eu-west-2 whose requests
// are recorded and answered in turn from answers, with a fixed clock and no waits.
func recordingClient(t testing.TB, answers ...answer) (*Client, *[]string) {
	t.Helper()
	t.Setenv(EndpointEnv, "")
	cfg, seen := awsjsontest.Config(answers...)
	c := NewFromConfig(cfg, func(o *Options) { o.IdempotencyTokenProvider = fixedToken("token-1") })
	awsjsontest.Fix(c.json, time.Date(2026, 12, 2, 6, 30, 0, 0, time.UTC))
	return c, seen
}

// toSDK converts an item to the SDK's attribute values.
func toSDK(m map[string]AttributeValue) map[string]types.AttributeValue {
	if m == nil {
		return nil
	}
	out := make(map[string]types.AttributeValue, len(m))
	for k, v := range m {
		out[k] = toSDKValue(v)
	}
	return out
}

func toSDKValue(v AttributeValue) types.AttributeValue {
	switch v := v.(type) {
	case *AttributeValueMemberS:
		return &types.AttributeValueMemberS{Value: v.Value}
	case *AttributeValueMemberN:
		return &types.AttributeValueMemberN{Value: v.Value}
	case *AttributeValueMemberB:
		return &types.AttributeValueMemberB{Value: v.Value}
	case *AttributeValueMemberBOOL:
		return &types.AttributeValueMemberBOOL{Value: v.Value}
	case *AttributeValueMemberNULL:
		return &types.AttributeValueMemberNULL{Value: v.Value}
	case *AttributeValueMemberSS:
		return &types.AttributeValueMemberSS{Value: v.Value}
	case *AttributeValueMemberNS:
		return &types.AttributeValueMemberNS{Value: v.Value}
	case *AttributeValueMemberBS:
		return &types.AttributeValueMemberBS{Value: v.Value}
	case *AttributeValueMemberM:
		return &types.AttributeValueMemberM{Value: toSDK(v.Value)}
	case *AttributeValueMemberL:
		l := make([]types.AttributeValue, len(v.Value))
		for i, e := range v.Value {
			l[i] = toSDKValue(e)
		}
		return &types.AttributeValueMemberL{Value: l}
	}
	panic("unknown attribute value")
}

func s(v string) *AttributeValueMemberS { return &AttributeValueMemberS{Value: v} }
func n(v string) *AttributeValueMemberN { return &AttributeValueMemberN{Value: v} }

var str = aws.String

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (go test -update to record): %v", err)
	}
	return string(b)
}
