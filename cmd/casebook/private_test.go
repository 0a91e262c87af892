package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"casebook/content"
	"casebook/demo"
	"casebook/store"
)

// cmdSecrets are distinctive private values, one per field.
var cmdSecrets = map[string]string{
	store.PrivateFamilyContact:     "Мать Zq9famQ, +7 900 000-33-44",
	store.PrivateLawyerContact:     "Адвокат Zq9lawQ",
	store.PrivateSourceReliability: "C3 Zq9srcQ",
	store.PrivateNotes:             "Zq9notQ: не звонить днём",
}

// privateDB makes a database with a case whose private fields hold
// cmdSecrets, and returns its path.
func privateDB(t *testing.T, dir string) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(dir, "private.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.CreateUser(ctx, nil, store.NewUser{Email: "lawyer@example.org", Name: "Lawyer", Role: "lawyer", Password: "gravel moth accordion tundra"}); err != nil {
		t.Fatal(err)
	}
	author, err := st.CreateUser(ctx, nil, store.NewUser{Email: "author@example.org", Name: "Author", Role: "researcher", Password: "gravel moth accordion tundra"})
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.CreateCase(ctx, author, demoCase(t))
	if err != nil {
		t.Fatal(err)
	}
	var edits []store.PrivateEdit
	for k, v := range cmdSecrets {
		edits = append(edits, store.PrivateEdit{Key: k, Value: v})
	}
	if _, err := st.SavePrivate(ctx, author, id, edits); err != nil {
		t.Fatal(err)
	}
	return db
}

func demoCase(t *testing.T) *content.Case {
	t.Helper()
	cases, err := demo.Cases()
	if err != nil {
		t.Fatal(err)
	}
	return cases[1]
}

// TestExportIncludePrivate: `casebook export` leaves the private fields
// out, key and all; with --include-private each case carries them under
// "private", the export is in the audit log, and `casebook import` of
// that file writes them back (exported again, the same). The flag is not
// read from the environment: a variable set once would put the private
// fields into every export, so the command refuses to run while it is
// set, and writes nothing.
func TestExportIncludePrivate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := privateDB(t, dir)
	var out, errOut bytes.Buffer
	plain, with := filepath.Join(dir, "plain.json"), filepath.Join(dir, "with.json")
	if err := run(ctx, []string{"export", plain, "--db", db}, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(plain)
	for _, v := range cmdSecrets {
		if strings.Contains(string(raw), v) {
			t.Errorf("the export without the flag holds %q", v)
		}
	}
	if strings.Contains(string(raw), `"private"`) {
		t.Error("the export without the flag has a \"private\" key")
	}
	if err := run(ctx, []string{"export", "--include-private", with, "--db", db}, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(with); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the export with private fields: %v %v", fi.Mode(), err)
	}
	exp := readExport(t, with)
	private := exp["cases"].([]any)[0].(map[string]any)["private"].(map[string]any)
	for k, v := range cmdSecrets {
		if private[k] != v {
			t.Errorf("\"private\".%s = %v, want %q", k, private[k], v)
		}
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	log, _ := st.AuditLog(ctx, store.AuditQuery{Limit: 3})
	st.Close()
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action+" "+string(e.Data))
	}
	if got := strings.Join(actions, "; "); !strings.Contains(got, `private.export {"file":"with.json","cases":1}`) {
		t.Errorf("the audit log after the export: %s", got)
	}

	db2 := filepath.Join(dir, "b.db")
	again := filepath.Join(dir, "again.json")
	for _, args := range [][]string{{"import", with, "--db", db2}, {"export", again, "--include-private", "--db", db2}} {
		if err := run(ctx, args, nil, &out, &errOut); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, errOut.String())
		}
	}
	back := readExport(t, again)["cases"].([]any)[0].(map[string]any)["private"]
	a, _ := json.Marshal(private)
	b, _ := json.Marshal(back)
	if string(a) != string(b) {
		t.Errorf("after the round trip:\n%s\nwant\n%s", b, a)
	}

	t.Setenv("CASEBOOK_INCLUDE_PRIVATE", "true")
	third := filepath.Join(dir, "third.json")
	if err := run(ctx, []string{"export", third, "--db", db}, nil, &out, &errOut); err == nil || !strings.Contains(err.Error(), "--include-private") {
		t.Errorf("with CASEBOOK_INCLUDE_PRIVATE set: %v", err)
	}
	if _, err := os.Stat(third); err == nil {
		t.Error("an export was written while CASEBOOK_INCLUDE_PRIVATE was set")
	}
}

// TestBackupIsTheWholeDatabase: the help says what `casebook backup`
// copies, private fields included, and the copy holds them.
func TestBackupIsTheWholeDatabase(t *testing.T) {
	ctx := context.Background()
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"help"}, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	help := out.String()
	if !regexp.MustCompile(`casebook backup FILE \[--db FILE\]\s+\(a copy of the whole database: private fields`).MatchString(help) ||
		!strings.Contains(help, "export FILE.json [--include-private]") {
		t.Errorf("the help does not say what backup and export carry:\n%s", help)
	}
	dir := t.TempDir()
	db := privateDB(t, dir)
	copyPath := filepath.Join(dir, "copy.db")
	if err := run(ctx, []string{"backup", copyPath, "--db", db}, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	lawyer, err := st.UserByEmail(ctx, "lawyer@example.org")
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.ReadPrivate(ctx, lawyer, 1)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range cmdSecrets {
		if page.Field(k).Value != v {
			t.Errorf("the backup's %s: %q", k, page.Field(k).Value)
		}
	}
}

// TestServeDemoShowsPrivateFieldsInTheStudioOnly: `serve --demo` prints
// its accounts and nothing of the demo's private fields; signed in with
// the printed lawyer's password, the studio shows them.
func TestServeDemoShowsPrivateFieldsInTheStudioOnly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := filepath.Join(t.TempDir(), "demo.db")
	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--demo", "--base-url", "http://casebook.test"}, nil, out, errOut)
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
	m := regexp.MustCompile(`(?m)^\s+lawyer\s+(\S+@\S+)\s+(\S+)$`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no lawyer printed:\n%s", out.String())
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(base+"/login", url.Values{"email": {m[1]}, "password": {m[2]}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	get := func(path string) string {
		res, err := c.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		return string(b)
	}
	link := regexp.MustCompile(`href="(/studio/cases/[0-9]+)">(?:Марина Соколова|Marina Sokolova)<`).FindStringSubmatch(get("/studio/"))
	if link == nil {
		t.Fatal("the demo's case with private fields is not on the dashboard")
	}
	page := get(link[1] + "/private")
	for _, v := range demo.Private()["marina-sokolova"] {
		if !strings.Contains(page, htmlEscape(v)) {
			t.Errorf("the studio does not show %q", v)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v", err)
	}
	printed := out.String() + errOut.String()
	for _, fields := range demo.Private() {
		for _, v := range fields {
			if strings.Contains(printed, v) {
				t.Errorf("serve --demo printed %q", v)
			}
		}
	}
	if strings.Contains(printed, "+7 900 000-00") {
		t.Errorf("serve --demo printed a demo telephone number:\n%s", printed)
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
