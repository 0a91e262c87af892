//go:build unix

package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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
	if err := run(ctx, []string{"user", "add", "a@example.org", "--role", "admin", "--password-stdin", "--db", db}, strings.NewReader("ochre walrus timpani quiver"), &stdout, &stderr); err != nil {
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

// TestServeWarnsOfASharedDatabase: a database every local user can read
// (made before new ones were 0600) keeps its mode, and serve says so.
func TestServeWarnsOfASharedDatabase(t *testing.T) {
	for _, mode := range []os.FileMode{0o600, 0o644} {
		db := filepath.Join(t.TempDir(), "c.db")
		if err := run(context.Background(), []string{"migrate", "--db", db}, nil, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(db, mode); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		errOut := &lockedBuffer{}
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}, nil, io.Discard, errOut)
		}()
		for i := 0; i < 200 && !strings.Contains(errOut.String(), "url="); i++ {
			time.Sleep(25 * time.Millisecond)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		warned := strings.Contains(errOut.String(), "level=WARN") && strings.Contains(errOut.String(), "chmod 600")
		if warned != (mode == 0o644) {
			t.Errorf("mode %04o: warned %v\n%s", mode, warned, errOut.String())
		}
		if fi, _ := os.Stat(db); fi.Mode().Perm() != mode {
			t.Errorf("serve changed the mode %04o to %04o", mode, fi.Mode().Perm())
		}
	}
}
