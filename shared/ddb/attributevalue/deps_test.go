package attributevalue_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLinksNoSDKServiceOrFeature: the point of the package is not linking the SDK's DynamoDB
// types; go list must find no aws-sdk-go-v2 service or feature package among its dependencies.
func TestLinksNoSDKServiceOrFeature(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/proplink/chat/shared/ddb/attributevalue").CombinedOutput()
	if err != nil {
		t.Skipf("go list: %v: %s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "github.com/aws/aws-sdk-go-v2/service/") || strings.HasPrefix(p, "github.com/aws/aws-sdk-go-v2/feature/") {
			t.Errorf("links %s", p)
		}
	}
}
