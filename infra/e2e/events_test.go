//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/motoserver"
)

// TestSampleEvents runs every function once with each of its sample events from events/ (as
// `make invoke` and `sam local invoke -e` do) and checks that every function has one. An
// event's file name starts with its function's CodeUri folder (api-send.json → functions/api).
func TestSampleEvents(t *testing.T) {
	root, err := motoserver.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := local.LoadTemplate(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(root, "events", "*.json"))
	for _, id := range tpl.OfType("AWS::Serverless::Function") {
		codeURI, _ := tpl.Resources[id].Properties["CodeUri"].(string)
		folder := filepath.Base(strings.TrimSuffix(codeURI, "/"))
		var mine []string
		for _, f := range files {
			if strings.HasPrefix(filepath.Base(f), folder+"-") || filepath.Base(f) == folder+".json" {
				mine = append(mine, f)
			}
		}
		if len(mine) == 0 {
			t.Errorf("%s has no sample event in events/ (want events/%s-*.json)", id, folder)
		}
		for _, f := range mine {
			t.Run(filepath.Base(f), func(t *testing.T) {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				event := strings.ReplaceAll(string(b), "${API_TOKEN}", e.demo.StaffToken)
				out, err := e.stack.Invoke(context.Background(), id, []byte(event))
				if err != nil {
					t.Fatalf("%s with %s: %v", id, filepath.Base(f), err)
				}
				var resp struct {
					StatusCode        int `json:"statusCode"`
					BatchItemFailures []struct {
						ItemIdentifier string `json:"itemIdentifier"`
					} `json:"batchItemFailures"`
				}
				_ = json.Unmarshal(out, &resp)
				if resp.StatusCode >= 400 || len(resp.BatchItemFailures) > 0 {
					t.Errorf("%s with %s answered %s", id, filepath.Base(f), out)
				}
			})
		}
	}
}
