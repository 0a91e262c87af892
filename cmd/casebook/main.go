// Command casebook runs Casebook: the server, and the commands that manage
// its database from a shell.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"

	"casebook/content"
	"casebook/errs"
	"casebook/i18n"
)

func main() {
	ctx, stop := signalContext()
	defer stop()
	// CASEBOOK_CPUPROFILE=file profiles any command, for performance work.
	if path := os.Getenv("CASEBOOK_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "casebook:", err)
		os.Exit(1)
	}
}

// signalContext ends when the process is asked to stop (SIGINT, SIGTERM):
// the server then drains the requests in flight.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

const usage = `usage:
  casebook serve   [--addr 127.0.0.1:8080] [--db casebook.db] [--demo] [--four-eyes=true] [--secure-cookies] [--lang ru]
                   [--session-idle 2h] [--session-lifetime 12h] [--trust-proxy] [--log-addresses]
  casebook migrate [--db FILE]
  casebook user add EMAIL --role researcher|lawyer|editor|admin [--name NAME] [--password-stdin] [--db FILE]
  casebook import FILE.json [--as-published] [--db FILE]
  casebook import-wordpress EXPORT.xml|REST-DIR [--type figurant] [--map FILE.json] [--lang ru] [--as-published]
                   [--uploads DIR] [--fetch] [--overwrite] [--db FILE]
  casebook export FILE.json [--include-private] [--db FILE]
                   (every case, revision, comment and audit entry; the cases' private fields, consent records
                   and takedown requests only with --include-private, which the audit log records)
  casebook export-site DIR [--base-url https://mirror.example.org] [--db FILE]
  casebook backup FILE [--db FILE]
                   (a copy of the whole database: private fields, accounts and sessions included;
                   keep it as safe as the database)
  casebook demo --cases N [--out FILE.json | --db FILE] [--photo-every 20] [--seed 1]

Every flag can also be set by an environment variable CASEBOOK_<FLAG>,
such as CASEBOOK_DB; a flag on the command line wins.`

// run is the whole program, apart from the process: tests call it. A
// domain error comes back in English, the command line's language.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return inEnglish(command(ctx, args, stdin, stdout, stderr))
}

// command runs the command that args name.
func command(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("no command\n%s", usage)
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, args[1:])
	case "user":
		if len(args) < 2 || args[1] != "add" {
			return fmt.Errorf("unknown user command\n%s", usage)
		}
		return cmdUserAdd(ctx, args[2:], stdin, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, args[1:])
	case "import":
		return cmdImport(ctx, args[1:], stdout, stderr)
	case "import-wordpress":
		return cmdImportWordPress(ctx, args[1:], stdout)
	case "export":
		return cmdExport(ctx, args[1:])
	case "demo":
		return cmdDemo(ctx, args[1:], stdout)
	case "export-site":
		return cmdExportSite(ctx, args[1:], stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", args[0], usage)
}

// englishError is a command's error with its domain error in English.
type englishError struct {
	err  error
	text string
}

func (e *englishError) Error() string { return e.text }
func (e *englishError) Unwrap() error { return e.err }

// inEnglish puts the domain error within err, which names a catalogue
// message rather than holding text (package errs), in English, and keeps
// what the commands said around it ("user add: ..."). An error without
// one, or whose key the catalogue lacks, stays as it is.
func inEnglish(err error) error {
	var de *errs.Error
	if !errors.As(err, &de) {
		return err
	}
	msg := i18n.New().Printer(content.EN).Error(de)
	if msg == "" {
		return err
	}
	text := err.Error()
	if raw := de.Error(); strings.Contains(text, raw) {
		text = strings.Replace(text, raw, msg, 1)
	} else {
		text += ": " + msg
	}
	return &englishError{err: err, text: text}
}
