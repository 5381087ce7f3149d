package local

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestEveryEnvironmentVariableIsRead holds that each environment variable the template gives a
// function (Globals merged) is read somewhere in the product's Go code, as a string literal in
// functions/ or shared/: a variable nothing reads is a setting that silently does nothing.
func TestEveryEnvironmentVariableIsRead(t *testing.T) {
	tmpl, err := LoadTemplate("../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	for _, dir := range []string{"../../functions", "../../shared"} {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, field := range strings.FieldsFunc(string(src), func(r rune) bool { return r != '"' && !isEnvNameRune(r) }) {
				if s, err := strconv.Unquote(field); err == nil {
					read[s] = true
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range slices.Sorted(slices.Values(tmpl.OfType("AWS::Serverless::Function"))) {
		vars := asMap(asMap(tmpl.Resources[id].Properties["Environment"])["Variables"])
		for _, name := range slices.Sorted(maps.Keys(vars)) {
			if !read[name] {
				t.Errorf("%s: environment variable %s is read by no Go code", id, name)
			}
		}
	}
}

func isEnvNameRune(r rune) bool {
	return r == '_' || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}
