package bench

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/console"
)

// libphonenumber is the package whose metadata loads at program start (about 10 ms of cold
// start) and whose protobuf reflection keeps every method of the binary's SDK clients; s3 is the
// largest SDK client (about 2 MB of binary).
const (
	libphonenumber = "github.com/nyaruka/phonenumbers"
	s3             = "github.com/aws/aws-sdk-go-v2/service/s3"
)

// TestLibphonenumberAndS3OnlyWhereTheRoutesNeedThem builds each function's dependency
// list as the deployed binary is built: a function links libphonenumber if and only if the
// template routes to it an API route that validates a phone number (api.ValidatesNumbers), and
// a function serving API routes links the S3 client only if one of them carries attachments
// (api.CarriesAttachments). The staff console's delegated paths count as routes of the function
// console.Delegations names.
func TestLibphonenumberAndS3OnlyWhereTheRoutesNeedThem(t *testing.T) {
	root, err := motoserver.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := local.LoadTemplate(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range tpl.OfType("AWS::Serverless::Function") {
		t.Run(id, func(t *testing.T) {
			props := tpl.Resources[id].Properties
			codeURI, _ := props["CodeUri"].(string)
			cmd := exec.Command("go", "list", "-tags", "lambda.norpc", "-deps", "./"+strings.TrimSuffix(codeURI, "/"))
			cmd.Dir = root
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("go list %s: %v", codeURI, err)
			}
			deps := strings.Fields(string(out))
			linked := slices.Contains(deps, libphonenumber)
			var numberRoutes, attachmentRoutes, apiRoutes []string
			events, _ := props["Events"].(map[string]any)
			for _, ev := range events {
				ev, _ := ev.(map[string]any)
				p, _ := ev["Properties"].(map[string]any)
				path, _ := p["Path"].(string)
				method, _ := p["Method"].(string)
				key := strings.ToUpper(method) + " " + path
				if ev["Type"] != "HttpApi" || !strings.HasPrefix(path, "/api/") {
					continue
				}
				apiRoutes = append(apiRoutes, path)
				if api.ValidatesNumbers(key) {
					numberRoutes = append(numberRoutes, path)
				}
				if api.CarriesAttachments(key) {
					attachmentRoutes = append(attachmentRoutes, path)
				}
			}
			// The staff console's paths that a platform route answers (API.HandleAs), in the
			// function the table names (TestConsoleDelegationsAreTheTemplatesRoutes holds the
			// template to it).
			for _, d := range console.Delegations {
				if d.Function != id {
					continue
				}
				apiRoutes = append(apiRoutes, d.Route)
				if api.ValidatesNumbers(d.Route) {
					numberRoutes = append(numberRoutes, d.Route)
				}
				if api.CarriesAttachments(d.Route) {
					attachmentRoutes = append(attachmentRoutes, d.Route)
				}
			}
			if got, want := linked, len(numberRoutes) > 0; got != want {
				t.Errorf("links %s = %v, want %v (routes that validate a phone number: %v)", libphonenumber, got, want, numberRoutes)
			}
			if len(apiRoutes) > 0 && len(attachmentRoutes) == 0 && slices.Contains(deps, s3) {
				t.Errorf("links %s, but none of its API routes carries attachments", s3)
			}
		})
	}
}

// sdkSSM is the SDK's SSM client, which builds all 4,476 of the service's schemas at program
// start (1-2 ms, 1.4 MB); shared/ssm calls the three operations the functions need itself.
const sdkSSM = "github.com/aws/aws-sdk-go-v2/service/ssm"

// sdkSQS is the SDK's SQS client, whose schemas are built at program start; shared/sqsq calls
// the three operations the functions need itself.
const sdkSQS = "github.com/aws/aws-sdk-go-v2/service/sqs"

// TestNoFunctionLinksTheSDKsSSMClient holds every function to shared/ssm's own SSM client.
func TestNoFunctionLinksTheSDKsSSMClient(t *testing.T) {
	noFunctionLinks(t, sdkSSM, "build the store with ssm.New(cfg, …)")
}

// TestNoFunctionLinksTheSDKsSQSClient holds every function to shared/sqsq's own SQS client.
func TestNoFunctionLinksTheSDKsSQSClient(t *testing.T) {
	noFunctionLinks(t, sdkSQS, "build the queues with sqsq.New(sqsq.NewClient(cfg, os.Getenv), url)")
}

// sdkEventBridge is the SDK's EventBridge client, whose schemas are built at program start
// (0.4 ms, 343 KB) in PlatformEventsFunction even where no bus is configured; shared/eventbus
// calls PutEvents itself.
const sdkEventBridge = "github.com/aws/aws-sdk-go-v2/service/eventbridge"

// TestNoFunctionLinksTheSDKsEventBridgeClient holds every function to shared/eventbus's own
// EventBridge client.
func TestNoFunctionLinksTheSDKsEventBridgeClient(t *testing.T) {
	noFunctionLinks(t, sdkEventBridge, "build the bus with eventbus.New(eventbus.NewClient(cfg, os.Getenv), name)")
}

// sdkBedrockRuntime is the SDK's Bedrock Runtime client, whose schemas (0.28 ms), endpoint
// table and rules engine (0.2 ms, ~1 MB) AssistantFunction paid at program start;
// shared/bedrock calls Converse itself.
const sdkBedrockRuntime = "github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

// TestNoFunctionLinksTheSDKsBedrockRuntimeClient holds every function to shared/bedrock's own
// Converse client.
func TestNoFunctionLinksTheSDKsBedrockRuntimeClient(t *testing.T) {
	noFunctionLinks(t, sdkBedrockRuntime, "call Converse with bedrock.NewClient(cfg, region, endpoint)")
}

// noFunctionLinks fails for every function of the template whose deployed binary would link
// pkg; instead says what to do.
func noFunctionLinks(t *testing.T, pkg, instead string) {
	t.Helper()
	root, err := motoserver.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := local.LoadTemplate(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range tpl.OfType("AWS::Serverless::Function") {
		t.Run(id, func(t *testing.T) {
			codeURI, _ := tpl.Resources[id].Properties["CodeUri"].(string)
			cmd := exec.Command("go", "list", "-tags", "lambda.norpc", "-deps", "./"+strings.TrimSuffix(codeURI, "/"))
			cmd.Dir = root
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("go list %s: %v", codeURI, err)
			}
			if slices.Contains(strings.Fields(string(out)), pkg) {
				t.Errorf("links %s; %s instead", pkg, instead)
			}
		})
	}
}

// sdkDynamoDBTypes is the SDK's DynamoDB types package, which its client and its attributevalue
// package import: it imports service/dynamodb/schemas, 7,768 lines of schemas built at program
// start (0.4–0.9 ms, 587 KB) in every function; shared/ddb calls DynamoDB itself.
const sdkDynamoDBTypes = "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// TestNoFunctionLinksTheSDKsDynamoDBClient holds every function to shared/ddb's own DynamoDB
// client and shared/ddb/attributevalue.
func TestNoFunctionLinksTheSDKsDynamoDBClient(t *testing.T) {
	noFunctionLinks(t, sdkDynamoDBTypes, "build the table's client with ddb.NewFromConfig(cfg) and marshal with shared/ddb/attributevalue")
}
