package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// computedKeys are the errs keys that are not string literals, each with
// the test that checks every key it can take. Any other key must be a
// literal, so that TestErrsKeysInCatalog can read it.
var computedKeys = map[string]string{
	"store/users.go: r.Key()": "a *password.Refusal's key: TestEveryKeyExists checks every password.Reasons()",
}

// TestErrsKeysInCatalog reads every Go source of the module for the
// domain errors it builds (errs.E, errs.NotFound, errs.Forbidden,
// errs.Conflict, errs.Invalid, errs.Gone, and errs.Error literals) and
// checks that each names a message the catalog has, with as many
// arguments as the message has verbs in both languages: the error page
// and the command line show that message, and a key the catalog lacks
// would reach nobody.
func TestErrsKeysInCatalog(t *testing.T) {
	c := New()
	texts := messages()
	for k, v := range openDataMessages() {
		texts[k] = v
	}
	for k, v := range publicDataMessages() {
		texts[k] = v
	}
	for k, v := range reviewLinkMessages() {
		texts[k] = v
	}
	found := 0
	check := func(where, key string, args int, variadic bool) {
		found++
		if !c.Has(key) {
			t.Errorf("%s: the domain error names %q, which is not in the catalog", where, key)
			return
		}
		m, ok := texts[key]
		if !ok || variadic {
			return // a plural's argument is its number; a spread is not counted
		}
		for i, text := range m {
			if n := verbs(text); n >= 0 && n != args {
				t.Errorf("%s: %q takes %d arguments in %s, the call gives %d", where, key, n, [2]string{"Russian", "English"}[i], args)
			}
		}
	}
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		name := errsName(f)
		if name == "" {
			return nil
		}
		at := func(n ast.Node) string { return rel + ":" + strconv.Itoa(fset.Position(n.Pos()).Line) }
		// key reads a key expression: a string literal, or a computed key
		// that computedKeys lists.
		key := func(e ast.Expr) (string, bool) {
			if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				return s, err == nil
			}
			var b strings.Builder
			printExpr(&b, e)
			if _, ok := computedKeys[rel+": "+b.String()]; !ok {
				t.Errorf("%s: the key %s is not a string literal: write the key itself, or list the expression in computedKeys with the test that checks it", at(e), b.String())
			}
			found++
			return "", false
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || !isIdent(sel.X, name) {
					return true
				}
				i := -1
				switch sel.Sel.Name {
				case "NotFound", "Forbidden", "Conflict", "Invalid", "Gone":
					i = 0
				case "E":
					i = 1
				}
				if i < 0 {
					return true
				}
				if len(n.Args) <= i {
					t.Errorf("%s: %s.%s without a key", at(n), name, sel.Sel.Name)
					return true
				}
				if k, ok := key(n.Args[i]); ok {
					check(at(n), k, len(n.Args)-i-1, n.Ellipsis.IsValid())
				}
			case *ast.CompositeLit:
				sel, ok := n.Type.(*ast.SelectorExpr)
				if !ok || !isIdent(sel.X, name) || sel.Sel.Name != "Error" {
					return true
				}
				var k ast.Expr
				args, variadic := 0, false
				for _, el := range n.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						t.Errorf("%s: an %s.Error literal without field names", at(n), name)
						return true
					}
					field, _ := kv.Key.(*ast.Ident)
					switch {
					case field == nil:
					case field.Name == "Key":
						k = kv.Value
					case field.Name == "Args":
						if lit, ok := kv.Value.(*ast.CompositeLit); ok {
							args = len(lit.Elts)
						} else {
							variadic = true
						}
					}
				}
				if k == nil {
					t.Errorf("%s: an %s.Error without a Key", at(n), name)
					return true
				}
				if s, ok := key(k); ok {
					check(at(n), s, args, variadic)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 60 {
		t.Fatalf("found only %d domain errors: the scan is broken", found)
	}
}

// errsName is the name under which f imports casebook/errs, or "".
func errsName(f *ast.File) string {
	for _, imp := range f.Imports {
		if imp.Path.Value != `"casebook/errs"` {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name
		}
		return "errs"
	}
	return ""
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// printExpr writes the few expression forms a computed key takes.
func printExpr(b *strings.Builder, e ast.Expr) {
	switch e := e.(type) {
	case *ast.Ident:
		b.WriteString(e.Name)
	case *ast.SelectorExpr:
		printExpr(b, e.X)
		b.WriteString("." + e.Sel.Name)
	case *ast.CallExpr:
		printExpr(b, e.Fun)
		b.WriteString("()")
	default:
		b.WriteString("<expression>")
	}
}

var verb = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?([a-zA-Z%\[])`)

// verbs counts the arguments a message's fmt verbs take, or -1 where it
// numbers them (%[1]s), which this count does not follow.
func verbs(text string) int {
	n := 0
	for _, m := range verb.FindAllStringSubmatch(text, -1) {
		switch m[1] {
		case "%":
		case "[":
			return -1
		default:
			n++
		}
	}
	return n
}
