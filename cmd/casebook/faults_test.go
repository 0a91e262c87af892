package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"casebook/content"
	"casebook/store"
)

// TestMain lets a test start this very binary as the casebook server, in
// a process of its own that it can kill: CASEBOOK_CHILD=1 runs run() with
// the given arguments instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("CASEBOOK_CHILD") == "1" {
		ctx, stop := signalContext()
		defer stop()
		args := strings.Split(os.Getenv("CASEBOOK_ARGS"), "\x1f")
		if err := run(ctx, args, os.Stdin, os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "casebook:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// server is a casebook serve process started by a test.
type server struct {
	cmd  *exec.Cmd
	url  string
	logs *lockedBuffer
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func startServer(t *testing.T, db string, extra ...string) *server {
	t.Helper()
	addr := freeAddr(t)
	args := append([]string{"serve", "--db", db, "--addr", addr}, extra...)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CASEBOOK_CHILD=1", "CASEBOOK_ARGS="+strings.Join(args, "\x1f"))
	logs := &lockedBuffer{}
	cmd.Stderr, cmd.Stdout = logs, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, url: "http://" + addr, logs: logs}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; i < 400; i++ {
		if res, err := http.Get(s.url + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("the server did not start:\n%s", logs.String())
	return nil
}

func signIn(t *testing.T, base, email string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 10 * time.Second}
	res, err := c.PostForm(base+"/login", url.Values{"email": {email}, "password": {"long enough password"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	return c
}

var revisionField = regexp.MustCompile(`name="revision" value="([0-9]+)"`)

// save edits a case through the studio form with a unique headline and
// reports whether the server answered that the save is done.
func save(c *http.Client, base string, id int64, marker string) (bool, error) {
	res, err := c.Get(fmt.Sprintf("%s/studio/cases/%d/edit", base, id))
	if err != nil {
		return false, err
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := revisionField.FindSubmatch(body)
	if m == nil {
		return false, fmt.Errorf("no revision in the form (%d)", res.StatusCode)
	}
	form := url.Values{
		"revision": {string(m[1])}, "name_en": {"Load Person"}, "headline_en": {marker}, "body_en": {"## Body\n\n" + marker},
		"status": {"political_prisoner"},
	}
	res, err = c.PostForm(fmt.Sprintf("%s/studio/cases/%d/edit", base, id), form)
	if err != nil {
		return false, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return false, fmt.Errorf("save answered %d", res.StatusCode)
	}
	return true, nil
}

// seed makes a database with an editor and n draft cases.
func seed(t *testing.T, db string, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ed, err := st.CreateUser(ctx, nil, store.NewUser{Email: "editor@example.org", Role: "editor", Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	relaxTwoFactor(t, db)
	var ids []int64
	for i := 0; i < n; i++ {
		c := sampleContent(i)
		id, err := st.CreateCase(ctx, ed, c)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// TestKill9LosesNoAnsweredSave kills the server with SIGKILL in the middle
// of a write load; on restart the database is intact and every save the
// server had answered is there.
func TestKill9LosesNoAnsweredSave(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	ids := seed(t, db, 4)
	s := startServer(t, db)
	var mu sync.Mutex
	var answered []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := signIn(t, s.url, "editor@example.org")
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				marker := fmt.Sprintf("writer %d save %d", w, i)
				if ok, _ := save(c, s.url, id, marker); ok {
					mu.Lock()
					answered = append(answered, marker)
					mu.Unlock()
				}
			}
		}()
	}
	// Kill in the middle of the load: once enough saves were answered
	// (sign-in hashes passwords, which a busy machine makes slow, so a
	// fixed wait may kill before any save), or after 30 s whatever came.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		mu.Lock()
		n := len(answered)
		mu.Unlock()
		if n >= 40 {
			break
		}
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()
	close(stop)
	wg.Wait()
	if len(answered) < 10 {
		t.Fatalf("only %d saves before the kill: the load did not run", len(answered))
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got, err := st.IntegrityCheck(ctx); err != nil || got != "ok" {
		t.Fatalf("integrity_check: %q %v", got, err)
	}
	for _, m := range answered {
		if n, err := st.CountRevisionsContaining(ctx, m); err != nil || n == 0 {
			t.Errorf("answered save %q is missing after the kill (%v)", m, err)
		}
	}
	t.Logf("%d answered saves, all present after kill -9", len(answered))
}

// TestSIGTERMDrainsRequestsInFlight sends SIGTERM while a request is still
// arriving: the server finishes it and answers before it exits, and then
// refuses new connections.
func TestSIGTERMDrainsRequestsInFlight(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	seed(t, db, 1)
	s := startServer(t, db)
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := "email=nobody%40example.org&password=wrong+password"
	fmt.Fprintf(conn, "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", len(body))
	fmt.Fprint(conn, body[:10])
	time.Sleep(200 * time.Millisecond) // the request is in flight
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	fmt.Fprint(conn, body[10:])
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.Contains(status, "401") {
		t.Fatalf("the request in flight got %q (%v)", status, err)
	}
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("the server exited with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not exit after SIGTERM")
	}
	if _, err := http.Get(s.url + "/healthz"); err == nil {
		t.Error("the server still answers after exiting")
	}
	if !strings.Contains(s.logs.String(), "shutting down") {
		t.Errorf("no shutdown in the log:\n%s", s.logs.String())
	}
}

// TestBackupWhileWriting takes a backup while writers save; the copy
// passes the integrity check and exports.
func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	ids := seed(t, db, 4)
	s := startServer(t, db)
	var saves atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := signIn(t, s.url, "editor@example.org")
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if ok, _ := save(c, s.url, id, fmt.Sprintf("w%d-%d", w, i)); ok {
					saves.Add(1)
				}
			}
		}()
	}
	// The backup starts once saves are running (sign-in is slow on a busy
	// machine: a fixed wait may find none yet) and ends while they go on.
	waitForSaves := func(n int64) {
		for deadline := time.Now().Add(30 * time.Second); saves.Load() < n && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitForSaves(4)
	backup := filepath.Join(dir, "copy.db")
	var out, errOut lockedBuffer
	if err := run(context.Background(), []string{"backup", backup, "--db", db}, nil, &out, &errOut); err != nil {
		t.Fatalf("backup: %v %s", err, errOut.String())
	}
	during := saves.Load()
	waitForSaves(during + 4)
	close(stop)
	wg.Wait()
	if during == 0 || saves.Load() == during {
		t.Fatal("no saves ran around the backup")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got, err := st.IntegrityCheck(ctx); err != nil || got != "ok" {
		t.Fatalf("backup integrity: %q %v", got, err)
	}
	if d, err := st.Export(ctx); err != nil || len(d.Cases) != len(ids) {
		t.Fatalf("export from the backup: %v", err)
	}
}

func sampleContent(i int) *content.Case {
	c := &content.Case{Status: "political_prisoner", EN: content.Text{
		Name: fmt.Sprintf("Load Person %d", i), Headline: "A headline", Body: "## Body\n\nText.",
	}}
	c.Normalize()
	return c
}

// loadSeconds is how long the load test runs: a few seconds in the test
// suite, longer from the bench command (CASEBOOK_LOAD_SECONDS).
func loadSeconds() time.Duration {
	if s, err := time.ParseDuration(os.Getenv("CASEBOOK_LOAD_SECONDS") + "s"); err == nil && s > 0 {
		return s
	}
	return 2 * time.Second
}

// TestReadersAndWritersTogether runs 32 readers of public pages and 4
// writers editing cases through the studio at once: no 5xx, no failed
// request, no "database is locked".
func TestReadersAndWritersTogether(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	ids := seed(t, db, 8)
	// Publish half of them so that readers read real profiles.
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	dump, _ := store.ParseImport([]byte(`[{"slug": "published-a", "status": "political_prisoner", "en": {"name": "Published A", "headline": "h", "body": "b"}, "ru": {"name": "Опубликованный А", "headline": "h", "body": "б"}},
	  {"slug": "published-b", "status": "political_prisoner", "en": {"name": "Published B", "headline": "h", "body": "b"}}]`))
	if _, err := st.Import(ctx, dump, store.ImportOptions{AsPublished: true}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	s := startServer(t, db)
	pages := []string{"/ru/", "/en/", "/ru/cases", "/en/cases?q=published", "/en/cases/published-a", "/ru/cases/published-a", "/en/stats", "/sitemap.xml", "/api/v1/cases", "/en/feed.atom"}
	var requests, failures, serverErrors, saves atomic.Int64
	deadline := time.Now().Add(loadSeconds())
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	for r := 0; r < 32; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := r; time.Now().Before(deadline); i++ {
				res, err := client.Get(s.url + pages[i%len(pages)])
				requests.Add(1)
				if err != nil {
					failures.Add(1)
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode >= 500 {
					serverErrors.Add(1)
				} else if res.StatusCode != 200 {
					failures.Add(1)
				}
			}
		}()
	}
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := signIn(t, s.url, "editor@example.org")
			for i := 0; time.Now().Before(deadline); i++ {
				ok, err := save(c, s.url, ids[w], fmt.Sprintf("writer %d edit %d", w, i))
				requests.Add(2)
				if err != nil || !ok {
					failures.Add(1)
					t.Logf("writer %d: %v", w, err)
					continue
				}
				saves.Add(1)
			}
		}()
	}
	wg.Wait()
	logs := s.logs.String()
	t.Logf("%d requests, %d saves, %d failed, %d server errors", requests.Load(), saves.Load(), failures.Load(), serverErrors.Load())
	if failures.Load() != 0 || serverErrors.Load() != 0 {
		t.Errorf("%d failed requests, %d server errors", failures.Load(), serverErrors.Load())
	}
	if strings.Contains(logs, "database is locked") || strings.Contains(logs, "SQLITE_BUSY") || strings.Contains(logs, "level=ERROR") {
		t.Errorf("the server logged errors:\n%s", grepLines(logs, "ERROR"))
	}
	if saves.Load() < 4 || requests.Load() < 200 {
		t.Errorf("too little load ran: %d requests, %d saves", requests.Load(), saves.Load())
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
