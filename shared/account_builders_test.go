package shared_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// accountBuilder is the one file allowed to fill in a whatsapp.Account from settings.
const accountBuilder = "shared/whatsapp/account.go"

// TestAccountBuiltInOnePlace: no production file but whatsapp.LoadAccount's reads an
// organisation's API token (a Get naming messaging.SecretAPIToken) or builds a whatsapp.Account
// with fields, so no service or function can build an account from settings differently; an
// empty Account{} (a failed result) is allowed.
func TestAccountBuiltInOnePlace(t *testing.T) {
	var got []string
	for _, dir := range []string{"../shared", "../functions", "../infra"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			rel := strings.TrimPrefix(filepath.ToSlash(path), "../")
			if rel == accountBuilder {
				return nil
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			inWhatsapp := f.Name.Name == "whatsapp"
			ast.Inspect(f, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CompositeLit:
					if len(x.Elts) > 0 && isAccountType(x.Type, inWhatsapp) {
						got = append(got, fset.Position(x.Pos()).String()+" builds a whatsapp.Account")
					}
				case *ast.CallExpr:
					if readsAPIToken(x) {
						got = append(got, fset.Position(x.Pos()).String()+" reads the API token")
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, pos := range got {
		t.Errorf("%s: use whatsapp.LoadAccount", pos)
	}
}

// isAccountType reports whether expr names whatsapp.Account (Account inside package whatsapp).
func isAccountType(expr ast.Expr, inWhatsapp bool) bool {
	switch x := expr.(type) {
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		return ok && id.Name == "whatsapp" && x.Sel.Name == "Account"
	case *ast.Ident:
		return inWhatsapp && x.Name == "Account"
	}
	return false
}

// readsAPIToken reports whether call is a Get whose arguments name messaging.SecretAPIToken.
func readsAPIToken(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Get" {
		return false
	}
	found := false
	for _, arg := range call.Args {
		ast.Inspect(arg, func(n ast.Node) bool {
			if s, ok := n.(*ast.SelectorExpr); ok && s.Sel.Name == "SecretAPIToken" {
				found = true
			}
			return !found
		})
	}
	return found
}
