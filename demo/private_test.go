package demo

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"casebook/store"
)

// TestDemoPrivateFieldsAreSavedNotPrinted: the demo gives one published
// case private fields, which a lawyer reads in the studio, and what Load
// prints (the output of `serve --demo`), the first time and again, holds
// none of them.
func TestDemoPrivateFieldsAreSavedNotPrinted(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out bytes.Buffer
	for range 2 {
		if err := Load(ctx, st, &out); err != nil {
			t.Fatal(err)
		}
	}
	lawyer, err := st.UserByEmail(ctx, "lawyer@casebook.test")
	if err != nil {
		t.Fatal(err)
	}
	for slug, fields := range Private() {
		pc, err := st.PublicCaseBySlug(ctx, slug)
		if err != nil {
			t.Fatalf("%s is not published: %v", slug, err)
		}
		page, err := st.ReadPrivate(ctx, lawyer, pc.Case.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range store.PrivateKeys() {
			if fields[k] == "" || page.Field(k).Value != fields[k] {
				t.Errorf("%s %s: %q, want %q", slug, k, page.Field(k).Value, fields[k])
			}
			for _, part := range []string{fields[k], fields[k][:20], "+7 900 000-00"} {
				if strings.Contains(out.String(), part) {
					t.Errorf("the demo printed %q:\n%s", part, out.String())
				}
			}
		}
	}
	if !strings.Contains(out.String(), "Demo accounts") {
		t.Fatalf("the demo printed nothing to look at:\n%s", out.String())
	}
}
