package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/term"

	"casebook/auth"
	"casebook/content"
	"casebook/demo"
	"casebook/handlers"
	"casebook/password"
	"casebook/scheduler"
	"casebook/store"
	"casebook/workflow"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dbPath := fs.String("db", "casebook.db", "database file")
	withDemo := fs.Bool("demo", false, "load demo content into an empty database")
	fourEyes := fs.Bool("four-eyes", true, "whoever submits a revision cannot approve or publish it")
	secure := fs.Bool("secure-cookies", false, "served over TLS (directly or behind a TLS proxy)")
	lang := fs.String("lang", "ru", "language for visitors whose browser asks for neither ru nor en")
	idle := fs.Duration("session-idle", 2*time.Hour, "a studio session unused this long ends")
	lifetime := fs.Duration("session-lifetime", 12*time.Hour, "a studio session ends this long after sign-in")
	trustProxy := fs.Bool("trust-proxy", false, "take the client address from X-Forwarded-For and the scheme from X-Forwarded-Proto (behind a reverse proxy that sets them)")
	logAddresses := fs.Bool("log-addresses", false, "write client addresses to the access log (off: readers stay unrecorded)")
	accessLog := fs.Bool("access-log", true, "log a line per request (never with the client's address unless --log-addresses)")
	pprofAddr := fs.String("pprof-addr", "", "serve Go's profiler on this loopback address (e.g. 127.0.0.1:6060), for performance work")
	baseURL := fs.String("base-url", "", "the site's public address for canonical links, feeds, the sitemap and invitation links (without it they follow each request's Host: set it in production)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if len(pos) > 0 {
		return fmt.Errorf("serve: unexpected argument %q", pos[0])
	}
	defLang, ok := content.ParseLang(*lang)
	if !ok {
		return fmt.Errorf("serve: --lang must be ru or en")
	}
	if *baseURL != "" && !siteAddress(*baseURL) {
		return fmt.Errorf("serve: --base-url must be the site's address, such as https://casebook.example.org")
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	tuneGC()
	if *baseURL == "" {
		// Links in feeds, the sitemap and canonical tags then name
		// whatever host each request states; Casebook keys its own cache
		// on it and says Vary: Host, but a cache in front that ignores
		// Vary would give one request's address to every reader.
		log.Warn("no --base-url: absolute links are built from each request's Host header", "risk", "a cache in front that ignores Vary: Host can serve a forged address to every reader", "fix", "pass --base-url https://your.site")
		fmt.Fprintln(stderr, "casebook: WARNING: --base-url is not set. Canonical links, feeds, the sitemap and invitation links will name whatever host a request states, and a cache in front of Casebook that does not honour Vary: Host could serve a forged address to every reader. Pass --base-url https://your.site (or CASEBOOK_BASE_URL).")
	}

	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	warnIfShared(log, *dbPath)
	if *withDemo {
		if err := demo.Load(ctx, st, stdout); err != nil {
			return fmt.Errorf("demo content: %w", err)
		}
	}
	sess, err := auth.NewSessionStore(ctx, st, *secure)
	if err != nil {
		return err
	}
	if *idle <= 0 || *lifetime <= 0 {
		return fmt.Errorf("serve: session durations must be positive")
	}
	sess.Idle, sess.Lifetime = *idle, *lifetime
	opts := []handlers.Option{
		handlers.WithRules(workflow.Rules{FourEyes: *fourEyes}),
		handlers.WithDefaultLang(defLang),
		handlers.WithSecure(*secure),
		handlers.WithLogAddresses(*logAddresses),
		handlers.WithBaseURL(*baseURL),
		handlers.WithTrustProxy(*trustProxy),
	}
	if !*accessLog {
		opts = append(opts, handlers.WithoutAccessLog())
	}
	h := handlers.New(st, sess, log, opts...)
	e := echo.New()
	// The address is used only to throttle failed sign-ins (and, if the
	// operator asks, for the log); behind a proxy it comes from the proxy.
	e.IPExtractor = echo.ExtractIPDirect()
	if *trustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	}
	h.Routes(e)

	if *pprofAddr != "" {
		host, _, err := net.SplitHostPort(*pprofAddr)
		if err != nil || !net.ParseIP(host).IsLoopback() {
			return fmt.Errorf("serve: --pprof-addr must be a loopback address")
		}
		mux := http.NewServeMux()
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		go func() {
			if err := http.ListenAndServe(*pprofAddr, mux); err != nil {
				log.Error("pprof", "err", err)
			}
		}()
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h.FastPath(e),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("casebook is listening", "url", "http://"+ln.Addr().String()+"/", "db", *dbPath, "four_eyes", *fourEyes)
	go scheduler.Run(ctx, st, log, scheduler.Config{Interval: 30 * time.Second, SessionIdle: sess.Idle, Clock: scheduler.Wall{}})
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Requests in flight finish; new connections are refused.
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// siteAddress says whether u is scheme://host with nothing after it but a
// slash: every link is built by appending a path to it.
func siteAddress(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" && p.User == nil &&
		(p.Path == "" || p.Path == "/") && p.RawQuery == "" && p.Fragment == "" && !p.ForceQuery
}

func cmdMigrate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	dbPath := fs.String("db", "casebook.db", "database file")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if len(pos) > 0 {
		return fmt.Errorf("migrate: unexpected argument %q", pos[0])
	}
	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	return st.Close()
}

func cmdUserAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	dbPath := fs.String("db", "casebook.db", "database file")
	role := fs.String("role", "", "researcher, lawyer, editor or admin")
	name := fs.String("name", "", "the person's name")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	if len(pos) != 1 {
		return fmt.Errorf("user add: give one e-mail address")
	}
	if _, ok := workflow.ParseRole(*role); !ok {
		return fmt.Errorf("user add: unknown role %q: use researcher, lawyer, editor or admin", *role)
	}
	var pw string
	if *fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("user add: reading the password: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
	} else {
		if pw, err = promptPassword(stderr); err != nil {
			return fmt.Errorf("user add: %w", err)
		}
	}
	// Refused before the database is opened, so that a refusal leaves no
	// new database file behind; CreateUser checks again.
	if err := password.Check(pw, pos[0], *name); err != nil {
		return fmt.Errorf("user add: password refused: %w", err)
	}
	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.CreateUser(ctx, nil, store.NewUser{Email: pos[0], Name: *name, Role: *role, Password: pw})
	if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	fmt.Fprintf(stdout, "created %s (%s)\n", u.Email, u.Role)
	return nil
}

// promptPassword asks twice on the terminal without echo.
func promptPassword(stderr io.Writer) (string, error) {
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", errors.New("standard input is not a terminal: pass the password with --password-stdin")
	}
	fmt.Fprintln(stderr, "At least 10 characters; a phrase of several unrelated words is best, digits and symbols are not needed.")
	fmt.Fprintln(stderr, "Common and leaked passwords, and ones made from the name or e-mail address, are refused.")
	fmt.Fprint(stderr, "Password: ")
	a, err := term.ReadPassword(fd)
	fmt.Fprintln(stderr)
	if err != nil {
		return "", err
	}
	fmt.Fprint(stderr, "Repeat the password: ")
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(stderr)
	if err != nil {
		return "", err
	}
	if string(a) != string(b) {
		return "", errors.New("the passwords differ")
	}
	return string(a), nil
}

func cmdBackup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dbPath := fs.String("db", "casebook.db", "database file")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if len(pos) != 1 {
		return fmt.Errorf("backup: give the file to write")
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	return st.Backup(ctx, pos[0])
}

// warnIfShared tells the operator when every local user can read the
// database, as with one created before Casebook made new ones 0600. Its
// mode is the operator's to set, so it is only said, at each start.
func warnIfShared(log *slog.Logger, path string) {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o007 == 0 {
		return
	}
	log.Warn("every user of this machine can read the database: chmod 600 it and its -wal and -shm files",
		"db", path, "mode", fmt.Sprintf("%04o", fi.Mode().Perm()))
}

// tuneGC trades memory the server has to spare for collector time. Its live
// heap is small (tens of MB: the page cache and the read pool), so at Go's
// default GOGC=100 a public page under load pays for frequent collections;
// a 400% target with a 128 MiB soft limit lets the heap grow between cycles
// and collects harder only near the limit, which sits well above the most
// the server keeps live (the page cache's 64 MiB budget, both copies of
// each page counted, plus pools and templates), so the collector never
// chases it. BENCHMARKS.md has the figures.
// GOGC and GOMEMLIMIT in the environment still win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(128 << 20)
	}
}
