package auth

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"casebook/store"
)

// TestKeysAreGeneratedPerInstallationAndKept checks that cookie keys come
// from the database: two installations differ, one keeps its own across
// restarts.
func TestKeysAreGeneratedPerInstallationAndKept(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	keys := func(name string) ([]byte, []byte) {
		st, err := store.Open(ctx, filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		h, b, err := st.SessionKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 64 || len(b) != 32 {
			t.Fatalf("key sizes %d %d", len(h), len(b))
		}
		return h, b
	}
	h1, b1 := keys("a.db")
	h2, b2 := keys("a.db")
	h3, _ := keys("b.db")
	if !bytes.Equal(h1, h2) || !bytes.Equal(b1, b2) {
		t.Error("keys changed across restarts: every session would end")
	}
	if bytes.Equal(h1, h3) {
		t.Error("two installations share a key")
	}
}

func TestTokenIDIsAHash(t *testing.T) {
	if id := tokenID("token"); id == "token" || len(id) != 64 {
		t.Errorf("tokenID %q", id)
	}
}
