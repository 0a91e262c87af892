//go:build unix

package store

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// withUmask runs the test under the usual umask of a shell, 022, which
// leaves files SQLite creates readable by every local user unless
// Casebook sees to it.
func withUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: mode %04o, want %04o", filepath.Base(path), got, want)
	}
}

// TestNewDatabaseIsPrivate: a database Casebook creates, with its -wal and
// -shm files, is readable by its owner alone; an existing one keeps the
// mode its operator gave it.
func TestNewDatabaseIsPrivate(t *testing.T) {
	withUmask(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "casebook.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustUser(t, s, "a@example.org", "admin")
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		checkMode(t, p, 0o600)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	checkMode(t, backup, 0o600)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustUser(t, s, "b@example.org", "editor")
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		checkMode(t, p, 0o640)
	}
}

// TestBackupRefusesToOverwrite: the copy goes only to a new file, and a
// failed one leaves nothing behind.
func TestBackupRefusesToOverwrite(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	dir := t.TempDir()
	there := filepath.Join(dir, "there.db")
	if err := os.WriteFile(there, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, there); err == nil {
		t.Error("a backup overwrote a file")
	}
	if b, _ := os.ReadFile(there); string(b) != "keep me" {
		t.Errorf("the file became %q", b)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	gone := filepath.Join(dir, "gone.db")
	if err := s.Backup(canceled, gone); err == nil {
		t.Error("a canceled backup succeeded")
	}
	if _, err := os.Stat(gone); !os.IsNotExist(err) {
		t.Errorf("a failed backup left %s: %v", gone, err)
	}
}
