package events

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// One convention for every name: area, a dot, what happened, lower case.
func TestNamesFollowOneConvention(t *testing.T) {
	shape := regexp.MustCompile(`^[a-z]+(\.[a-z]+)+$`)
	seen := map[Name]bool{}
	for _, n := range All() {
		if !shape.MatchString(string(n)) {
			t.Errorf("event %q is not area.what in lower case (e.g. delivery.progress)", n)
		}
		if seen[n] {
			t.Errorf("event %q is listed twice", n)
		}
		seen[n] = true
	}
}

// All must list every Name constant of this package: the TypeScript contract is written
// from it, and a constant missing there would be an event the UI cannot name.
func TestAllListsEveryConstant(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "events.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, n := range All() {
		listed[string(n)] = true
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "Name" {
				continue
			}
			for i, name := range v.Names {
				lit := strings.Trim(v.Values[i].(*ast.BasicLit).Value, `"`)
				if !listed[lit] {
					t.Errorf("constant %s (%q) is missing from All()", name.Name, lit)
				}
			}
		}
	}
}

// No backend code names an event with a string literal: Emit takes a Name, and an untyped
// string constant would still compile, so this catches "sync:progress" coming back.
func TestEmitIsNeverCalledWithALiteral(t *testing.T) {
	for _, dir := range []string{"../../backend", "../../cmd", "../.."} {
		depth := filepath.Clean(dir) == filepath.Clean("../..")
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if depth && path != dir || d.Name() == "node_modules" {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Emit" {
					if lit, ok := call.Args[0].(*ast.BasicLit); ok {
						t.Errorf("%s: Emit(%s, ...): use a Name constant of package events", path, lit.Value)
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
}
