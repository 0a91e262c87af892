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
	"testing"
	"time"

	"github.com/creack/pty"

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
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "CASEBOOK_CHILD=1",
			"CASEBOOK_ARGS="+strings.Join([]string{"user", "add", email, "--role", "editor", "--name", "Tty Person", "--db", db}, "\x1f"))
		tty, err := pty.Start(cmd)
		if err != nil {
			t.Fatalf("no pseudo-terminal on this machine: %v", err)
		}
		defer tty.Close()
		var seen strings.Builder
		r := bufio.NewReader(tty)
		done := make(chan struct{})
		go func() {
			defer close(done)
			for _, a := range answers {
				// Answer each prompt once it is on the screen, so the
				// terminal has echo turned off by then.
				for !strings.HasSuffix(strings.TrimRight(seen.String(), " "), ":") {
					b, err := r.ReadByte()
					if err != nil {
						return
					}
					seen.WriteByte(b)
				}
				io.WriteString(tty, a+"\r")
				seen.WriteString("<answered>")
			}
			rest, _ := io.ReadAll(r)
			seen.Write(rest)
		}()
		werr := make(chan error, 1)
		go func() { werr <- cmd.Wait() }()
		select {
		case err = <-werr:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("user add hangs on the terminal; it printed %q", seen.String())
		}
		tty.Close()
		<-done
		return seen.String(), err
	}
	out, err := add("tty@example.org", "a terminal password", "a terminal password")
	if err != nil {
		t.Fatalf("user add on a terminal: %v\n%s", err, out)
	}
	if !strings.Contains(out, "Password:") || !strings.Contains(out, "Repeat the password:") {
		t.Errorf("no prompts: %q", out)
	}
	if strings.Contains(out, "a terminal password") {
		t.Errorf("the password was echoed: %q", out)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Authenticate(context.Background(), "tty@example.org", "a terminal password"); err != nil {
		t.Errorf("the account made on the terminal cannot sign in: %v", err)
	}
	st.Close()
	var exit *exec.ExitError
	out, err = add("other@example.org", "first password here", "second password here")
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(out, "differ") {
		t.Errorf("passwords that differ: %v %q", err, out)
	}
	out, err = add("tty@example.org", "a terminal password", "a terminal password")
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(out, "already exists") {
		t.Errorf("a duplicate e-mail: %v %q", err, out)
	}
}
