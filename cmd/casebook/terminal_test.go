package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"casebook/store"
)

// TestUserAddPromptsOnATerminal runs `casebook user add` as its own
// process on a pseudo-terminal, as a person would in a shell: it asks for
// the password twice without echo, and refuses two that differ. The exit
// status is the one a shell sees.
func TestUserAddPromptsOnATerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "tty.db")
	add := func(email string, answers ...string) (string, error) {
		t.Helper()
		return onTerminal(t, []string{"user", "add", email, "--role", "editor", "--name", "Tty Person", "--db", db}, answers...)
	}
	out, err := add("tty@example.org", "walnut sextant drizzle terminal", "walnut sextant drizzle terminal")
	if err != nil {
		t.Fatalf("user add on a terminal: %v\n%s", err, out)
	}
	if !strings.Contains(out, "Password:") || !strings.Contains(out, "Repeat the password:") {
		t.Errorf("no prompts: %q", out)
	}
	if strings.Contains(out, "walnut sextant drizzle terminal") {
		t.Errorf("the password was echoed: %q", out)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Authenticate(context.Background(), "tty@example.org", "walnut sextant drizzle terminal", true); err != nil {
		t.Errorf("the account made on the terminal cannot sign in: %v", err)
	}
	st.Close()
	var exit *exec.ExitError
	out, err = add("other@example.org", "first password here", "second password here")
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(out, "differ") {
		t.Errorf("passwords that differ: %v %q", err, out)
	}
	out, err = add("tty@example.org", "walnut sextant drizzle terminal", "walnut sextant drizzle terminal")
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(out, "already exists") {
		t.Errorf("a duplicate e-mail: %v %q", err, out)
	}
}

// onTerminal runs casebook with args as its own process on a
// pseudo-terminal, answering each prompt (a line ending in ":") in turn,
// and returns what the terminal showed and how the process ended.
func onTerminal(t *testing.T, args []string, answers ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CASEBOOK_CHILD=1", "CASEBOOK_ARGS="+strings.Join(args, "\x1f"))
	ptm, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("no pseudo-terminal on this machine: %v", err)
	}
	defer ptm.Close()
	// The test keeps the terminal's own side open too, to read its
	// settings: the child's echo switch lives there.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		tty.Close()
		t.Fatal(err)
	}
	echoOff := func() bool {
		tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
		return err == nil && tio.Lflag&unix.ECHO == 0
	}
	var seen strings.Builder
	r := bufio.NewReader(ptm)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, a := range answers {
			for !strings.HasSuffix(strings.TrimRight(seen.String(), " "), ":") {
				b, err := r.ReadByte()
				if err != nil {
					return
				}
				seen.WriteByte(b)
			}
			// The prompt is printed just before echo goes off; a person
			// types after that, and so does the test, or the terminal
			// itself would show the answer.
			for deadline := time.Now().Add(10 * time.Second); !echoOff() && time.Now().Before(deadline); {
				time.Sleep(time.Millisecond)
			}
			io.WriteString(ptm, a+"\r")
			seen.WriteString("<answered>")
		}
		rest, _ := io.ReadAll(r)
		seen.Write(rest)
	}()
	werr := make(chan error, 1)
	go func() { werr <- cmd.Wait() }()
	select {
	case err = <-werr:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		<-werr
		err = errors.New("killed: it hung")
	}
	// With the last holder of the terminal's side gone, reading the other
	// side ends.
	tty.Close()
	<-done
	if err != nil && err.Error() == "killed: it hung" {
		t.Fatalf("casebook %v hangs on the terminal; it printed %q", args, seen.String())
	}
	return seen.String(), err
}

// TestImportShowsProgressOnATerminal: a large import tells the person
// watching how far it got; the same import from a script stays quiet
// (TestImportExportCommands runs it without a terminal).
func TestImportShowsProgressOnATerminal(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "cases.json")
	if err := run(context.Background(), []string{"demo", "--cases", "250", "--out", file}, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	out, err := onTerminal(t, []string{"import", file, "--db", filepath.Join(dir, "import.db")})
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	for _, want := range []string{"imported 100/250", "imported 200/250", "imported 250/250"} {
		if !strings.Contains(out, want) {
			t.Errorf("the terminal does not show %q: %q", want, out)
		}
	}
}
