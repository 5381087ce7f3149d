// Package shared_test holds rules about how the shared packages depend on one another.
package shared_test

import (
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/proplink/chat/"

// adapters are the packages that wrap an outside system: services reach them only through
// ports speaking domain types, wired together in functions/<name>/main.go.
var adapters = []string{"shared/dynamo", "shared/sqsq", "shared/ratelimit", "shared/whatsapp/meta", "shared/s3store", "shared/ssm", "shared/eventbus"}

// services are the packages whose ports must speak domain types (shared/messaging, and the
// provider port shared/whatsapp).
var services = []string{"shared/sending", "shared/inbound", "shared/attachments", "shared/templatesync", "shared/api", "shared/eventdelivery"}

// handlerBatches are adapters a service still reaches only through its SQS Lambda handler's
// batch helper (sqsq.HandleInOrder), which the one queue-consumer policy replaces. The test
// fails once an entry is no longer needed, so the list only shrinks.
var handlerBatches = map[string][]string{}

// TestServicesImportNoAdapter walks each service's imports (non-test files, transitively
// within the module) and refuses any adapter package.
func TestServicesImportNoAdapter(t *testing.T) {
	for _, svc := range services {
		t.Run(svc, func(t *testing.T) {
			var got []string
			for _, dep := range deps(t, svc) {
				if slices.Contains(adapters, dep) {
					got = append(got, dep)
				}
			}
			want := handlerBatches[svc]
			for _, a := range got {
				if !slices.Contains(want, a) {
					t.Errorf("%s depends on the adapter %s", svc, a)
				}
			}
			for _, a := range want {
				if !slices.Contains(got, a) {
					t.Errorf("%s no longer depends on %s: remove it from handlerBatches", svc, a)
				}
			}
		})
	}
}

// deps returns the module packages pkg depends on, transitively, by their paths in the module.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	seen := map[string]bool{}
	var visit func(p string)
	visit = func(p string) {
		files, err := filepath.Glob(filepath.Join("..", p, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range af.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if dep, ok := strings.CutPrefix(path, module); ok && !seen[dep] {
					seen[dep] = true
					visit(dep)
				}
			}
		}
	}
	visit(pkg)
	return slices.Sorted(maps.Keys(seen))
}
