package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"casebook/store"
)

func TestParseFlagsAnywhere(t *testing.T) {
	for _, args := range [][]string{
		{"file.json", "--db", "x.db"},
		{"--db", "x.db", "file.json"},
		{"--db=x.db", "file.json"},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		db := fs.String("db", "casebook.db", "")
		pos, err := parseFlags(fs, args)
		if err != nil || *db != "x.db" || !slices.Equal(pos, []string{"file.json"}) {
			t.Errorf("%v: db=%s pos=%v err=%v", args, *db, pos, err)
		}
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.String("db", "", "")
	if pos, _ := parseFlags(fs, []string{"--", "--db"}); !slices.Equal(pos, []string{"--db"}) {
		t.Errorf("after --: %v", pos)
	}
}

func TestEnvironmentFillsFlags(t *testing.T) {
	t.Setenv("CASEBOOK_DB", "from-env.db")
	t.Setenv("CASEBOOK_FOUR_EYES", "false")
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	db := fs.String("db", "casebook.db", "")
	fe := fs.Bool("four-eyes", true, "")
	if _, err := parseFlags(fs, nil); err != nil || *db != "from-env.db" || *fe {
		t.Errorf("env: db=%s four-eyes=%v err=%v", *db, *fe, err)
	}
	fs = flag.NewFlagSet("t", flag.ContinueOnError)
	db = fs.String("db", "casebook.db", "")
	if _, err := parseFlags(fs, []string{"--db", "flag.db"}); err != nil || *db != "flag.db" {
		t.Errorf("the flag must win over the environment: %s", *db)
	}
}

func TestUserAdd(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "new.db")
	var out, errOut bytes.Buffer
	add := func(stdin string, args ...string) error {
		out.Reset()
		errOut.Reset()
		return run(ctx, append([]string{"user", "add"}, args...), strings.NewReader(stdin), &out, &errOut)
	}
	// Creates and migrates the database on the way.
	if err := add("gravel moth accordion tundra\n", "admin@example.org", "--role", "admin", "--name", "First Admin", "--password-stdin", "--db", db); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Authenticate(ctx, "admin@example.org", "gravel moth accordion tundra", true); err != nil {
		t.Fatalf("the new account cannot sign in: %v", err)
	}
	if err := add("saffron kettle glacier\n", "--db", db, "admin@example.org", "--role", "editor", "--password-stdin"); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("duplicate e-mail: %v", err)
	}
	if err := add("saffron kettle glacier\n", "x@example.org", "--role", "boss", "--password-stdin", "--db", db); err == nil || !strings.Contains(err.Error(), "unknown role") {
		t.Errorf("unknown role: %v", err)
	}
	if err := add("short\n", "y@example.org", "--role", "editor", "--password-stdin", "--db", db); err == nil {
		t.Errorf("short password accepted")
	}
	// Without --password-stdin and without a terminal it says what to do.
	if err := add("", "z@example.org", "--role", "editor", "--db", db); err == nil || !strings.Contains(err.Error(), "--password-stdin") {
		t.Errorf("no terminal: %v", err)
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"frobnicate"}, nil, &out, &errOut); err == nil {
		t.Error("unknown command accepted")
	}
	if err := run(context.Background(), nil, nil, &out, &errOut); err == nil {
		t.Error("no command accepted")
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"user", "add", "a@example.org", "--role", "admin", "--password-stdin", "--db", db}, strings.NewReader("gravel moth accordion tundra"), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if err := run(ctx, []string{"backup", copyPath, "--db", db}, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, _ := st.CountUsers(ctx); n != 1 {
		t.Errorf("backup has %d users", n)
	}
	if err := run(ctx, []string{"backup", copyPath, "--db", db}, nil, &out, &errOut); err == nil {
		t.Error("backup overwrote a file")
	}
}

// TestServeStopsCleanly starts the server as main does and cancels its
// context, as SIGTERM does: it answers, then returns without error.
func TestServeStopsCleanly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	db := filepath.Join(t.TempDir(), "s.db")
	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--demo"}, nil, out, errOut)
	}()
	var url string
	for i := 0; i < 200 && url == ""; i++ {
		time.Sleep(25 * time.Millisecond)
		if m := regexp.MustCompile(`url=(http://\S+/)`).FindStringSubmatch(errOut.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("the server did not say where it listens:\n%s", errOut.String())
	}
	res, err := http.Get(url + "en/cases/aleksandr-akimushkin")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("demo profile: %d", res.StatusCode)
	}
	for _, role := range []string{"researcher", "lawyer", "editor", "admin"} {
		if !strings.Contains(out.String(), role+"@casebook.test") {
			t.Errorf("demo account for %s not printed:\n%s", role, out.String())
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// serveInProcess runs serve on a database in the test's process and
// returns its address and the function that stops it.
func serveInProcess(t *testing.T, db string, extra ...string) (string, func()) {
	t.Helper()
	u, _, stop := serveLogged(t, db, extra...)
	return u, stop
}

// serveLogged is serveInProcess that also returns what serve writes to
// stderr.
func serveLogged(t *testing.T, db string, extra ...string) (string, *lockedBuffer, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, extra...), nil, out, errOut)
	}()
	stop := func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop")
		}
	}
	for i := 0; i < 200; i++ {
		time.Sleep(25 * time.Millisecond)
		if m := regexp.MustCompile(`url=(http://\S+)/`).FindStringSubmatch(errOut.String()); m != nil {
			return m[1], errOut, stop
		}
	}
	stop()
	t.Fatalf("the server did not say where it listens:\n%s", errOut.String())
	return "", nil, nil
}

// TestServeBaseURLAndTrustProxy: without --base-url serve warns on start,
// in the log and in a plain line, and links follow the request's host but
// take no scheme from X-Forwarded-Proto; --trust-proxy reaches the
// handler, which then takes it; with --base-url there is no warning and
// links name it; a --base-url that is not a site's address is refused.
func TestServeBaseURLAndTrustProxy(t *testing.T) {
	sitemapLine := func(base string) string {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, base+"/robots.txt", nil)
		req.Header.Set("X-Forwarded-Proto", "https")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return regexp.MustCompile(`Sitemap: (\S+)`).FindStringSubmatch(string(body))[1]
	}
	const warning = "WARNING: --base-url is not set"
	for _, tc := range []struct {
		flags   []string
		warns   bool
		sitemap func(base string) string
	}{
		{nil, true, func(base string) string { return base + "/sitemap.xml" }},
		{[]string{"--trust-proxy"}, true, func(base string) string { return "https://" + strings.TrimPrefix(base, "http://") + "/sitemap.xml" }},
		{[]string{"--base-url", "https://casebook.example/"}, false, func(string) string { return "https://casebook.example/sitemap.xml" }},
	} {
		base, errOut, stop := serveLogged(t, filepath.Join(t.TempDir(), "b.db"), tc.flags...)
		logged := errOut.String()
		if warns := strings.Contains(logged, warning) && strings.Contains(logged, "level=WARN") && strings.Contains(logged, "--base-url https://"); warns != tc.warns {
			t.Errorf("%v: warning %v:\n%s", tc.flags, warns, logged)
		}
		if got, want := sitemapLine(base), tc.sitemap(base); got != want {
			t.Errorf("%v: robots.txt names %s, want %s", tc.flags, got, want)
		}
		stop()
	}
	for _, bad := range []string{"casebook.example", "javascript:alert(1)", "https://casebook.example/path", "https://casebook.example/?x=1", "ftp://casebook.example"} {
		err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "x.db"), "--base-url", bad}, nil, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "--base-url") {
			t.Errorf("--base-url %q: %v", bad, err)
		}
	}
}

// TestServeFourEyesFlag: with --four-eyes=false the editor who wrote and
// submitted a case may also publish it; by default the same step is
// refused.
func TestServeFourEyesFlag(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		flags []string
		want  int
	}{
		{nil, http.StatusForbidden},
		{[]string{"--four-eyes=false"}, http.StatusSeeOther},
	} {
		db := filepath.Join(t.TempDir(), "f.db")
		for _, u := range [][]string{{"editor@example.org", "editor"}, {"lawyer@example.org", "lawyer"}} {
			if err := run(ctx, []string{"user", "add", u[0], "--role", u[1], "--password-stdin", "--db", db}, strings.NewReader("a long enough password\n"), io.Discard, io.Discard); err != nil {
				t.Fatal(err)
			}
		}
		relaxTwoFactor(t, db)
		base, stop := serveInProcess(t, db, tc.flags...)
		login := func(email string) *http.Client {
			t.Helper()
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			res, err := c.PostForm(base+"/login", url.Values{"email": {email}, "password": {"a long enough password"}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("login %s: %d", email, res.StatusCode)
			}
			return c
		}
		ed, law := login("editor@example.org"), login("lawyer@example.org")
		post := func(c *http.Client, path string, form url.Values) *http.Response {
			t.Helper()
			res, err := c.PostForm(base+path, form)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res
		}
		res := post(ed, "/studio/cases/new", url.Values{"name_en": {"Four Eyes"}, "headline_en": {"h"}, "body_en": {"b"}, "status": {"political_prisoner"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d", res.StatusCode)
		}
		casePath := res.Header.Get("Location")
		revision := func() string {
			t.Helper()
			res, err := ed.Get(base + casePath)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			m := regexp.MustCompile(`name="revision" value="(\d+)"`).FindSubmatch(body)
			if m == nil {
				t.Fatalf("no revision on the case page %s", casePath)
			}
			return string(m[1])
		}
		transition := func(c *http.Client, tr string, extra url.Values) int {
			t.Helper()
			form := url.Values{"transition": {tr}, "revision": {revision()}}
			for k, v := range extra {
				form[k] = v
			}
			return post(c, casePath+"/transition", form).StatusCode
		}
		if got := transition(ed, "submit", nil); got != http.StatusSeeOther {
			t.Fatalf("%v: submit by the editor: %d", tc.flags, got)
		}
		if got := transition(law, "approve_legal", url.Values{"criteria": {"a"}, "violence": {"no"}, "sufficient": {"yes"}, "notes": {"n"}}); got != http.StatusSeeOther {
			t.Fatalf("%v: approve: %d", tc.flags, got)
		}
		if got := transition(ed, "publish", nil); got != tc.want {
			t.Errorf("%v: the editor who submitted publishes: %d, want %d", tc.flags, got, tc.want)
		}
		res, err := http.Get(base + "/en/cases/four-eyes")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if public := res.StatusCode == http.StatusOK; public != (tc.want == http.StatusSeeOther) {
			t.Errorf("%v: public profile %d", tc.flags, res.StatusCode)
		}
		stop()
	}
}

// relaxTwoFactor lifts the requirement of a second factor that a new
// database makes of editors and admins, as a team may in its settings,
// for tests whose editors sign in with a password alone. It adds the
// administrator who does it.
func relaxTwoFactor(t *testing.T, db string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin, err := st.CreateUser(ctx, nil, store.NewUser{Email: "settings.admin@example.org", Role: "admin", Password: "lantern obelisk quarry velvet"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetRequired2FA(ctx, admin, nil); err != nil {
		t.Fatal(err)
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestImportExportCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	var out, errOut bytes.Buffer
	file := filepath.Join(dir, "cases.json")
	os.WriteFile(file, []byte(`[{"slug": "", "status": "political_prisoner", "ru": {"name": "Иван Иванов", "headline": "h", "body": "b"}},
	  {"slug": "ok-two", "status": "political_prisoner", "en": {"name": "Two", "headline": "h", "body": "b"}}]`), 0o644)
	if err := run(ctx, []string{"import", file, "--db", db, "--as-published"}, nil, &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "imported 2 cases") {
		t.Errorf("import said %q", out.String())
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`[{"slug": "ok-two", "status": "political_prisoner", "detained_on": "May", "en": {"name": "X"}}]`), 0o644)
	out.Reset()
	errOut.Reset()
	err := run(ctx, []string{"import", "--db", db, bad}, nil, &out, &errOut)
	if err == nil || !strings.Contains(errOut.String(), "case 1 (ok-two): detained_on: Write the date as 2024") || !strings.Contains(errOut.String(), "slug: Another case already uses this address") {
		t.Errorf("bad import: %v\n%s", err, errOut.String())
	}
	exp := filepath.Join(dir, "export.json")
	if err := run(ctx, []string{"export", exp, "--db", db}, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	// The import and the export are in the audit log, and the export
	// carries the entries of each case.
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	log, err := st.AuditLog(ctx, store.AuditQuery{Limit: 100})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
		if e.Action == "case.import" && (e.CaseID == 0 || e.Revision != 1 || !strings.Contains(string(e.Data), `"published":true`)) {
			t.Errorf("case.import entry %+v", e)
		}
	}
	if got := strings.Join(actions, " "); got != "export import case.import case.import" || !strings.Contains(string(log[0].Data), `"file":"export.json"`) || !strings.Contains(string(log[1].Data), `"source":"cases.json"`) {
		t.Errorf("audit after import and export: %q %+v", got, log)
	}
	var dump store.Dump
	if raw, _ := os.ReadFile(exp); json.Unmarshal(raw, &dump) != nil || len(dump.Cases) != 2 {
		t.Fatalf("export: %d cases", len(dump.Cases))
	}
	for _, c := range dump.Cases {
		if len(c.Audit) != 1 || c.Audit[0].Action != "case.import" || c.Audit[0].Revision != 1 || c.Audit[0].At == "" {
			t.Errorf("exported audit of %s: %+v", c.Slug, c.Audit)
		}
	}
	if len(dump.Audit) != 1 || dump.Audit[0].Action != "import" {
		t.Errorf("exported audit outside cases: %+v", dump.Audit)
	}
	db2 := filepath.Join(dir, "b.db")
	if err := run(ctx, []string{"import", exp, "--db", db2}, nil, &out, &errOut); err != nil {
		t.Fatalf("re-import: %v\n%s", err, errOut.String())
	}
	exp2 := filepath.Join(dir, "export2.json")
	if err := run(ctx, []string{"export", exp2, "--db", db2}, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(exp)
	b, _ := os.ReadFile(exp2)
	var da, dbb map[string]any
	json.Unmarshal(a, &da)
	json.Unmarshal(b, &dbb)
	ca, _ := json.Marshal(da["cases"].([]any)[0].(map[string]any)["revisions"])
	cb, _ := json.Marshal(dbb["cases"].([]any)[0].(map[string]any)["revisions"])
	if string(ca) != string(cb) || len(ca) < 100 {
		t.Errorf("revisions differ after a round trip through the commands")
	}
	if err := run(ctx, []string{"export", filepath.Join(dir, "x.json"), "--db", filepath.Join(dir, "missing.db")}, nil, &out, &errOut); err == nil {
		t.Error("export of a missing database succeeded")
	}
}

func TestDemoCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	file := filepath.Join(dir, "synthetic.json")
	if err := run(ctx, []string{"demo", "--cases", "30", "--out", file}, nil, &out, &errOut); err != nil {
		t.Fatalf("demo --out: %v", err)
	}
	db := filepath.Join(dir, "a.db")
	if err := run(ctx, []string{"import", file, "--db", db, "--as-published"}, nil, &out, &errOut); err != nil || !strings.Contains(out.String(), "imported 30 cases") {
		t.Fatalf("import of the synthetic file: %v\n%s%s", err, out.String(), errOut.String())
	}
	db2 := filepath.Join(dir, "b.db")
	if err := run(ctx, []string{"demo", "--cases", "25", "--db", db2}, nil, &out, &errOut); err != nil {
		t.Fatalf("demo --db: %v", err)
	}
	st, err := store.Open(ctx, db2)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if f, err := st.PublicFacets(ctx, store.PublicQuery{}); err != nil || f.Total != 25 {
		t.Errorf("demo --db published %v (%v)", f, err)
	}
	for _, args := range [][]string{{"demo", "--cases", "0"}, {"demo", "--cases", "x"}, {"demo", "extra"}} {
		if err := run(ctx, args, nil, &out, &errOut); err == nil {
			t.Errorf("%v succeeded", args)
		}
	}
}

// TestUserAddRefusesWeakPasswords runs `casebook user add` as a process,
// as an administrator would: a common, leaked or self-made password is
// refused on stderr with exit status 1 and the reason, and no database is
// made; a passphrase with spaces is taken.
func TestUserAddRefusesWeakPasswords(t *testing.T) {
	db := filepath.Join(t.TempDir(), "weak.db")
	add := func(pw string, args ...string) (stdout, stderr string, code int) {
		t.Helper()
		all := append([]string{"user", "add"}, args...)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "CASEBOOK_CHILD=1", "CASEBOOK_ARGS="+strings.Join(append(all, "--password-stdin", "--db", db), "\x1f"))
		cmd.Stdin = strings.NewReader(pw + "\n")
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return o.String(), e.String(), exit.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return o.String(), e.String(), 0
	}
	for _, tc := range []struct{ pw, name, why string }{
		{"password123", "", "most common and leaked"},
		{"correct horse battery staple", "", "most common and leaked"},
		{"anna.researcher2024", "Anna Researcher", "your own name or e-mail address"},
		{"Spring2024!", "", "guess quickly"},
		{"Xk9#mP2", "", "shorter than 10 characters"},
	} {
		out, errOut, code := add(tc.pw, "anna@example.org", "--role", "admin", "--name", tc.name)
		if code != 1 || out != "" || !strings.Contains(errOut, "password refused") || !strings.Contains(errOut, tc.why) || !strings.Contains(errOut, "passphrase of several unrelated words") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", tc.pw, code, out, errOut)
		}
		if strings.Contains(errOut, tc.pw) {
			t.Errorf("the refused password is repeated on stderr: %q", errOut)
		}
		if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("a refusal made the database: %v", err)
		}
	}
	out, errOut, code := add("quarry lantern velvet obelisk", "anna@example.org", "--role", "admin", "--name", "Anna Researcher")
	if code != 0 || !strings.Contains(out, "created anna@example.org (admin)") {
		t.Fatalf("a passphrase with spaces: exit %d, %q %q", code, out, errOut)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Authenticate(context.Background(), "anna@example.org", "quarry lantern velvet obelisk", true); err != nil {
		t.Errorf("the passphrase does not sign in, spaces and all: %v", err)
	}
}

// TestServeDemoAccountsWorkAsPrinted starts `serve --demo` on a new
// database, which requires the second factor of editors and admins: the
// demo lifts that and says so, and every account it prints signs in with
// its printed password and reaches the studio without enrolling.
func TestServeDemoAccountsWorkAsPrinted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := filepath.Join(t.TempDir(), "demo.db")
	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--demo"}, nil, out, errOut)
	}()
	var base string
	for i := 0; i < 400 && base == ""; i++ {
		time.Sleep(25 * time.Millisecond)
		if m := regexp.MustCompile(`url=(http://\S+)/`).FindStringSubmatch(errOut.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("the server did not say where it listens:\n%s", errOut.String())
	}
	printed := out.String()
	if !strings.Contains(printed, "Two-factor sign-in is not required in this demo") {
		t.Errorf("the demo does not say that it lifted the second factor:\n%s", printed)
	}
	accounts := regexp.MustCompile(`(?m)^\s+(\w+)\s+(\S+@\S+)\s+(\S+)$`).FindAllStringSubmatch(printed, -1)
	if len(accounts) != 4 {
		t.Fatalf("printed accounts:\n%s", printed)
	}
	for _, a := range accounts {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.PostForm(base+"/login", url.Values{"email": {a[2]}, "password": {a[3]}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/studio/" {
			t.Errorf("%s (%s) signs in: %d to %q", a[2], a[1], res.StatusCode, res.Header.Get("Location"))
			continue
		}
		res, err = c.Get(base + "/studio/")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s (%s) is sent from the studio to %q (%d)", a[2], a[1], res.Header.Get("Location"), res.StatusCode)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v", err)
	}
}
