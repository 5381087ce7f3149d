package shared_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoRegexpCompiledAtInit refuses a package-level variable of the shared packages that
// compiles a regular expression when the program starts: every function importing the
// package would pay for it in its cold start, used or not. Compile on first use instead
// (sync.OnceValue).
func TestNoRegexpCompiledAtInit(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." {
			// A module of its own (libphonenumber's patched copy) is not this module's code.
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.VAR {
				continue
			}
			for _, spec := range gen.Specs {
				for _, v := range spec.(*ast.ValueSpec).Values {
					if pos, ok := compilesAtInit(v); ok {
						t.Errorf("%s: a package-level regexp is compiled at cold start; compile it on first use (sync.OnceValue)", fset.Position(pos))
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// compilesAtInit finds a regexp.MustCompile or regexp.Compile call in e outside any function
// literal (a function literal runs only when called).
func compilesAtInit(e ast.Expr) (token.Pos, bool) {
	var at token.Pos
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok && id.Name == "regexp" && strings.HasPrefix(n.Sel.Name, "MustCompile") || ok && id.Name == "regexp" && n.Sel.Name == "Compile" {
				at = n.Pos()
			}
		}
		return at == token.NoPos
	})
	return at, at != token.NoPos
}
