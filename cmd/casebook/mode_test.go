//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFilesArePrivate: under the usual umask (022), the database that
// `user add` creates, its -wal and -shm files, and the copy `backup`
// writes are readable by their owner alone, as `export` already is.
func TestFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
	ctx := context.Background()
	dir, out := t.TempDir(), t.TempDir()
	db := filepath.Join(dir, "c.db")
	var stdout, stderr bytes.Buffer
	if err := run(ctx, []string{"user", "add", "a@example.org", "--role", "admin", "--password-stdin", "--db", db}, strings.NewReader("a long password"), &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(out, "copy.db")
	if err := run(ctx, []string{"backup", copyPath, "--db", db}, nil, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	exportPath := filepath.Join(out, "export.json")
	if err := run(ctx, []string{"export", exportPath, "--db", db}, nil, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "copy.db export.json" {
		t.Errorf("beside the copies: %v", names)
	}
	for _, p := range []string{db, copyPath, exportPath} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("%s: mode %04o, want 0600", filepath.Base(p), got)
		}
	}
}
